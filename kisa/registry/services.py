"""Registry writes. Each runs in a transaction, validates with `full_clean()` and writes an audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kisa.core.audit import audit_record, snapshot
from kisa.core.models import AuditEntry
from kisa.core.services import audited_create, audited_update
from kisa.registry.models import (
    Assignment,
    District,
    Kita,
    MunicipalAssociation,
    Municipality,
    Provider,
    ResponsibilityArea,
    SocialArea,
    StaffMember,
    YouthOffice,
)

# --- Territory -----------------------------------------------------------------------------------------


def municipality_create(*, actor: Any, data: Mapping[str, Any]) -> Municipality:
    return audited_create(actor=actor, instance=Municipality(**data))


def municipality_update(*, actor: Any, municipality: Municipality, data: Mapping[str, Any]) -> Municipality:
    return audited_update(actor=actor, instance=municipality, data=data)


@transaction.atomic
def municipal_association_get_or_create(
    *, actor: Any, district: District, name: str
) -> tuple[MunicipalAssociation, bool]:
    """The district's Verbandsgemeinde of this name (case-insensitive), created (and audited) if missing."""
    existing = MunicipalAssociation.objects.filter(district=district, name__iexact=name).first()
    if existing is not None:
        return existing, False
    return audited_create(actor=actor, instance=MunicipalAssociation(district=district, name=name)), True


@transaction.atomic
def responsibility_area_add(
    *, actor: Any, youth_office: YouthOffice, municipality: Municipality, valid_from: dt.date
) -> ResponsibilityArea:
    """Put a municipality into the office's responsibility area from `valid_from` on.

    Refused while another office is responsible for it in that period: areas never overlap.
    """
    clash = ResponsibilityArea.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from), municipality=municipality
    )
    if clash.exists():
        raise ValidationError(
            {"municipality": _("%(name)s already belongs to a responsibility area.") % {"name": municipality}}
        )
    return audited_create(
        actor=actor,
        instance=ResponsibilityArea(
            youth_office=youth_office, municipality=municipality, valid_from=valid_from
        ),
    )


@transaction.atomic
def responsibility_area_end(
    *, actor: Any, period: ResponsibilityArea, valid_to: dt.date
) -> ResponsibilityArea:
    """Take a municipality out of the area after `valid_to` (e.g. a town takes over its own youth office).

    Refused while the office still runs active Kitas there: they would silently drop out of every figure.
    """
    if valid_to < period.valid_from:
        raise ValidationError({"valid_to": _("'Valid to' must not be before 'valid from'.")})
    if period.valid_to is not None and valid_to > period.valid_to:
        raise ValidationError({"valid_to": _("The period has already ended by then.")})
    if (
        Kita.objects.active()
        .filter(youth_office=period.youth_office, municipality=period.municipality)
        .exists()
    ):
        raise ValidationError(
            {
                "valid_to": _("Active Kitas lie in %(name)s: move or deactivate them first.")
                % {"name": period.municipality}
            }
        )
    return audited_update(actor=actor, instance=period, data={"valid_to": valid_to})


def _names(municipalities: Iterable[Municipality]) -> list[str]:
    return sorted(m.name for m in municipalities)


@transaction.atomic
def social_area_create(
    *,
    actor: Any,
    youth_office: YouthOffice,
    name: str,
    description: str = "",
    municipalities: Iterable[Municipality] = (),
) -> SocialArea:
    """Create a social area; its audit entry lists the municipalities by name, as a reader knows them."""
    area = SocialArea(youth_office=youth_office, name=name, description=description)
    area.full_clean()
    area.save()
    area.municipalities.set(municipalities)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=area,
        changes={**snapshot(area), "municipalities": _names(area.municipalities.all())},
    )
    return area


