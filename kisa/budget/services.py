"""Budget writes. Each runs in a transaction, validates with `full_clean()` and writes an audit entry.

Money is Decimal, rounded to cents only where an amount is stored; splits hand out the remaining cents
by largest remainder, so the parts always add up exactly to the whole.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kisa.budget.models import (
    CENT,
    Allocation,
    AllocationScheme,
    Booking,
    BudgetSettings,
    BudgetYear,
    KitaSocialIndex,
    MaterialCost,
    StaffPosition,
)
from kisa.core.audit import audit_record, snapshot
from kisa.core.models import AuditEntry
from kisa.core.services import audited_create, audited_update
from kisa.registry.models import Kita, StaffMember, YouthOffice

ZERO = Decimal("0")
ONE = Decimal("1")


def euro(amount: Decimal) -> str:
    """An amount as German readers expect it: 1.234,50 €."""
    return f"{number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)} €"


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def split_cents(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split `total` (in cents) by `weights`; parts add up to `total` exactly (largest remainder).

    All weights zero: equal parts. Ties go to the earlier position, so the split is deterministic.
    """
    if not weights:
        return []
    if not any(weights):
        weights = [ONE] * len(weights)
    weight_sum = sum(weights, ZERO)
    exact = [total * w / weight_sum for w in weights]
    parts = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    missing = int(((total - sum(parts, ZERO)) / CENT).to_integral_value())
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:missing]:
        parts[i] += CENT
    return parts


# --- Settings, schemes, social index --------------------------------------------------------------------


def hard_stop_for(youth_office: YouthOffice) -> bool:
    """Whether bookings beyond the budget are refused: the office's setting, else `KISA_BUDGET_HARD_STOP`."""
    row = BudgetSettings.objects.filter(youth_office=youth_office).first()
    return row.hard_stop if row else settings.KISA_BUDGET_HARD_STOP


@transaction.atomic
def budget_settings_update(*, actor: Any, youth_office: YouthOffice, hard_stop: bool) -> BudgetSettings:
    """Set how strictly the office guards its budget (creates the office's settings row on first use)."""
    row = BudgetSettings.objects.filter(youth_office=youth_office).first()
    if row is None:
        return audited_create(
            actor=actor, instance=BudgetSettings(youth_office=youth_office, hard_stop=hard_stop)
        )
    return audited_update(actor=actor, instance=row, data={"hard_stop": hard_stop})


def allocation_scheme_create(
    *, actor: Any, youth_office: YouthOffice, data: Mapping[str, Any]
) -> AllocationScheme:
    return audited_create(actor=actor, instance=AllocationScheme(youth_office=youth_office, **data))


def allocation_scheme_update(
    *, actor: Any, scheme: AllocationScheme, data: Mapping[str, Any]
) -> AllocationScheme:
    """Change the weights; allocations already computed keep their amounts until computed again."""
    return audited_update(actor=actor, instance=scheme, data=data)


@transaction.atomic
def kita_social_index_set(*, actor: Any, kita: Kita, factor: Decimal, note: str = "") -> KitaSocialIndex:
    """Set a Kita's social-index factor (1 = average), used by the next allocation."""
    row = KitaSocialIndex.objects.filter(kita=kita).first()
    if row is None:
        instance = KitaSocialIndex(youth_office_id=kita.youth_office_id, kita=kita, factor=factor, note=note)
        return audited_create(actor=actor, instance=instance)
    return audited_update(actor=actor, instance=row, data={"factor": factor, "note": note})


# --- Budget years ---------------------------------------------------------------------------------------


def budget_year_propose(*, youth_office: YouthOffice, year: int) -> dict[str, Any]:
    """Figures proposed for `year`: the previous year's shares raised by its planned rise, same reserve share
    and scheme. Empty when there is no previous year (nothing is written)."""
    previous = BudgetYear.objects.filter(youth_office=youth_office, year=year - 1).first()
    if previous is None:
        return {"year": year}
    factor = ONE + previous.planned_rise_percent / Decimal("100")
    return {
        "year": year,
        "land_share": cents(previous.land_share * factor),
        "office_share": cents(previous.office_share * factor),
        "planned_rise_percent": previous.planned_rise_percent,
        "central_reserve": cents(previous.central_reserve * factor),
        "scheme": previous.scheme,
    }


