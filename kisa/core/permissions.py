"""How views declare what they require.

Every view is either marked public or requires a django-rules permission. A test walks the URLconf and
fails on any view that declares neither, so a forgotten check cannot ship.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rules.contrib.views import PermissionRequiredMixin


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as reachable without login (login page, health check)."""
    view.kisa_public = True  # type: ignore[attr-defined]
    return view


def requires(permission: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Function-view decorator: login required, then a global (not object) permission."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.kisa_permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorator


class PermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Class-based views: login first (redirect), then the rules permission (403).

    Set `permission_required`; for object views rules checks it against `get_object()`, whose queryset
    is already scoped to what the user may see (so another office's objects answer 404).
    """

    raise_exception = True

    def handle_no_permission(self) -> HttpResponse:
        if not self.request.user.is_authenticated:
            return redirect_to_login(self.request.get_full_path())
        raise PermissionDenied