@transaction.atomic
def social_area_update(
    *,
    actor: Any,
    social_area: SocialArea,
    data: Mapping[str, Any],
    municipalities: Iterable[Municipality] | None = None,
) -> SocialArea:
    audited_update(actor=actor, instance=social_area, data=data)
    if municipalities is not None:
        municipalities = list(municipalities)
        new = _names(municipalities)
        old = _names(social_area.municipalities.all())
        if new != old:
            social_area.municipalities.set(municipalities)
            audit_record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                instance=social_area,
                changes={"municipalities": [old, new]},
            )
    return social_area


# --- Providers, Kitas -----------------------------------------------------------------------------------


def provider_create(*, actor: Any, youth_office: YouthOffice, data: Mapping[str, Any]) -> Provider:
    return audited_create(actor=actor, instance=Provider(youth_office=youth_office, **data))


def provider_update(*, actor: Any, provider: Provider, data: Mapping[str, Any]) -> Provider:
    return audited_update(actor=actor, instance=provider, data=data)


def _check_kita_territory(kita: Kita) -> None:
    if kita.municipality_id is None:
        return
    in_area = Municipality.objects.in_responsibility_area(kita.youth_office, timezone.localdate()).filter(
        pk=kita.municipality_id
    )
    if not in_area.exists():
        raise ValidationError(
            {"municipality": _("%(name)s is not in the responsibility area.") % {"name": kita.municipality}}
        )


def _check_kita_number_free(kita: Kita) -> None:
    """The official number identifies a Kita in the office (imports update by it): say so at the field."""
    taken = Kita.objects.filter(youth_office_id=kita.youth_office_id, number=kita.number).exclude(pk=kita.pk)
    if kita.number and taken.exists():
        raise ValidationError(
            {
                "number": _("Another Kita of this office already has number %(number)s.")
                % {"number": kita.number}
            }
        )


@transaction.atomic
def kita_create(*, actor: Any, youth_office: YouthOffice, data: Mapping[str, Any]) -> Kita:
    kita = Kita(youth_office=youth_office, **data)
    _check_kita_territory(kita)
    _check_kita_number_free(kita)
    return audited_create(actor=actor, instance=kita)


@transaction.atomic
def kita_update(*, actor: Any, kita: Kita, data: Mapping[str, Any]) -> Kita:
    if "municipality" in data and data["municipality"] != kita.municipality:
        _check_kita_territory(Kita(youth_office=kita.youth_office, municipality=data["municipality"]))
    if "number" in data:
        _check_kita_number_free(Kita(pk=kita.pk, youth_office=kita.youth_office, number=data["number"]))
    return audited_update(actor=actor, instance=kita, data=data)


# --- Staff and assignments ------------------------------------------------------------------------------


def staff_member_create(*, actor: Any, youth_office: YouthOffice, data: Mapping[str, Any]) -> StaffMember:
    return audited_create(actor=actor, instance=StaffMember(youth_office=youth_office, **data))


@transaction.atomic
def staff_member_update(*, actor: Any, staff_member: StaffMember, data: Mapping[str, Any]) -> StaffMember:
    if "weekly_hours" in data and Decimal(data["weekly_hours"]) < staff_member.weekly_hours:
        _check_weekly_hours(staff_member, Decimal(data["weekly_hours"]))
    return audited_update(actor=actor, instance=staff_member, data=data)


def _hours(value: Decimal) -> str:
    """Hours as the user reads them, one decimal in the active locale's format (e.g. 15,0)."""
    return number_format(Decimal(value), decimal_pos=1)


def _check_weekly_hours(staff_member: StaffMember, weekly_hours: Decimal) -> None:
    """Lowering a worker's hours below what their assignments need from today on is refused."""
    peak = _peak_assigned_hours(staff_member, timezone.localdate(), None)
    if peak > weekly_hours:
        raise ValidationError(
            {
                "weekly_hours": _("Current assignments need %(hours)s hours per week.")
                % {"hours": _hours(peak)}
            }
        )


