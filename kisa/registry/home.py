"""The registry's section of the start page: what each role needs first from the registry.

Registered in `settings.KISA_HOME_SECTIONS`; core renders it below the greeting. Every figure and list
comes from the `*_visible_to` selectors, so the start page never shows more than the registry pages do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from kisa.accounts.models import Membership, Role
from kisa.accounts.selectors import membership_of
from kisa.core.selectors import HomeSection
from kisa.registry.models import Assignment, Weekday
from kisa.registry.selectors import (
    assignment_list_visible_to,
    kita_list_visible_to,
    overview_for,
    provider_list_visible_to,
    staff_list_visible_to,
)


@dataclass(frozen=True)
class WeekdayPlan:
    """One weekday of a social worker's week: where they are expected."""

    weekday: int
    label: str
    is_today: bool
    assignments: list[Assignment]


def _kitas_with_current_assignments(user: Any, today: dt.date) -> Any:
    """The user's Kitas, each with `current_assignments` (who works there on which days), in 2 queries."""
    current = assignment_list_visible_to(user=user).current(today).order_by("staff_member__last_name")
    return kita_list_visible_to(user=user).prefetch_related(
        Prefetch("assignments", queryset=current, to_attr="current_assignments")
    )


def _coordinator(user: Any, membership: Membership, today: dt.date) -> dict[str, Any]:
    kitas = kita_list_visible_to(user=user).active()
    assignments = assignment_list_visible_to(user=user).current(today)
    return {
        "figures": overview_for(youth_office=membership.youth_office, on=today).responsibility_area,
        "kita_count": kitas.count(),
        "provider_count": provider_list_visible_to(user=user).count(),
        "staff_count": staff_list_visible_to(user=user).active().count(),
        "assignment_count": assignments.count(),
        "unassigned_kitas": list(kitas.exclude(pk__in=assignments.values("kita_id"))),
    }


def _social_worker(user: Any, membership: Membership, today: dt.date) -> dict[str, Any]:
    assignments = list(assignment_list_visible_to(user=user).current(today).order_by("kita__name"))
    used_days = {day for assignment in assignments for day in assignment.weekdays}
    # Saturday only when somebody works then; Monday to Friday always, so the week reads as a week.
    days = [day for day in Weekday.values if day <= Weekday.FRIDAY or day in used_days]
    week = [
        WeekdayPlan(
            weekday=day,
            label=str(Weekday(day).label),
            is_today=day == today.isoweekday(),
            assignments=[a for a in assignments if day in a.weekdays],
        )
        for day in days
    ]
    today_assignments = [a for a in assignments if today.isoweekday() in a.weekdays]
    return {"assignments": assignments, "week": week, "today_assignments": today_assignments}


def _kita_lead(user: Any, membership: Membership, today: dt.date) -> dict[str, Any]:
    return {"kitas": list(_kitas_with_current_assignments(user, today))}


def _provider(user: Any, membership: Membership, today: dt.date) -> dict[str, Any]:
    # Only the provider's own Kitas: the heading says "Kitas of <provider>", even where a provider may see
    # further Kitas (those where its employees work).
    kitas = list(_kitas_with_current_assignments(user, today).filter(provider_id=membership.provider_id))
    employees = staff_list_visible_to(user=user).active().filter(employer_id=membership.provider_id)
    return {
        "provider": membership.provider,
        "kitas": kitas,
        "total_places": sum(kita.approved_places for kita in kitas),
        "employees": list(employees),
    }


def _read_only(user: Any, membership: Membership, today: dt.date) -> dict[str, Any]:
    overview = overview_for(youth_office=membership.youth_office, on=today)
    return {"overview": overview, "territories": [overview.district, overview.responsibility_area]}


def _admin(user: Any, membership: Membership, today: dt.date) -> dict[str, Any]:
    return {}


_CONTEXT_BUILDERS: dict[str, Callable[[Any, Membership, dt.date], dict[str, Any]]] = {
    Role.COORDINATOR: _coordinator,
    Role.SOCIAL_WORKER: _social_worker,
    Role.KITA_LEAD: _kita_lead,
    Role.PROVIDER: _provider,
    Role.READ_ONLY: _read_only,
    Role.ADMIN: _admin,
}


def home_section(*, user: Any, today: dt.date | None = None) -> HomeSection | None:
    """The registry block of the user's start page, one template per role; None without a role.

    Template `registry/home/_<role>.html`; its context is what the role's builder above returns.
    """
    membership = membership_of(user)
    if membership is None:
        return None
    today = today or timezone.localdate()
    return HomeSection(
        template_name=f"registry/home/_{membership.role}.html",
        context=_CONTEXT_BUILDERS[membership.role](user, membership, today),
    )
