"""Every view declares what it requires (STYLE.md, "Permissions and tenancy").

Walks the whole URLconf; a view must be marked public (`kisa.core.permissions.public`) or require a
permission (`requires(...)` on function views, `PermissionMixin` with `permission_required` on class
views). The Django admin has its own staff check and the ninja API is checked by the API tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from kisa.core.permissions import PermissionMixin, public, requires

SKIPPED_NAMESPACES = {"admin", "api-v1"}
MINIMUM_VIEWS = 10  # core 3 + accounts 4 + the registry pages: fewer means the walk went wrong


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, Callable[..., Any]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or pattern.pattern}", pattern.callback


def declares_access(view: Callable[..., Any]) -> bool:
    """True when `view` is marked public or requires a permission."""
    view_class = getattr(view, "view_class", None)
    if getattr(view, "kisa_public", False) or getattr(view, "kisa_permission", None):
        return True
    if view_class is None:
        return False
    if getattr(view_class.dispatch, "kisa_public", False):
        return True
    return issubclass(view_class, PermissionMixin) and bool(getattr(view_class, "permission_required", None))


def test_every_view_is_public_or_requires_a_permission() -> None:
    views = dict(_walk(get_resolver().url_patterns))

    undeclared = sorted(name for name, view in views.items() if not declares_access(view))

    assert len(views) >= MINIMUM_VIEWS, sorted(views)
    assert {"core:home", "core:audit", "core:health", "accounts:login", "accounts:tokens"} <= set(views)
    assert undeclared == []


def test_walk_skips_only_admin_and_api() -> None:
    names = {name for name, _view in _walk(get_resolver().url_patterns)}

    assert not any(name.startswith(("admin:", "api-v1:")) for name in names)


def test_declares_access_rejects_unmarked_views() -> None:
    from django.views.generic import TemplateView

    def bare(request: Any) -> None:
        return None

    class NoPermission(PermissionMixin, TemplateView):
        permission_required = ""

    assert not declares_access(bare)
    assert not declares_access(TemplateView.as_view())
    assert not declares_access(NoPermission.as_view())
    assert declares_access(public(lambda request: None))
    assert declares_access(requires("core.view_home")(lambda request: None))