def _peak_assigned_hours(
    staff_member: StaffMember, start: dt.date, end: dt.date | None, exclude_pk: int | None = None
) -> Decimal:
    """The most hours per week assigned at any one time between `start` and `end` (None: open-ended).

    Summing every overlapping period would count an assignment and its follow-up after a change twice.
    The load only rises where a period starts, so `start` and the later start days are the days to check.
    """
    overlapping = Assignment.objects.filter(staff_member=staff_member).overlapping(start, end)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    periods = list(overlapping.values_list("valid_from", "valid_to", "hours_per_week"))
    days = {start} | {begins for begins, _ends, _hours in periods if begins > start}
    return max(
        sum(
            (hours for begins, ends, hours in periods if begins <= day and (ends is None or ends >= day)),
            Decimal("0"),
        )
        for day in days
    )


def _check_assignment(assignment: Assignment) -> None:
    assignment.full_clean()
    worker, kita = assignment.staff_member, assignment.kita
    if worker.function != StaffMember.Function.SOCIAL_WORKER:
        raise ValidationError({"staff_member": _("Only Kita social workers are assigned to Kitas.")})
    if not worker.is_active:
        raise ValidationError({"staff_member": _("This staff member is inactive.")})
    if not kita.is_active:
        raise ValidationError({"kita": _("This Kita is inactive.")})
    same_kita = (
        Assignment.objects.filter(staff_member=worker, kita=kita)
        .overlapping(assignment.valid_from, assignment.valid_to)
        .exclude(pk=assignment.pk)
    )
    if same_kita.exists():
        raise ValidationError(
            {"valid_from": _("This worker already has an assignment to this Kita in that period.")}
        )
    other_hours = _peak_assigned_hours(
        worker, assignment.valid_from, assignment.valid_to, exclude_pk=assignment.pk
    )
    available = worker.weekly_hours - other_hours
    if Decimal(assignment.hours_per_week) > available:
        raise ValidationError(
            {
                "hours_per_week": _(
                    "Exceeds the worker's weekly hours: %(weekly)s contracted, %(used)s already assigned "
                    "in this period, %(available)s left."
                )
                % {
                    "weekly": _hours(worker.weekly_hours),
                    "used": _hours(other_hours),
                    "available": _hours(available),
                }
            }
        )


@transaction.atomic
def assignment_create(*, actor: Any, youth_office: YouthOffice, data: Mapping[str, Any]) -> Assignment:
    """Assign a worker to a Kita. Refused when it overlaps the same Kita or exceeds the worker's hours."""
    assignment = Assignment(youth_office=youth_office, **data)
    _check_assignment(assignment)
    return audited_create(actor=actor, instance=assignment)


@transaction.atomic
def assignment_end(*, actor: Any, assignment: Assignment, valid_to: dt.date) -> Assignment:
    if valid_to < assignment.valid_from:
        raise ValidationError({"valid_to": _("'Valid to' must not be before 'valid from'.")})
    if assignment.valid_to is not None and valid_to > assignment.valid_to:
        raise ValidationError({"valid_to": _("An ended assignment cannot be extended; create a new one.")})
    return audited_update(actor=actor, instance=assignment, data={"valid_to": valid_to})


@transaction.atomic
def assignment_change(
    *, actor: Any, assignment: Assignment, changes_from: dt.date, data: Mapping[str, Any]
) -> Assignment:
    """Change weekdays or hours from a date on: the old assignment ends the day before, a new one starts.

    This keeps the history: what was agreed until then stays visible as it was.
    """
    if changes_from <= assignment.valid_from:
        raise ValidationError({"valid_from": _("A change must start after the assignment began.")})
    if assignment.valid_to is not None and changes_from > assignment.valid_to:
        raise ValidationError({"valid_from": _("The assignment has already ended by then.")})
    old_end = assignment.valid_to
    assignment_end(actor=actor, assignment=assignment, valid_to=changes_from - dt.timedelta(days=1))
    fields = {
        "staff_member": assignment.staff_member,
        "kita": assignment.kita,
        "weekdays": assignment.weekdays,
        "hours_per_week": assignment.hours_per_week,
        "note": assignment.note,
        "valid_to": old_end,
        **data,
        "valid_from": changes_from,
    }
    return assignment_create(actor=actor, youth_office=assignment.youth_office, data=fields)
