"""Budget writes: allocation by the scheme, proposals, positions, bookings with their guards, audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from kisa.budget import selectors, services
from kisa.budget.models import Allocation, Booking, BudgetYear
from kisa.budget.tests.factories import AllocationSchemeFactory, BudgetYearFactory, StaffPositionFactory
from kisa.core.models import AuditEntry
from kisa.core.tests.ui import ui
from kisa.registry.tests.factories import AssignmentFactory

D = Decimal


def _amounts(year: Any) -> dict[str, Decimal]:
    return {a.kita.number: a.amount for a in Allocation.objects.filter(budget_year=year)}


def test_split_cents_adds_up_exactly_and_splits_equally_without_weights() -> None:
    assert services.split_cents(D("100.00"), [D(1)] * 3) == [D("33.34"), D("33.33"), D("33.33")]
    assert services.split_cents(D("10.00"), [D(0), D(0)]) == [D("5.00"), D("5.00")]
    assert sum(services.split_cents(D("999.99"), [D("0.3"), D("1.7"), D("5")])) == D("999.99")


def test_allocation_gives_base_share_equally_and_social_share_by_places(budget_year: Any) -> None:
    # 50,000 € base in three equal parts, 50,000 € by places 80 : 60 : 45.
    assert _amounts(budget_year) == {"A1": D("38288.29"), "B1": D("32882.89"), "C1": D("28828.82")}
    assert sum(_amounts(budget_year).values()) == budget_year.total


def test_allocation_weights_children_and_social_index(world: Any) -> None:
    world.municipality_in_area.children_under_7 = 100
    world.municipality_in_area.children_under_7_date = dt.date(2023, 12, 31)
    world.municipality_in_area.save()
    scheme = AllocationSchemeFactory(
        youth_office=world.office,
        base_share_percent=D("0"),
        weight_places=D("0"),
        weight_children_under_7=D("1"),
        weight_social_index=D("1"),
    )
    year = BudgetYearFactory(
        youth_office=world.office, scheme=scheme, land_share=D("3000"), office_share=D("0"), year=2026
    )
    services.kita_social_index_set(actor=None, kita=world.kita_c, factor=D("2.00"), note="hoher Bedarf")
    services.allocation_compute(actor=None, budget_year=year)
    # Children: only Kottenheim (kita_a) has a figure, so kita_a gets the whole children half (1,500 €).
    # Social index 1 : 1 : 2 splits the other half 375 : 375 : 750.
    assert _amounts(year) == {"A1": D("1875.00"), "B1": D("375.00"), "C1": D("750.00")}
    allocation = Allocation.objects.get(budget_year=year, kita=world.kita_c)
    assert allocation.social_index == D("2.00")


def test_allocation_recompute_keeps_manual_adjustment_and_audits(budget_year: Any, world: Any) -> None:
    allocation = Allocation.objects.get(budget_year=budget_year, kita=world.kita_c)
    services.allocation_adjust(
        actor=world.users["coordinator"], allocation=allocation, adjustment=D("-828.82"), reason="Neue Kita"
    )
    services.allocation_compute(actor=None, budget_year=budget_year)
    allocation.refresh_from_db()
    assert allocation.amount == D("28000.00")
    entry = AuditEntry.objects.filter(model_label="budget.Allocation", object_id=str(allocation.pk)).first()
    assert entry.changes["adjustment"] == ["0.00", "-828.82"]


def test_allocation_adjustment_needs_a_reason(budget_year: Any, world: Any) -> None:
    allocation = Allocation.objects.get(budget_year=budget_year, kita=world.kita_a)
    with pytest.raises(ValidationError) as error:
        services.allocation_adjust(actor=None, allocation=allocation, adjustment=D("10"), reason=" ")
    assert "adjustment_reason" in error.value.message_dict


def test_allocation_without_scheme_is_refused(world: Any) -> None:
    year = BudgetYearFactory(youth_office=world.office, scheme=None, year=2024)
    with pytest.raises(ValidationError) as error:
        services.allocation_compute(actor=None, budget_year=year)
    assert "scheme" in error.value.message_dict


def test_next_year_is_proposed_from_the_planned_rise(budget_year: Any, world: Any) -> None:
    proposal = services.budget_year_propose(youth_office=world.office, year=2026)
    assert proposal["land_share"] == D("61500.00")
    assert proposal["office_share"] == D("41000.00")
    assert proposal["scheme"] == budget_year.scheme
    assert services.budget_year_propose(youth_office=world.office, year=2030) == {"year": 2030}


def test_budget_year_create_refuses_duplicate_and_negative_shares(budget_year: Any, world: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.budget_year_create(
            actor=None,
            youth_office=world.office,
            data={"year": 2025, "land_share": D(1), "office_share": D(1)},
        )
    assert "year" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.budget_year_create(
            actor=None,
            youth_office=world.office,
            data={"year": 2027, "land_share": D(-1), "office_share": D(1)},
        )
    assert "land_share" in error.value.message_dict
    assert not BudgetYear.objects.filter(year=2027).exists()


def _book(year: Any, actor: Any = None, **data: Any) -> services.BookingOutcome:
    values = {
        "date": dt.date(year.year, 5, 2),
        "amount": D("100.00"),
        "category": Booking.Category.MATERIAL,
        "description": "Spielmaterial",
        "receipt_number": "R-1",
        **data,
    }
    return services.booking_create(actor=actor, budget_year=year, data=values)


def test_booking_within_budget_is_saved_without_warning_and_audited(budget_year: Any, world: Any) -> None:
    outcome = _book(budget_year, actor=world.users["coordinator"], kita=world.kita_a)
    assert outcome.warnings == []
    entry = AuditEntry.objects.get(model_label="budget.Booking", object_id=str(outcome.booking.pk))
    assert entry.actor_name == "koordination"
    assert entry.changes["amount"] == "100.00"


def test_booking_beyond_the_kita_allocation_is_saved_with_a_warning(budget_year: Any, world: Any) -> None:
    outcome = _book(budget_year, kita=world.kita_c, amount=D("28829.82"))
    assert outcome.booking.pk is not None
    assert outcome.warnings == [
        ui(
            "This booking exceeds the allocation of %(kita)s by %(amount)s.",
            kita="Kita Arche Noah",
            amount="1,00 €",
        )
    ]


def test_booking_beyond_the_budget_is_refused_with_the_hard_stop(budget_year: Any, world: Any) -> None:
    services.budget_settings_update(actor=None, youth_office=world.office, hard_stop=True)
    with pytest.raises(ValidationError) as error:
        _book(budget_year, kita=world.kita_c, amount=D("28829.82"))
    assert "amount" in error.value.message_dict
    assert not Booking.objects.exists()
    assert _book(budget_year, kita=world.kita_c, amount=D("28828.82")).warnings == []


def test_hard_stop_default_comes_from_settings(budget_year: Any, world: Any, settings: Any) -> None:
    settings.KISA_BUDGET_HARD_STOP = True
    with pytest.raises(ValidationError):
        _book(budget_year, kita=None, amount=D("0.01"))  # no central reserve


def test_booking_beyond_year_total_warns_about_the_year(budget_year: Any, world: Any) -> None:
    outcome = _book(budget_year, kita=world.kita_a, amount=D("100000.01"))
    assert (
        ui("This booking exceeds the budget of %(year)s by %(amount)s.", year=2025, amount="0,01 €")
        in outcome.warnings
    )


@pytest.mark.parametrize("amount", [D("-5.00"), D("0")])
def test_booking_with_negative_or_zero_amount_is_refused(
    budget_year: Any, world: Any, amount: Decimal
) -> None:
    with pytest.raises(ValidationError) as error:
        _book(budget_year, kita=world.kita_a, amount=amount)
    assert error.value.message_dict["amount"] == [
        ui("Amounts must be positive. Correct a booking with a reversal booking instead.")
    ]


def test_booking_outside_the_year_or_of_another_office_is_refused(budget_year: Any, world: Any) -> None:
    with pytest.raises(ValidationError) as error:
        _book(budget_year, date=dt.date(2026, 1, 1))
    assert "date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _book(budget_year, kita=world.other_kita)
    assert "kita" in error.value.message_dict


def test_reversal_names_the_original_and_counts_negative(budget_year: Any, world: Any) -> None:
    original = _book(budget_year, kita=world.kita_a, amount=D("300.00")).booking
    reversal = services.booking_reverse(
        actor=None,
        booking=original,
        date=dt.date(2025, 6, 1),
        receipt_number="S-1",
        description="Storno",
        amount=D("100"),
    )
    assert reversal.reverses == original
    assert reversal.signed_amount == D("-100")
    summary = selectors.year_summary(budget_year=budget_year, kitas=[world.kita_a])
    assert summary.spent == D("200.00")
    assert summary.rows[0].remaining == D("38088.29")
    with pytest.raises(ValidationError) as error:
        services.booking_reverse(
            actor=None,
            booking=original,
            date=dt.date(2025, 6, 1),
            receipt_number="S-2",
            description="x",
            amount=D("200.01"),
        )
    assert error.value.message_dict["amount"] == [
        ui("At most %(amount)s of this booking is left to reverse.", amount="200,00 €")
    ]
    with pytest.raises(ValidationError) as error:
        services.booking_reverse(
            actor=None, booking=reversal, date=dt.date(2025, 6, 1), receipt_number="S-3", description="x"
        )
    assert "reverses" in error.value.message_dict


def test_staff_position_costs_fall_on_kitas_by_assigned_hours(budget_year: Any, world: Any) -> None:
    # worker_a: 15 h at kita_a all year; add 5 h at kita_c for the whole year.
    AssignmentFactory(
        youth_office=world.office, staff_member=world.worker_a, kita=world.kita_c, hours_per_week=D("5.0")
    )
    position = services.staff_position_create(
        actor=None,
        budget_year=budget_year,
        data={"staff_member": world.worker_a, "annual_costs": D("60000.00")},
    )
    assert position.employer == world.municipal
    assert position.weekly_hours == world.worker_a.weekly_hours
    shares = selectors.position_shares(budget_year)
    assert shares[0].kita_shares == {world.kita_a.pk: D("45000.00"), world.kita_c.pk: D("15000.00")}
    unassigned = StaffPositionFactory(budget_year=budget_year, youth_office=world.office)
    summary = selectors.year_summary(budget_year=budget_year)
    assert summary.unassigned_positions == [unassigned]
    assert summary.planned_personnel == D("130000.00")