def budget_year_create(*, actor: Any, youth_office: YouthOffice, data: Mapping[str, Any]) -> BudgetYear:
    if BudgetYear.objects.filter(youth_office=youth_office, year=data.get("year") or 0).exists():
        raise ValidationError({"year": _("This year already has a budget.")})
    return audited_create(actor=actor, instance=BudgetYear(youth_office=youth_office, **data))


def budget_year_update(*, actor: Any, budget_year: BudgetYear, data: Mapping[str, Any]) -> BudgetYear:
    """Change a year's figures; the year itself stays (bookings are dated in it)."""
    data = {k: v for k, v in data.items() if k != "year"}
    return audited_update(actor=actor, instance=budget_year, data=data)


# --- Allocation -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicators:
    places: int
    children_under_7: Decimal
    social_index: Decimal


def kita_indicators(kitas: Sequence[Kita]) -> dict[int, Indicators]:
    """Each Kita's indicator values. A municipality's children under 7 are split among its Kitas (of
    `kitas`) by places, so a town with three Kitas is not counted three times."""
    indices = dict(
        KitaSocialIndex.objects.filter(kita__in=[k.pk for k in kitas]).values_list("kita_id", "factor")
    )
    places_in_municipality: dict[int, int] = defaultdict(int)
    kitas_in_municipality: dict[int, int] = defaultdict(int)
    for kita in kitas:
        places_in_municipality[kita.municipality_id] += kita.approved_places
        kitas_in_municipality[kita.municipality_id] += 1
    result = {}
    for kita in kitas:
        children = Decimal(kita.municipality.children_under_7 or 0)
        places_here = places_in_municipality[kita.municipality_id]
        if places_here:
            share = children * kita.approved_places / places_here
        else:
            share = children / kitas_in_municipality[kita.municipality_id]
        result[kita.pk] = Indicators(
            places=kita.approved_places,
            children_under_7=cents(share),
            social_index=indices.get(kita.pk, ONE).quantize(CENT),
        )
    return result


def social_scores(scheme: AllocationScheme, indicators: Sequence[Indicators]) -> list[Decimal]:
    """Each Kita's part of the social-space share: Σ weight × value / (sum of the values over all Kitas).

    An indicator whose values are all zero (e.g. no children figures yet) drops out; its weight is not
    handed to the others, the scores are relative anyway.
    """
    columns = [
        (scheme.weight_places, [Decimal(i.places) for i in indicators]),
        (scheme.weight_children_under_7, [i.children_under_7 for i in indicators]),
        (scheme.weight_social_index, [i.social_index for i in indicators]),
    ]
    scores = [ZERO] * len(indicators)
    for weight, values in columns:
        column_sum = sum(values, ZERO)
        if not weight or not column_sum:
            continue
        for n, value in enumerate(values):
            scores[n] += weight * value / column_sum
    return scores


@transaction.atomic
def allocation_compute(*, actor: Any, budget_year: BudgetYear) -> list[Allocation]:
    """(Re)compute every active Kita's allocation by the year's scheme; manual adjustments stay.

    Kitas no longer active keep their row with the computed part set to zero (bookings may point at it).
    Each created or changed allocation is audited.
    """
    scheme = budget_year.scheme
    if scheme is None:
        raise ValidationError({"scheme": _("Choose an allocation scheme for the year first.")})
    kitas = list(
        Kita.objects.active()
        .filter(youth_office_id=budget_year.youth_office_id)
        .select_related("municipality")
        .order_by("number", "pk")
    )
    if not kitas:
        raise ValidationError({"scheme": _("The office has no active Kita to allocate to.")})
    indicators = kita_indicators(kitas)
    pool = budget_year.allocatable
    base_pool = cents(pool * scheme.base_share_percent / Decimal("100"))
    base_parts = split_cents(base_pool, [ONE] * len(kitas))
    social_parts = split_cents(pool - base_pool, social_scores(scheme, [indicators[k.pk] for k in kitas]))
    existing = {
        a.kita_id: a for a in Allocation.objects.filter(budget_year=budget_year).select_related("kita")
    }
    result = []
    for kita, base, social in zip(kitas, base_parts, social_parts, strict=True):
        values = indicators[kita.pk]
        data = {
            "places": values.places,
            "children_under_7": values.children_under_7,
            "social_index": values.social_index,
            "base_amount": base,
            "social_amount": social,
        }
        allocation = existing.pop(kita.pk, None)
        if allocation is None:
            allocation = Allocation(
                youth_office_id=budget_year.youth_office_id, budget_year=budget_year, kita=kita
            )
            for name, value in data.items():
                setattr(allocation, name, value)
            result.append(audited_create(actor=actor, instance=allocation))
        else:
            result.append(audited_update(actor=actor, instance=allocation, data=data))
    for allocation in existing.values():
        audited_update(actor=actor, instance=allocation, data={"base_amount": ZERO, "social_amount": ZERO})
    return result


