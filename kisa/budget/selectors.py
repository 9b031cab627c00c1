"""Budget reads: who sees which budget data, and the figures of a year (allocated, planned, spent, left).

The one place that decides visibility:

| role              | budget years | office totals | Kita rows, bookings           | allocation, staff, report |
|-------------------|--------------|---------------|-------------------------------|---------------------------|
| coordinator       | yes          | yes           | every Kita of the office      | yes (and manages)         |
| read-only (JHA)   | yes          | yes           | none (aggregates only)        | no                        |
| social worker     | yes          | no            | Kitas with a current assignment | no                      |
| Kita leadership   | yes          | no            | the Kitas they lead           | no                        |
| provider          | yes          | no            | the Kitas it runs             | no                        |
| admin             | no           | no            | none                          | no                        |

Personnel costs of one position are personal data (a salary): only the coordinator sees them by name.
Kita roles see a Kita's personnel costs as a sum only where at least `MIN_POSITIONS_FOR_PERSONNEL_SUM`
positions contribute (a social worker's own position not counted): for a single worker the sum would be
that person's salary share. Otherwise the row says "personnel costs" without an amount, and so do the
personnel bookings and the amount left (which would give the sum away).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Case, Q, QuerySet, Sum, Value, When

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.budget.models import Allocation, Booking, BudgetYear, MaterialCost, StaffPosition
from kisa.budget.services import cents, split_cents
from kisa.registry.models import Assignment, Kita, KitaQuerySet
from kisa.registry.selectors import kita_list_visible_to

ZERO = Decimal("0.00")
MIN_POSITIONS_FOR_PERSONNEL_SUM = 2
BUDGET_ROLES = {Role.COORDINATOR, Role.READ_ONLY, Role.SOCIAL_WORKER, Role.KITA_LEAD, Role.PROVIDER}


def budget_kitas_visible_to(*, user: Any) -> KitaQuerySet:
    """Kitas whose budget the user may see (module table); a provider sees the Kitas it runs."""
    membership = membership_of(user)
    if membership is None or membership.role in {Role.ADMIN, Role.READ_ONLY}:
        return Kita.objects.none()
    if membership.role == Role.PROVIDER:
        return Kita.objects.filter(
            youth_office_id=membership.youth_office_id, provider_id=membership.provider_id or 0
        ).select_related("municipality", "provider")
    return kita_list_visible_to(user=user)


def budget_year_list_visible_to(*, user: Any) -> QuerySet[BudgetYear]:
    membership = membership_of(user)
    if membership is None or membership.role not in BUDGET_ROLES:
        return BudgetYear.objects.none()
    return BudgetYear.objects.filter(youth_office_id=membership.youth_office_id).select_related("scheme")


def budget_year_for(*, user: Any, year: int) -> BudgetYear | None:
    return budget_year_list_visible_to(user=user).filter(year=year).first()


def sees_office_totals(user: Any) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.role in {Role.COORDINATOR, Role.READ_ONLY}


# --- Personnel costs per Kita -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PositionShare:
    """How one position's costs fall on Kitas (by assigned hours × days in the year)."""

    position: StaffPosition
    kita_shares: dict[int, Decimal]

    @property
    def unassigned(self) -> bool:
        return not self.kita_shares


def position_shares(
    budget_year: BudgetYear, positions: Iterable[StaffPosition] | None = None
) -> list[PositionShare]:
    """Each position's costs split over the Kitas its worker is assigned to in the year, in proportion to
    hours per week × days of the assignment within the year (two queries)."""
    if positions is None:
        positions = budget_year.staff_positions.select_related("staff_member", "employer")
    positions = list(positions)
    start, end = dt.date(budget_year.year, 1, 1), dt.date(budget_year.year, 12, 31)
    weights: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    assignments = Assignment.objects.filter(
        staff_member_id__in=[p.staff_member_id for p in positions]
    ).overlapping(start, end)
    for assignment in assignments:
        first = max(start, assignment.valid_from)
        last = min(end, assignment.valid_to or end)
        days = (last - first).days + 1
        weights[assignment.staff_member_id][assignment.kita_id] += assignment.hours_per_week * days
    shares = []
    for position in positions:
        kita_weights = weights.get(position.staff_member_id, {})
        kita_ids = sorted(kita_weights)
        parts = split_cents(position.annual_costs, [kita_weights[k] for k in kita_ids])
        shares.append(PositionShare(position=position, kita_shares=dict(zip(kita_ids, parts, strict=True))))
    return shares


