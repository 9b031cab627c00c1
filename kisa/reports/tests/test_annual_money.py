"""The annual report's money section: office-wide lines for the whole office, sums over the Kitas of any other
territory, and personnel costs only where no single salary shows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from kisa.budget.models import Booking
from kisa.budget.tests.factories import (
    AllocationFactory,
    BookingFactory,
    BudgetYearFactory,
    MaterialCostFactory,
    StaffPositionFactory,
)
from kisa.core.tests.ui import ui
from kisa.documentation.tests.factories import ActivityFactory
from kisa.registry.tests.factories import AssignmentFactory, SocialAreaFactory, StaffMemberFactory
from kisa.reports.annual import annual_report
from kisa.reports.tests.test_dashboard import rows_of

NOT_SHOWN = ui("not shown")


@pytest.fixture
def budgeted(figures_world: Any) -> Any:
    """Budget 2025: 100,000 € (reserve 10,000). Allocations A 30,000, B 20,000, C 25,000.

    Positions: worker A (Kita A, 60,000 €), worker B (Kita B, 50,000 €), worker C (Kita C, 40,000 €).
    Material costs planned: A 1,000, office 500. Bookings: A material 300, B personnel 4,000, C material 200
    and C personnel 3,000, office material (no Kita) 700; a 100 € reversal of A's material.
    Kita C moves to its own social area "Pellenz" (only worker C's position falls on it).
    """
    w = figures_world
    pellenz = SocialAreaFactory(youth_office=w.office, name="Pellenz")
    w.kita_c.social_area = pellenz
    w.kita_c.save()
    worker_c = StaffMemberFactory(youth_office=w.office, first_name="Cara", last_name="Conrad")
    AssignmentFactory(youth_office=w.office, staff_member=worker_c, kita=w.kita_c)
    ActivityFactory(worker=worker_c, date=dt.date(2025, 4, 1), kitas=[w.kita_c])  # Pellenz has a report
    year = BudgetYearFactory(
        youth_office=w.office,
        land_share=Decimal("60000.00"),
        office_share=Decimal("40000.00"),
        central_reserve=Decimal("10000.00"),
    )
    for kita, base in ((w.kita_a, "30000.00"), (w.kita_b, "20000.00"), (w.kita_c, "25000.00")):
        AllocationFactory(budget_year=year, kita=kita, base_amount=Decimal(base), social_amount=Decimal("0"))
    for worker, costs in ((w.worker_a, "60000.00"), (w.worker_b, "50000.00"), (worker_c, "40000.00")):
        StaffPositionFactory(budget_year=year, staff_member=worker, annual_costs=Decimal(costs))
    MaterialCostFactory(budget_year=year, kita=w.kita_a, amount=Decimal("1000.00"))
    MaterialCostFactory(budget_year=year, kita=None, amount=Decimal("500.00"))
    material_a = BookingFactory(budget_year=year, kita=w.kita_a, amount=Decimal("300.00"))
    BookingFactory(budget_year=year, kita=w.kita_a, amount=Decimal("100.00"), reverses=material_a)
    personnel = Booking.Category.PERSONNEL
    BookingFactory(budget_year=year, kita=w.kita_b, amount=Decimal("4000.00"), category=personnel)
    BookingFactory(budget_year=year, kita=w.kita_c, amount=Decimal("200.00"))
    BookingFactory(budget_year=year, kita=w.kita_c, amount=Decimal("3000.00"), category=personnel)
    BookingFactory(budget_year=year, kita=None, amount=Decimal("700.00"), date=dt.date(2025, 6, 1))
    w.pellenz = pellenz
    return w


def _money(report: Any) -> dict[str, Any]:
    return {label: values[0] for label, values in rows_of(report, "money").items()}


def test_the_whole_office_shows_the_office_wide_budget(budgeted):
    report = annual_report(user=budgeted.users["read_only"], year=2025, territory_key="office")

    assert _money(report) == {
        ui("Budget of the year"): Decimal("100000.00"),
        ui("Central reserve (costs of the office without a Kita)"): Decimal("10000.00"),
        ui("Allocated to Kitas"): Decimal("75000.00"),
        ui("Personnel costs planned"): Decimal("150000.00"),
        ui("Material costs planned"): Decimal("1500.00"),
        ui("Booked: personnel costs"): Decimal("7000.00"),
        ui("Booked: material costs"): Decimal("1100.00"),  # 300 − 100 + 200 + 700 (office, no Kita)
        ui("Booked"): Decimal("8100.00"),
        ui("Remaining of the budget"): Decimal("91900.00"),
    }
    paragraph = report.section("money").paragraphs[0]
    assert paragraph == ui(
        "Office-wide figures of the budget year, in euros: the budget, the central reserve and bookings of the "
        "office that belong to no Kita are included."
    )


def test_a_social_area_sums_its_kitas_without_office_wide_lines(budgeted):
    w = budgeted

    report = annual_report(
        user=w.users["coordinator"], year=2025, territory_key=f"social-area-{w.social_area.pk}"
    )

    # Maifeld: Kitas A and B, two positions (workers A and B).
    assert _money(report) == {
        ui("Allocated to Kitas"): Decimal("50000.00"),
        ui("Personnel costs planned"): Decimal("110000.00"),
        ui("Material costs planned"): Decimal("1000.00"),
        ui("Booked: personnel costs"): Decimal("4000.00"),
        ui("Booked: material costs"): Decimal("200.00"),
        ui("Booked"): Decimal("4200.00"),
        ui("Remaining of the allocation"): Decimal("45800.00"),
    }
    assert ui("Budget of the year") not in _money(report)
    assert report.section("money").paragraphs == [
        ui(
            "Sums over the %(count)s Kitas of %(territory)s, in euros: their allocations, the planned staff and "
            "material costs that fall on them and their bookings. Office-wide figures (the budget of the year, "
            "the central reserve, costs of the office without a Kita) are in the report for the whole office.",
            count=2,
            territory="Maifeld",
        )
    ]
    assert not report.section("money").tables[0].note


@pytest.mark.parametrize("persona", ["coordinator", "read_only"])
def test_a_territory_with_one_position_hides_personnel_costs_for_everyone(budgeted, persona):
    w = budgeted

    report = annual_report(user=w.users[persona], year=2025, territory_key=f"social-area-{w.pellenz.pk}")

    # Pellenz: Kita C only, one position: its costs would be worker C's salary.
    assert _money(report) == {
        ui("Allocated to Kitas"): Decimal("25000.00"),
        ui("Personnel costs planned"): NOT_SHOWN,
        ui("Material costs planned"): Decimal("0.00"),
        ui("Booked: personnel costs"): NOT_SHOWN,
        ui("Booked: material costs"): Decimal("200.00"),
        ui("Booked"): NOT_SHOWN,
        ui("Remaining of the allocation"): NOT_SHOWN,
    }
    assert report.section("money").tables[0].note


def test_no_budget_year_is_said_plainly_for_a_territory(figures_world):
    w = figures_world

    report = annual_report(
        user=w.users["coordinator"], year=2025, territory_key=f"social-area-{w.social_area.pk}"
    )

    assert report.section("money").paragraphs == [ui("No budget year %(year)s is set up.", year=2025)]
    assert report.section("money").tables == []
