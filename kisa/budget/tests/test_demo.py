"""The demo budget: plausible figures for 2025 and 2026, a year of bookings, and a second run adds nothing."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from kisa.budget.demo import load_budget_demo
from kisa.budget.models import Allocation, Booking, BudgetYear, StaffPosition
from kisa.budget.selectors import year_summary
from kisa.core.models import AuditEntry
from kisa.registry.demo import load_registry_demo
from kisa.registry.models import Kita


def test_demo_budget_for_mayen_koblenz(db: Any) -> None:
    registry = load_registry_demo(stdout=io.StringIO())
    budget = load_budget_demo(registry=registry)
    first, second = budget.years
    assert (first.year, first.land_share, first.office_share) == (
        2025,
        Decimal("1740000.00"),
        Decimal("1160000.00"),
    )
    assert first.land_share / first.total == Decimal("0.6")
    assert second.year == 2026 and second.total == Decimal("2972500.00")  # + 2.5 %
    assert StaffPosition.objects.filter(budget_year=first).count() == 40
    assert Allocation.objects.filter(budget_year=first).count() == 98
    summary = year_summary(budget_year=first)
    assert summary.allocated == first.allocatable
    assert summary.unassigned_positions == []
    assert Decimal("2000000") < summary.spent < first.total
    assert Booking.objects.filter(budget_year=first, reverses__isnull=False).count() == 1
    assert not Booking.objects.filter(budget_year=second).exists()
    counts = (Booking.objects.count(), AuditEntry.objects.count(), BudgetYear.objects.count())
    again = load_budget_demo(registry=registry)
    assert (Booking.objects.count(), AuditEntry.objects.count(), BudgetYear.objects.count()) == counts
    assert again.bookings == budget.bookings


def test_demo_loads_under_the_hard_stop_and_stays_within_the_budget(db: Any, settings: Any) -> None:
    """`BUDGET_HARD_STOP=true`: the loader books only what is left instead of failing on the first
    overdrawn Kita; no Kita, the reserve or the year ends up overspent."""
    settings.KISA_BUDGET_HARD_STOP = True
    registry = load_registry_demo(stdout=io.StringIO())
    first = load_budget_demo(registry=registry).years[0]
    kitas = list(Kita.objects.filter(youth_office=registry.youth_office))
    summary = year_summary(budget_year=first, kitas=kitas)
    assert Decimal("2000000") < summary.spent <= first.total
    assert summary.reserve_remaining >= 0
    assert [row.kita.name for row in summary.rows if row.overspent] == []
    assert Booking.objects.filter(budget_year=first, reverses__isnull=False).count() == 1
