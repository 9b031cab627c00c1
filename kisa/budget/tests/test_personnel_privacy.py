"""A Kita's personnel costs as one sum are one person's salary where a single position contributes: Kita
roles then see "personnel costs" without an amount (pages, bookings, start page, API); the coordinator
sees everything, and from two positions on the sum is shown."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from kisa.budget.tests.factories import BookingFactory, StaffPositionFactory
from kisa.core.tests.ui import ui
from kisa.registry.tests.factories import AssignmentFactory, StaffMemberFactory

D = Decimal
SALARY = "61.000,00 €"


@pytest.fixture
def one_position(world: Any, budget_year: Any) -> Any:
    """Worker A is Kita A's only position; one quarterly refund booked for it."""
    StaffPositionFactory(budget_year=budget_year, staff_member=world.worker_a, annual_costs=D("61000.00"))
    BookingFactory(
        budget_year=budget_year,
        kita=world.kita_a,
        category="personnel",
        amount=D("15250.00"),
        description="Personalkostenerstattung Q1",
    )
    BookingFactory(budget_year=budget_year, kita=world.kita_a, category="material", amount=D("123.45"))
    return budget_year


def _add_position(world: Any, budget_year: Any, costs: str) -> None:
    member = StaffMemberFactory(youth_office=world.office, employer=world.kita_a.provider)
    AssignmentFactory(youth_office=world.office, staff_member=member, kita=world.kita_a)
    StaffPositionFactory(budget_year=budget_year, staff_member=member, annual_costs=D(costs))


def _pages(world: Any, persona: str) -> str:
    client = world.client_for(persona)
    urls = [
        reverse("budget:kita_budget", args=[2025, world.kita_a.pk]),
        reverse("budget:year_detail", args=[2025]),
        reverse("budget:booking_list", args=[2025]),
        reverse("core:home"),
    ]
    pages = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(response.content.decode())
    return "\n".join(pages)


@pytest.mark.parametrize("persona", ["kita_lead", "provider", "worker_a"])
def test_single_position_personnel_costs_are_not_shown_to_kita_roles(
    world: Any, one_position: Any, persona: str
) -> None:
    page = _pages(world, persona)
    assert SALARY not in page
    assert "15.250,00" not in page  # the personnel booking's amount
    assert ui("not shown") in page
    assert "123,45 €" in page  # material costs stay visible
    assert "Personalkostenerstattung Q1" in page  # the booking itself is listed


def test_the_coordinator_sees_single_position_personnel_costs(world: Any, one_position: Any) -> None:
    page = _pages(world, "coordinator")
    assert SALARY in page and "15.250,00 €" in page
    assert ui("not shown") not in page


def test_two_positions_show_the_sum_to_kita_lead_and_provider(world: Any, one_position: Any) -> None:
    _add_position(world, one_position, "39000.00")
    for persona in ("kita_lead", "provider"):
        page = _pages(world, persona)
        assert "100.000,00 €" in page  # planned personnel costs of both positions
        assert "15.250,00 €" in page
        assert ui("not shown") not in page


def test_a_worker_does_not_count_their_own_position(world: Any, one_position: Any) -> None:
    """With one colleague, the worker could subtract their own salary from the sum."""
    _add_position(world, one_position, "39000.00")
    assert "100.000,00 €" not in _pages(world, "worker_a")
    _add_position(world, one_position, "40000.00")
    assert "140.000,00 €" in _pages(world, "worker_a")


def test_api_leaves_single_position_personnel_figures_empty(world: Any, one_position: Any) -> None:
    client = world.client_for("kita_lead")
    row = client.get("/api/v1/budget/years/2025").json()["kitas"][0]
    assert row["personnel_hidden"] is True
    assert row["planned_personnel"] is None and row["spent_personnel"] is None
    assert row["remaining"] is None and row["spent"] is None
    assert row["spent_material"] == "123.45"
    items = client.get("/api/v1/budget/years/2025/bookings").json()["items"]
    amounts = {item["category"]: item["amount"] for item in items}
    assert amounts == {"personnel": None, "material": "123.45"}
    coordinator = world.client_for("coordinator")
    rows = {r["kita"]["id"]: r for r in coordinator.get("/api/v1/budget/years/2025").json()["kitas"]}
    assert rows[world.kita_a.pk]["planned_personnel"] == "61000.00"
    assert rows[world.kita_a.pk]["personnel_hidden"] is False