# --- The year's figures -----------------------------------------------------------------------------------


@dataclass
class KitaRow:
    kita: Kita
    allocation: Allocation | None
    planned_personnel: Decimal = ZERO
    planned_material: Decimal = ZERO
    spent_personnel: Decimal = ZERO
    spent_material: Decimal = ZERO
    # Positions whose costs fall (partly) on the Kita, and their staff members.
    position_staff_ids: set[int] = field(default_factory=set)
    # True where the viewer may not see personnel costs (one position would give a salary away).
    personnel_hidden: bool = False

    @property
    def allocated(self) -> Decimal:
        return self.allocation.amount if self.allocation else ZERO

    @property
    def planned(self) -> Decimal:
        return self.planned_personnel + self.planned_material

    @property
    def spent(self) -> Decimal:
        return self.spent_personnel + self.spent_material

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.spent

    @property
    def overspent(self) -> bool:
        return self.remaining < 0


@dataclass
class YearSummary:
    """What a budget year holds and where it stands. `rows` only for the Kitas asked for."""

    budget_year: BudgetYear
    allocated: Decimal
    planned_personnel: Decimal
    planned_material: Decimal
    spent_by_category: dict[str, Decimal]
    spent_without_kita: Decimal
    rows: list[KitaRow] = field(default_factory=list)
    unassigned_positions: list[StaffPosition] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return self.budget_year.total

    @property
    def spent(self) -> Decimal:
        return sum(self.spent_by_category.values(), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.total - self.spent

    @property
    def unallocated(self) -> Decimal:
        return self.budget_year.allocatable - self.allocated

    @property
    def reserve_remaining(self) -> Decimal:
        return self.budget_year.central_reserve - self.spent_without_kita

    @property
    def spent_percent(self) -> Decimal:
        return (self.spent / self.total * 100).quantize(Decimal("0.1")) if self.total else ZERO


def year_summary(
    *, budget_year: BudgetYear, kitas: Iterable[Kita] | None = None, viewer: Any = None
) -> YearSummary:
    """Office totals of the year and, for `kitas`, one row each (a fixed number of queries). With `viewer`,
    rows whose personnel costs that user may not see are marked `personnel_hidden`."""
    signed = Booking.objects.signed_sum_expression()
    bookings = Booking.objects.filter(budget_year=budget_year)
    by_category = dict.fromkeys(Booking.Category.values, ZERO)
    for row in bookings.values("category").annotate(total=signed):
        by_category[row["category"]] = cents(row["total"] or ZERO)
    allocations = {a.kita_id: a for a in Allocation.objects.filter(budget_year=budget_year)}
    shares = position_shares(budget_year)
    summary = YearSummary(
        budget_year=budget_year,
        allocated=sum((a.amount for a in allocations.values()), ZERO),
        planned_personnel=sum((s.position.annual_costs for s in shares), ZERO),
        planned_material=cents(
            MaterialCost.objects.filter(budget_year=budget_year).aggregate(t=Sum("amount"))["t"] or ZERO
        ),
        spent_by_category=by_category,
        spent_without_kita=cents(bookings.filter(kita__isnull=True).aggregate(t=signed)["t"] or ZERO),
        unassigned_positions=[s.position for s in shares if s.unassigned],
    )
    if kitas is None:
        return summary
    rows = {k.pk: KitaRow(kita=k, allocation=allocations.get(k.pk)) for k in kitas}
    for share in shares:
        for kita_id, amount in share.kita_shares.items():
            if kita_id in rows:
                rows[kita_id].planned_personnel += amount
                rows[kita_id].position_staff_ids.add(share.position.staff_member_id)
    material = MaterialCost.objects.filter(budget_year=budget_year, kita_id__in=rows).values("kita_id")
    for kita_id, total in material.annotate(total=Sum("amount")).values_list("kita_id", "total"):
        rows[kita_id].planned_material = cents(total)
    spent = bookings.filter(kita_id__in=rows).values("kita_id", "category").annotate(total=signed)
    for kita_id, category, total in spent.values_list("kita_id", "category", "total"):
        if category == Booking.Category.PERSONNEL:
            rows[kita_id].spent_personnel = cents(total)
        else:
            rows[kita_id].spent_material = cents(total)
    summary.rows = sorted(rows.values(), key=lambda r: r.kita.name)
    if viewer is not None:
        hidden = personnel_hidden_kitas(user=viewer, rows=summary.rows)
        for kita_row in summary.rows:
            kita_row.personnel_hidden = kita_row.kita.pk in hidden
    return summary


def personnel_hidden_kitas(*, user: Any, rows: Iterable[KitaRow]) -> set[int]:
    """Kitas (ids) of `rows` whose personnel costs `user` may not see as a sum: fewer than two positions
    contribute (for a social worker: besides their own). The coordinator sees all."""
    membership = membership_of(user)
    if membership is not None and membership.role == Role.COORDINATOR:
        return set()
    own = getattr(getattr(user, "staff_member", None), "pk", None)
    hidden = set()
    for row in rows:
        others = row.position_staff_ids - {own}
        has_personnel = bool(row.planned_personnel or row.spent_personnel)
        if has_personnel and len(others) < MIN_POSITIONS_FOR_PERSONNEL_SUM:
            hidden.add(row.kita.pk)
    return hidden


# --- Bookings -----------------------------------------------------------------------------------------------


def booking_list_visible_to(*, user: Any, budget_year: BudgetYear) -> QuerySet[Booking]:
    """The year's bookings the user may see: all for the coordinator, else those of the user's Kitas."""
    membership = membership_of(user)
    if membership is None or budget_year.youth_office_id != membership.youth_office_id:
        return Booking.objects.none()
    qs = Booking.objects.filter(budget_year=budget_year).select_related("kita", "reverses", "project")
    if membership.role == Role.COORDINATOR:
        return qs.annotate(amount_hidden=Value(False))
    kitas = list(budget_kitas_visible_to(user=user))
    summary = year_summary(budget_year=budget_year, kitas=kitas, viewer=user)
    hidden = [row.kita.pk for row in summary.rows if row.personnel_hidden]
    return qs.filter(kita__in=[k.pk for k in kitas]).annotate(
        amount_hidden=Case(
            When(category=Booking.Category.PERSONNEL, kita_id__in=hidden, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def booking_list_filtered(
    *, user: Any, budget_year: BudgetYear, filters: Mapping[str, Any]
) -> QuerySet[Booking]:
    """Visible bookings narrowed by `kita` (id, or "none" for office costs), `category`, `date_from`,
    `date_to`, `q` (description, receipt, project). Invalid values are ignored, not errors."""
    qs = booking_list_visible_to(user=user, budget_year=budget_year)
    kita = str(filters.get("kita") or "")
    if kita == "none":
        qs = qs.filter(kita__isnull=True)
    elif kita.isdigit() and len(kita) < 19:
        qs = qs.filter(kita_id=int(kita))
    category = filters.get("category")
    if category in Booking.Category.values:
        qs = qs.filter(category=category)
    if date_from := _date(filters.get("date_from")):
        qs = qs.filter(date__gte=date_from)
    if date_to := _date(filters.get("date_to")):
        qs = qs.filter(date__lte=date_to)
    term = str(filters.get("q") or "").replace("\x00", "").strip()[:100]
    if term:
        qs = qs.filter(
            Q(description__icontains=term)
            | Q(receipt_number__icontains=term)
            | Q(project_reference__icontains=term)
        )
    return qs
