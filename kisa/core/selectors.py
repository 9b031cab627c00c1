"""Reads for the start page and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kisa.accounts.models import Membership, Role
from kisa.accounts.selectors import membership_of
from kisa.core.models import AuditEntry
from kisa.registry.models import Assignment, Weekday
from kisa.registry.selectors import (
    assignment_list_visible_to,
    kita_list_visible_to,
    overview_for,
    provider_list_visible_to,
    staff_list_visible_to,
)

LATEST_AUDIT_ENTRIES = 10
# Official territory shared by all offices: its changes concern every office. Any other entry without an
# office (e.g. a user not yet given a role) stays with the system administration in the Django admin.
SHARED_REFERENCE_DATA = ("registry.District", "registry.MunicipalAssociation", "registry.Municipality")
AUDIT_TEXT_FILTERS = {"user": 150, "q": 200}  # parameter: longest meaningful value

# --- Audit trail -------------------------------------------------------------------------------------------


def audit_filters_from(raw: Mapping[str, Any]) -> dict[str, str]:
    """The valid audit-log filters in `raw` (e.g. `request.GET`).

    Unknown parameters and values (a record type or action that does not exist) are dropped, so a
    hand-edited or stale link shows an unfiltered list instead of an error.
    """
    filters: dict[str, str] = {}
    model = raw.get("model") or ""
    if model in {m._meta.label for m in apps.get_models()}:
        filters["model"] = model
    action = raw.get("action") or ""
    if action in AuditEntry.Action.values:
        filters["action"] = action
    for key, max_length in AUDIT_TEXT_FILTERS.items():
        value = str(raw.get(key) or "").replace("\x00", "").strip()[:max_length]
        if value:
            filters[key] = value
    return filters


def audit_entry_list_visible_to(
    *, user: Any, filters: Mapping[str, Any] | None = None
) -> QuerySet[AuditEntry]:
    """Audit entries of the user's office plus changes to shared reference data (no office), newest first.

    Empty for users who may not read the audit trail, so no caller can leak it by forgetting a check.
    """
    membership = membership_of(user)
    if membership is None or not user.has_perm("core.view_auditentry"):
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.filter(
        Q(youth_office_id=membership.youth_office_id)
        | Q(youth_office__isnull=True, model_label__in=SHARED_REFERENCE_DATA)
    )
    clean = audit_filters_from(filters or {})
    if "model" in clean:
        qs = qs.filter(model_label=clean["model"])
    if "action" in clean:
        qs = qs.filter(action=clean["action"])
    if "user" in clean:
        qs = qs.filter(actor_name__icontains=clean["user"])
    if "q" in clean:
        qs = qs.filter(object_repr__icontains=clean["q"])
    return qs


def record_type_name(model_label: str) -> str:
    """`registry.Kita` → "Kita": the model's verbose name, or the label of a model that no longer exists."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return model_label
    return str(capfirst(model._meta.verbose_name))


def audit_record_types_visible_to(*, user: Any) -> list[tuple[str, str]]:
    """`(model label, name)` of the record types that occur in the user's audit trail, by name."""
    labels = (
        audit_entry_list_visible_to(user=user).order_by().values_list("model_label", flat=True).distinct()
    )
    return sorted(((label, record_type_name(label)) for label in labels), key=lambda choice: choice[1])


@dataclass(frozen=True)
class AuditChange:
    """One field of an audit entry, ready to show: its label and the value before (updates) and after."""

    field: str
    old: str | None
    new: str


def _display_value(field: Any, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_display_value(field, item) for item in value) or "–"
    choices = dict(getattr(field, "flatchoices", None) or [])
    return str(choices.get(value, value))


def audit_changes_of(entry: AuditEntry) -> list[AuditChange]:
    """The entry's field values with human names; updates as old → new, other actions as values."""
    try:
        model = apps.get_model(entry.model_label)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, value in entry.changes.items():
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = str(capfirst(field.verbose_name)) if field is not None else name
        if entry.action == AuditEntry.Action.UPDATE and isinstance(value, list) and len(value) == 2:
            rows.append(AuditChange(label, _display_value(field, value[0]), _display_value(field, value[1])))
        else:
            rows.append(AuditChange(label, None, _display_value(field, value)))
    return rows


# --- Start page ---------------------------------------------------------------------------------------------


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


def _latest_audit_entries(user: Any) -> list[AuditEntry]:
    return list(audit_entry_list_visible_to(user=user)[:LATEST_AUDIT_ENTRIES])


def _coordinator_home(user: Any, membership: Membership, today: dt.date) -> dict[str, Any]:
    kitas = kita_list_visible_to(user=user).active()
    assignments = assignment_list_visible_to(user=user).current(today)
    return {
        "figures": overview_for(youth_office=membership.youth_office, on=today).responsibility_area,
        "kita_count": kitas.count(),
        "provider_count": provider_list_visible_to(user=user).count(),
        "staff_count": staff_list_visible_to(user=user).active().count(),
        "assignment_count": assignments.count(),
        "unassigned_kitas": list(kitas.exclude(pk__in=assignments.values("kita_id"))),
        "audit_entries": _latest_audit_entries(user),
    }


def _social_worker_home(user: Any, membership: Membership, today: dt.date) -> dict[str, Any]:
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


def _kita_lead_home(user: Any, membership: Membership, today: dt.date) -> dict[str, Any]:
    return {"kitas": list(_kitas_with_current_assignments(user, today))}


def _provider_home(user: Any, membership: Membership, today: dt.date) -> dict[str, Any]:
    kitas = list(_kitas_with_current_assignments(user, today))
    employees = staff_list_visible_to(user=user).active().filter(employer_id=membership.provider_id)
    return {
        "provider": membership.provider,
        "kitas": kitas,
        "total_places": sum(kita.approved_places for kita in kitas),
        "employees": list(employees),
    }


def _read_only_home(user: Any, membership: Membership, today: dt.date) -> dict[str, Any]:
    overview = overview_for(youth_office=membership.youth_office, on=today)
    return {"overview": overview, "territories": [overview.district, overview.responsibility_area]}


def _admin_home(user: Any, membership: Membership, today: dt.date) -> dict[str, Any]:
    return {"audit_entries": _latest_audit_entries(user)}


_HOME_BUILDERS: dict[str, Callable[[Any, Membership, dt.date], dict[str, Any]]] = {
    Role.COORDINATOR: _coordinator_home,
    Role.SOCIAL_WORKER: _social_worker_home,
    Role.KITA_LEAD: _kita_lead_home,
    Role.PROVIDER: _provider_home,
    Role.READ_ONLY: _read_only_home,
    Role.ADMIN: _admin_home,
}


def home_context_for(*, user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """What the user's role needs first on the start page; every part comes from the visibility selectors.

    Returns `membership`, `role`, `today` and the role's own keys (see the `_<role>_home` builders).
    """
    membership = membership_of(user)
    if membership is None:
        return {"membership": None, "role": None}
    today = today or timezone.localdate()
    context = _HOME_BUILDERS[membership.role](user, membership, today)
    return {"membership": membership, "role": membership.role, "today": today, **context}
