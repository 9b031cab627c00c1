"""The participation block of the start page: open and overdue feedback for handlers, escalated items for
providers, the link to the figures for aggregate roles."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.core.selectors import HomeSection
from kisa.participation.selectors import HANDLER_ROLES, feedback_list_visible_to


def home_section(*, user: Any) -> HomeSection | None:
    membership = membership_of(user)
    if membership is None or membership.role == Role.ADMIN:
        return None
    context: dict[str, Any] = {"role": membership.role}
    if membership.role in HANDLER_ROLES or membership.role == Role.PROVIDER:
        items = feedback_list_visible_to(user=user)
        context["open_count"] = items.open().count()
        context["overdue_count"] = items.overdue(timezone.localdate()).count()
        context["child_protection_count"] = items.open().filter(child_protection=True).count()
    return HomeSection(template_name="participation/home/_section.html", context=context)
