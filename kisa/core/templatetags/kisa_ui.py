"""Template helpers for KiSA's page shell (navigation, messages) and the audit trail."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from kisa.core.models import AuditEntry
from kisa.core.selectors import AuditChange, audit_changes_of, record_type_name

register = template.Library()

# Django message levels → KERN alert/icon variants.
_ALERT_KINDS = {"error": "danger", "warning": "warning", "success": "success"}


@register.simple_tag(takes_context=True)
def nav_item(context: dict[str, Any], url_name: str, label: str, match: str = "") -> str:
    """A main-navigation entry, marked `aria-current="page"` on its own page.

    `match` widens "own page" to every view whose name starts with it, e.g. `match="registry:kita_"`
    keeps "Kitas" marked on a Kita's detail and edit pages::

        {% load kisa_ui %}{% nav_item "registry:kita_list" _("Kitas") match="registry:kita_" %}
    """
    resolver_match = getattr(context.get("request"), "resolver_match", None)
    current = resolver_match.view_name if resolver_match else ""
    is_current = current == url_name or bool(match and current.startswith(match))
    return format_html(
        '<li class="site-nav__item"><a class="site-nav__link" href="{}"{}>{}</a></li>',
        reverse(url_name),
        mark_safe(' aria-current="page"') if is_current else "",
        label,
    )


@register.filter
def alert_kind(level_tag: str) -> str:
    """KERN's variant for a Django message level: `kern-alert--{{ message.level_tag|alert_kind }}`."""
    return _ALERT_KINDS.get(level_tag, "info")


@register.filter
def record_type(model_label: str) -> str:
    return record_type_name(model_label)


@register.filter
def audit_changes(entry: AuditEntry) -> list[AuditChange]:
    return audit_changes_of(entry)
