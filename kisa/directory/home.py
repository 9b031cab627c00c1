"""The directory's section of the start page: the coordinator's verification reminder."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.core.selectors import HomeSection
from kisa.directory.selectors import service_list_visible_to

REMINDER_LENGTH = 10


def home_section(*, user: Any) -> HomeSection | None:
    """Offers not verified for 12 months (the coordinator keeps the directory current); None for others."""
    membership = membership_of(user)
    if membership is None or membership.role != Role.COORDINATOR:
        return None
    due = service_list_visible_to(user=user).active().due_for_verification(timezone.localdate())
    return HomeSection(
        template_name="directory/home/_coordinator.html",
        context={"due_count": due.count(), "due": list(due.select_related("organization")[:REMINDER_LENGTH])},
    )
