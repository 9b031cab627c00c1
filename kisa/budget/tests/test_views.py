"""Budget pages: who may open what, what they see, and the coordinator's writes through the forms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from kisa.budget import services
from kisa.budget.models import Allocation, Booking, BudgetYear
from kisa.budget.tests.factories import BookingFactory, StaffPositionFactory
from kisa.core.tests.ui import queries_for, ui
from kisa.registry.tests.factories import AssignmentFactory, StaffMemberFactory

D = Decimal
ALL = ["coordinator", "worker_a", "worker_b", "kita_lead", "provider", "read_only", "admin"]


def _url(name: str, *args: Any) -> str:
    return reverse(f"budget:{name}", args=args)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("read_only", 200),
        ("worker_a", 200),
        ("kita_lead", 200),
        ("provider", 200),
        ("admin", 403),
    ],
)
def test_year_overview_by_role(world: Any, budget_year: Any, persona: str, status: int) -> None:
    response = world.client_for(persona).get(_url("year_detail", 2025))
    assert response.status_code == status


def test_year_overview_shows_totals_to_the_committee_but_no_kita_rows(world: Any, budget_year: Any) -> None:
    BookingFactory(budget_year=budget_year, kita=world.kita_a, amount=D("1234.50"))
    page = world.client_for("read_only").get(_url("year_detail", 2025)).content.decode()
    assert "100.000,00 €" in page  # budget
    assert "98.765,50 €" in page  # left
    assert "Kita St. Martin" not in page
    assert _url("booking_list", 2025) not in page


def test_year_overview_for_the_coordinator_has_totals_and_every_kita(world: Any, budget_year: Any) -> None:
    BookingFactory(budget_year=budget_year, kita=world.kita_a, amount=D("1234.50"))
    page = world.client_for("coordinator").get(_url("year_detail", 2025)).content.decode()
    assert "38.288,29 €" in page and "37.053,79 €" in page  # kita_a allocated and left
    assert all(name in page for name in ("Kita St. Martin", "Kita Regenbogen", "Kita Arche Noah"))


@pytest.mark.parametrize(
    ("persona", "sees", "not_sees"),
    [
        ("worker_a", "Kita St. Martin", "Kita Regenbogen"),
        ("worker_b", "Kita Regenbogen", "Kita St. Martin"),
        ("kita_lead", "Kita St. Martin", "Kita Arche Noah"),
        ("provider", "Kita Arche Noah", "Kita Regenbogen"),
    ],
)
def test_year_overview_for_kita_roles_shows_only_their_kitas(
    world: Any, budget_year: Any, persona: str, sees: str, not_sees: str
) -> None:
    page = world.client_for(persona).get(_url("year_detail", 2025)).content.decode()
    assert sees in page
    assert not_sees not in page
    assert "100.000,00 €" not in page  # no office totals


def test_year_of_another_office_answers_404(world: Any, other_year: Any) -> None:
    assert world.client_for("coordinator").get(_url("year_detail", 2024)).status_code == 404
    BudgetYear.objects.filter(pk=other_year.pk).update(year=2031)
    assert world.client_for("coordinator").get(_url("year_detail", 2031)).status_code == 404
    assert world.client_for("coordinator").get(_url("booking_list", 2031)).status_code == 404


def test_year_list_shows_figures_to_office_roles_and_years_to_others(world: Any, budget_year: Any) -> None:
    coordinator = world.client_for("coordinator").get(_url("year_list")).content.decode()
    assert "100.000,00 €" in coordinator
    worker = world.client_for("worker_a").get(_url("year_list")).content.decode()
    assert _url("year_detail", 2025) in worker and "100.000,00 €" not in worker
    assert world.client_for("admin").get(_url("year_list")).status_code == 403


@pytest.mark.parametrize(("persona", "status"), [("coordinator", 200)] + [(p, 403) for p in ALL[1:]])
def test_allocation_page_is_the_coordinators(world: Any, budget_year: Any, persona: str, status: int) -> None:
    response = world.client_for(persona).get(_url("allocation", 2025))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Fachkonzept" in page and "50 %" in page  # the formula with the scheme's base share
        assert "28.828,82 €" in page


def test_allocation_adjustment_form_requires_a_reason(world: Any, budget_year: Any) -> None:
    allocation = Allocation.objects.get(budget_year=budget_year, kita=world.kita_a)
    client = world.client_for("coordinator")
    url = _url("allocation_adjust", 2025, allocation.pk)
    response = client.post(url, {"adjustment": "500,00", "reason": ""})
    assert response.status_code == 422
    assert ui("Say why the allocation is adjusted.") in response.content.decode()
    response = client.post(url, {"adjustment": "500,00", "reason": "Zusatzgruppe"})
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.amount == D("38788.29")
    assert world.client_for("worker_a").post(url, {"adjustment": "1", "reason": "x"}).status_code == 403


def test_compute_allocation_by_post(world: Any, budget_year: Any) -> None:
    Allocation.objects.all().delete()
    client = world.client_for("coordinator")
    assert client.get(_url("allocation_compute", 2025)).status_code == 405
    assert client.post(_url("allocation_compute", 2025)).status_code == 302
    assert Allocation.objects.filter(budget_year=budget_year).count() == 3
    assert world.client_for("read_only").post(_url("allocation_compute", 2025)).status_code == 403


def test_booking_entry_saves_and_warns_beyond_the_allocation(world: Any, budget_year: Any) -> None:
    client = world.client_for("coordinator")
    data = {
        "date": "2025-04-01",
        "amount": "28.829,82",
        "category": "material",
        "kita": world.kita_c.pk,
        "description": "Spielgeräte",
        "receipt_number": "R-77",
    }
    response = client.post(_url("booking_create", 2025), data, follow=True)
    page = response.content.decode()
    assert Booking.objects.get().amount == D("28829.82")
    assert (
        ui(
            "This booking exceeds the allocation of %(kita)s by %(amount)s.",
            kita="Kita Arche Noah",
            amount="1,00 €",
        )
        in page
    )


def test_booking_entry_refuses_negative_amounts_naming_the_field(world: Any, budget_year: Any) -> None:
    client = world.client_for("coordinator")
    data = {
        "date": "2025-04-01",
        "amount": "-5",
        "category": "material",
        "description": "x",
        "receipt_number": "R",
    }
    response = client.post(_url("booking_create", 2025), data)
    assert response.status_code == 422
    assert (
        ui("Amounts must be positive. Correct a booking with a reversal booking instead.")
        in response.content.decode()
    )
    assert not Booking.objects.exists()


def test_booking_entry_refused_under_hard_stop(world: Any, budget_year: Any) -> None:
    services.budget_settings_update(actor=None, youth_office=world.office, hard_stop=True)
    data = {
        "date": "2025-04-01",
        "amount": "10",
        "category": "material",
        "description": "x",
        "receipt_number": "R",
    }
    response = world.client_for("coordinator").post(_url("booking_create", 2025), data)
    assert response.status_code == 422
    assert ui("The office refuses bookings beyond the budget.") in response.content.decode()


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "provider", "read_only", "admin"])
def test_booking_entry_refused_for_other_roles(world: Any, budget_year: Any, persona: str) -> None:
    assert world.client_for(persona).get(_url("booking_create", 2025)).status_code == 403


def test_reversal_through_the_form(world: Any, budget_year: Any) -> None:
    original = BookingFactory(
        budget_year=budget_year, kita=world.kita_a, amount=D("50.00"), receipt_number="R-1"
    )
    client = world.client_for("coordinator")
    data = {"date": "2025-05-01", "amount": "", "receipt_number": "S-1", "description": "Fehlbuchung"}
    assert client.post(_url("booking_reverse", 2025, original.pk), data).status_code == 302
    reversal = Booking.objects.get(reverses=original)
    assert reversal.amount == D("50.00")
    page = client.get(_url("booking_list", 2025)).content.decode()
    assert "-50,00 €" in page


@pytest.mark.parametrize(
    ("persona", "receipts"),
    [
        ("coordinator", {"R-A", "R-B", "R-O"}),
        ("worker_a", {"R-A"}),
        ("worker_b", {"R-B"}),
        ("kita_lead", {"R-A"}),
        ("provider", {"R-A"}),
    ],
)
def test_booking_list_shows_the_bookings_of_visible_kitas(
    world: Any, budget_year: Any, persona: str, receipts: set[str]
) -> None:
    BookingFactory(budget_year=budget_year, kita=world.kita_a, receipt_number="R-A")
    BookingFactory(budget_year=budget_year, kita=world.kita_b, receipt_number="R-B")
    BookingFactory(budget_year=budget_year, kita=None, receipt_number="R-O")
    page = world.client_for(persona).get(_url("booking_list", 2025)).content.decode()
    assert {r for r in ("R-A", "R-B", "R-O") if r in page} == receipts


@pytest.mark.parametrize("persona", ["read_only", "admin"])
def test_booking_list_refused_for_aggregate_roles(world: Any, budget_year: Any, persona: str) -> None:
    assert world.client_for(persona).get(_url("booking_list", 2025)).status_code == 403


def test_booking_list_filters(world: Any, budget_year: Any) -> None:
    BookingFactory(budget_year=budget_year, kita=world.kita_a, receipt_number="R-A", date=dt.date(2025, 2, 1))
    BookingFactory(
        budget_year=budget_year,
        kita=world.kita_b,
        receipt_number="R-B",
        category=Booking.Category.PERSONNEL,
        date=dt.date(2025, 9, 1),
    )
    client = world.client_for("coordinator")
    page = client.get(_url("booking_list", 2025), {"category": "personnel"}).content.decode()
    assert "R-B" in page and "R-A" not in page
    page = client.get(
        _url("booking_list", 2025), {"kita": world.kita_a.pk, "date_to": "2025-03-01"}
    ).content.decode()
    assert "R-A" in page and "R-B" not in page
    page = client.get(_url("booking_list", 2025), {"date_from": "kaputt", "q": "R-"}).content.decode()
    assert "R-A" in page and "R-B" in page


def test_booking_list_queries_do_not_grow_with_rows(world: Any, budget_year: Any) -> None:
    client = world.client_for("coordinator")
    BookingFactory(budget_year=budget_year, kita=world.kita_a)
    one = queries_for(client, _url("booking_list", 2025))
    for _ in range(3):
        BookingFactory(budget_year=budget_year, kita=world.kita_b)
    assert queries_for(client, _url("booking_list", 2025)) == one


@pytest.mark.parametrize(
    ("persona", "kita", "status"),
    [
        ("coordinator", "kita_c", 200),
        ("worker_a", "kita_a", 200),
        ("worker_a", "kita_b", 404),
        ("kita_lead", "kita_a", 200),
        ("kita_lead", "kita_c", 404),
        ("provider", "kita_c", 200),
        ("provider", "kita_b", 404),
        ("read_only", "kita_a", 404),
        ("admin", "kita_a", 403),
        ("coordinator", "other_kita", 404),
    ],
)
def test_kita_budget_page_by_role(world: Any, budget_year: Any, persona: str, kita: str, status: int) -> None:
    target = getattr(world, kita)
    response = world.client_for(persona).get(_url("kita_budget", 2025, target.pk))
    assert response.status_code == status
    if status == 200:
        assert target.name in response.content.decode()


def test_kita_budget_shows_allocation_planned_spent_and_left(world: Any, budget_year: Any) -> None:
    # Two positions contribute, so the Kita lead may see the personnel costs as a sum.
    StaffPositionFactory(budget_year=budget_year, staff_member=world.worker_a, annual_costs=D("18000.00"))
    second = StaffMemberFactory(youth_office=world.office, employer=world.kita_a.provider)
    AssignmentFactory(youth_office=world.office, staff_member=second, kita=world.kita_a)
    StaffPositionFactory(budget_year=budget_year, staff_member=second, annual_costs=D("12000.00"))
    BookingFactory(budget_year=budget_year, kita=world.kita_a, category="personnel", amount=D("2500.00"))
    page = world.client_for("kita_lead").get(_url("kita_budget", 2025, world.kita_a.pk)).content.decode()
    assert "38.288,29 €" in page  # allocated
    assert "30.000,00 €" in page  # planned personnel (worker A works only here)
    assert "35.788,29 €" in page  # left


@pytest.mark.parametrize(("persona", "status"), [("coordinator", 200)] + [(p, 403) for p in ALL[1:]])
def test_staff_positions_page_is_the_coordinators(
    world: Any, budget_year: Any, persona: str, status: int
) -> None:
    StaffPositionFactory(budget_year=budget_year, staff_member=world.worker_a, annual_costs=D("61000.00"))
    response = world.client_for(persona).get(_url("staff_positions", 2025))
    assert response.status_code == status
    if status == 200:
        assert "Anna Adler" in response.content.decode() and "61.000,00 €" in response.content.decode()


def test_staff_position_and_material_cost_forms(world: Any, budget_year: Any) -> None:
    client = world.client_for("coordinator")
    response = client.post(
        _url("staff_position_create", 2025),
        {"staff_member": world.worker_b.pk, "weekly_hours": "", "annual_costs": "65.000"},
    )
    assert response.status_code == 302
    position = budget_year.staff_positions.get()
    assert (position.employer, position.annual_costs) == (world.church, D("65000"))
    response = client.post(
        _url("material_cost_create", 2025),
        {
            "kita": world.kita_b.pk,
            "project_reference": "Elterncafé",
            "description": "Kaffee",
            "amount": "120,50",
        },
    )
    assert response.status_code == 302
    page = client.get(_url("material_costs", 2025)).content.decode()
    assert "Elterncafé" in page and "120,50 €" in page


def test_new_year_form_proposes_figures_from_the_rise(world: Any, budget_year: Any) -> None:
    client = world.client_for("coordinator")
    page = client.get(_url("year_create")).content.decode()
    assert 'value="2026"' in page and "61500" in page.replace(".", "").replace(",00", "")
    response = client.post(
        _url("year_create"),
        {
            "year": "2026",
            "land_share": "61.500,00",
            "office_share": "41.000,00",
            "planned_rise_percent": "2,5",
            "central_reserve": "0",
            "scheme": budget_year.scheme.pk,
        },
    )
    assert response.status_code == 302
    assert BudgetYear.objects.get(youth_office=world.office, year=2026).total == D("102500.00")
    assert world.client_for("read_only").get(_url("year_create")).status_code == 403


def test_settings_page_sets_the_hard_stop(world: Any) -> None:
    client = world.client_for("coordinator")
    assert client.post(_url("settings"), {"hard_stop": "on"}).status_code == 302
    assert services.hard_stop_for(world.office) is True
    assert world.client_for("admin").get(_url("settings")).status_code == 403


def test_nav_shows_budget_to_roles_with_access(world: Any) -> None:
    assert _url("year_list") in world.client_for("read_only").get(reverse("core:home")).content.decode()
    assert _url("year_list") not in world.client_for("admin").get(reverse("core:home")).content.decode()


@pytest.mark.parametrize(
    ("persona", "expected", "absent"),
    [
        ("coordinator", "100.000,00 €", "Kita Regenbogen:"),
        ("read_only", "100.000,00 €", "Kita St. Martin"),
        ("worker_b", "Kita Regenbogen", "100.000,00 €"),
    ],
)
def test_start_page_shows_the_budget_at_the_roles_level(
    world: Any, budget_year: Any, persona: str, expected: str, absent: str
) -> None:
    page = world.client_for(persona).get(reverse("core:home")).content.decode()
    assert ui("Sozialraumbudget %(year)s", year=2025) in page
    assert expected in page and absent not in page


def test_start_page_has_no_budget_section_for_the_admin(world: Any, budget_year: Any) -> None:
    page = world.client_for("admin").get(reverse("core:home")).content.decode()
    assert ui("Sozialraumbudget %(year)s", year=2025) not in page


def test_social_index_and_scheme_change_take_effect_on_recompute(world: Any, budget_year: Any) -> None:
    client = world.client_for("coordinator")
    response = client.post(
        _url("social_index", 2025, world.kita_c.pk), {"factor": "2,00", "note": "Brennpunkt"}
    )
    assert response.status_code == 302
    scheme_url = _url("scheme_update", budget_year.scheme.pk)
    data = {
        "name": "Fachkonzept",
        "base_share_percent": "0",
        "weight_places": "0",
        "weight_children_under_7": "0",
        "weight_social_index": "1",
    }
    response = client.post(f"{scheme_url}?next=//evil.example/", data)
    assert response["Location"] == _url("year_list")
    client.post(_url("allocation_compute", 2025))
    amounts = {a.kita.number: a.amount for a in Allocation.objects.filter(budget_year=budget_year)}
    assert amounts == {"A1": D("25000.00"), "B1": D("25000.00"), "C1": D("50000.00")}
    assert client.get(_url("social_index", 2025, world.other_kita.pk)).status_code == 404
    assert world.client_for("provider").get(_url("social_index", 2025, world.kita_c.pk)).status_code == 403
