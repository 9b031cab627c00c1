"""Template helpers of the page shell."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import resolve

from kisa.core.templatetags.kisa_ui import alert_kind


def _render_nav(path: str, tag: str, **context: str) -> str:
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return Template("{% load kisa_ui %}" + tag).render(Context({"request": request, **context}))


def test_nav_item_marks_its_own_page() -> None:
    assert _render_nav("/protokoll/", '{% nav_item "core:audit" "Log" %}') == (
        '<li class="site-nav__item"><a class="site-nav__link" href="/protokoll/" aria-current="page">Log</a></li>'
    )


def test_nav_item_marks_pages_matching_its_prefix() -> None:
    html = _render_nav("/konto/tokens/", '{% nav_item "core:home" "Konto" match="accounts:" %}')

    assert 'href="/" aria-current="page"' in html


def test_nav_item_leaves_other_pages_unmarked_and_escapes_label() -> None:
    html = _render_nav("/", '{% nav_item "core:audit" label %}', label="<b>Log</b>")

    assert "aria-current" not in html
    assert "&lt;b&gt;Log&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("level_tag", "kind"),
    [
        ("error", "danger"),
        ("warning", "warning"),
        ("success", "success"),
        ("info", "info"),
        ("debug", "info"),
    ],
)
def test_alert_kind_maps_message_levels_to_kern_variants(level_tag: str, kind: str) -> None:
    assert alert_kind(level_tag) == kind