def allocation_adjust(*, actor: Any, allocation: Allocation, adjustment: Decimal, reason: str) -> Allocation:
    """Adjust a computed allocation by hand (plus or minus); a reason is required unless the adjustment is 0."""
    return audited_update(
        actor=actor, instance=allocation, data={"adjustment": adjustment, "adjustment_reason": reason.strip()}
    )


# --- Staff positions and material costs ----------------------------------------------------------------


def staff_position_create(*, actor: Any, budget_year: BudgetYear, data: Mapping[str, Any]) -> StaffPosition:
    """Finance a worker's position in the year. The employer defaults to the worker's employer in the
    registry; the hours default to the worker's contracted weekly hours."""
    data = dict(data)
    staff_member: StaffMember | None = data.get("staff_member")
    if staff_member is not None:
        data.setdefault("employer", staff_member.employer)
        if data.get("weekly_hours") is None:
            data["weekly_hours"] = staff_member.weekly_hours
    if StaffPosition.objects.filter(budget_year=budget_year, staff_member=staff_member).exists():
        raise ValidationError({"staff_member": _("This staff member already has a position in the year.")})
    instance = StaffPosition(youth_office_id=budget_year.youth_office_id, budget_year=budget_year, **data)
    return audited_create(actor=actor, instance=instance)


def staff_position_update(*, actor: Any, position: StaffPosition, data: Mapping[str, Any]) -> StaffPosition:
    data = {k: v for k, v in data.items() if k not in {"staff_member", "budget_year"}}
    return audited_update(actor=actor, instance=position, data=data)


@transaction.atomic
def staff_position_delete(*, actor: Any, position: StaffPosition) -> None:
    """Remove a planned position (e.g. entered twice or not financed after all). Bookings are not touched:
    they record what was paid and are corrected only by reversal."""
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, instance=position, changes=snapshot(position))
    position.delete()


def material_cost_create(*, actor: Any, budget_year: BudgetYear, data: Mapping[str, Any]) -> MaterialCost:
    instance = MaterialCost(youth_office_id=budget_year.youth_office_id, budget_year=budget_year, **data)
    return audited_create(actor=actor, instance=instance)


def material_cost_update(*, actor: Any, material_cost: MaterialCost, data: Mapping[str, Any]) -> MaterialCost:
    return audited_update(actor=actor, instance=material_cost, data=data)


@transaction.atomic
def material_cost_delete(*, actor: Any, material_cost: MaterialCost) -> None:
    """Remove a planned material cost; bookings already made stay (a plan is not an expenditure)."""
    audit_record(
        actor=actor, action=AuditEntry.Action.DELETE, instance=material_cost, changes=snapshot(material_cost)
    )
    material_cost.delete()


# --- Bookings -------------------------------------------------------------------------------------------


@dataclass
class BookingOutcome:
    """A saved booking and what the user should know about it (budget exceeded)."""

    booking: Booking
    warnings: list[str] = field(default_factory=list)


def _spent(budget_year: BudgetYear, **filters: Any) -> Decimal:
    bookings = Booking.objects.filter(budget_year=budget_year, **filters)
    return cents(bookings.aggregate(total=Booking.objects.signed_sum_expression())["total"] or ZERO)


def booking_headroom(*, budget_year: BudgetYear, kita_id: int | None) -> Decimal:
    """How much can still be booked on the Kita `kita_id` (None: the central reserve) without exceeding anything: the
    smaller of what is left of the year and of the Kita's allocation (or the reserve); never negative."""
    year_left = budget_year.total - _spent(budget_year)
    if kita_id is None:
        left = budget_year.central_reserve - _spent(budget_year, kita__isnull=True)
    else:
        allocation = Allocation.objects.filter(budget_year=budget_year, kita_id=kita_id).first()
        left = (allocation.amount if allocation else ZERO) - _spent(budget_year, kita_id=kita_id)
    return max(ZERO, min(year_left, left))


def overspend_warnings(booking: Booking) -> list[str]:
    """What `booking` would overdraw: the year's budget, and the Kita's allocation (or, for a booking
    without Kita, the central reserve)."""
    year = booking.budget_year
    warnings = []
    year_left = year.total - _spent(year)
    if booking.amount > year_left:
        warnings.append(
            _("This booking exceeds the budget of %(year)s by %(amount)s.")
            % {"year": year.year, "amount": euro(booking.amount - year_left)}
        )
    if booking.kita_id:
        allocation = Allocation.objects.filter(budget_year=year, kita_id=booking.kita_id).first()
        allocated = allocation.amount if allocation else ZERO
        kita_left = allocated - _spent(year, kita_id=booking.kita_id)
        if booking.amount > kita_left:
            warnings.append(
                _("This booking exceeds the allocation of %(kita)s by %(amount)s.")
                % {"kita": booking.kita, "amount": euro(booking.amount - kita_left)}
            )
    else:
        reserve_left = year.central_reserve - _spent(year, kita__isnull=True)
        if booking.amount > reserve_left:
            warnings.append(
                _("This booking exceeds the central reserve by %(amount)s.")
                % {"amount": euro(booking.amount - reserve_left)}
            )
    return warnings


@transaction.atomic
def booking_create(*, actor: Any, budget_year: BudgetYear, data: Mapping[str, Any]) -> BookingOutcome:
    """Book an expenditure. Beyond the budget it is saved with warnings, or refused (naming `amount`) when
    the office has set the hard stop. Negative amounts are refused: corrections are reversals
    (`booking_reverse`). The year's row is locked, so two bookings cannot both pass the check."""
    data = {k: v for k, v in data.items() if k != "reverses"}
    BudgetYear.objects.select_for_update().filter(pk=budget_year.pk).first()
    booking = Booking(youth_office_id=budget_year.youth_office_id, budget_year=budget_year, **data)
    booking.full_clean()
    warnings = overspend_warnings(booking)
    if warnings and hard_stop_for(budget_year.youth_office):
        raise ValidationError({"amount": [*warnings, _("The office refuses bookings beyond the budget.")]})
    booking.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=booking, changes=snapshot(booking))
    return BookingOutcome(booking=booking, warnings=warnings)


@transaction.atomic
def booking_reverse(
    *,
    actor: Any,
    booking: Booking,
    date: dt.date,
    receipt_number: str,
    description: str,
    amount: Decimal | None = None,
) -> Booking:
    """Take back (part of) a booking with a reversal booking that names it; the original stays unchanged.

    Refused for a reversal itself and beyond what is not yet reversed.
    """
    Booking.objects.select_for_update().filter(pk=booking.pk).first()
    if booking.is_reversal:
        raise ValidationError({"reverses": _("A reversal cannot itself be reversed; book anew instead.")})
    reversed_so_far = sum((r.amount for r in booking.reversals.all()), ZERO)
    open_amount = booking.amount - reversed_so_far
    amount = booking.amount if amount is None else amount
    if amount > open_amount:
        raise ValidationError(
            {
                "amount": _("At most %(amount)s of this booking is left to reverse.")
                % {"amount": euro(open_amount)}
            }
        )
    reversal = Booking(
        youth_office_id=booking.youth_office_id,
        budget_year=booking.budget_year,
        date=date,
        amount=amount,
        category=booking.category,
        kita=booking.kita,
        project_reference=booking.project_reference,
        project=booking.project,
        description=description,
        receipt_number=receipt_number,
        reverses=booking,
    )
    return audited_create(actor=actor, instance=reversal)
