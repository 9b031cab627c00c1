"""Budget API: years with allocated, spent and left; bookings list and entry with 422 naming fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kisa.budget.models import Booking
from kisa.budget.tests.factories import BookingFactory
from kisa.core.tests.ui import ui

API = "/api/v1/budget/years"


def _booking(**overrides: Any) -> dict[str, Any]:
    return {
        "date": "2025-03-01",
        "amount": "250.00",
        "category": "material",
        "kita_id": None,
        "description": "Bastelmaterial",
        "receipt_number": "R-9",
        **overrides,
    }


def test_years_list_for_the_coordinator_has_the_figures(world: Any, budget_year: Any) -> None:
    BookingFactory(budget_year=budget_year, kita=world.kita_a, amount=Decimal("100.00"))
    body = world.client_for("coordinator").get(API).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["year"], item["total"], item["allocated"], item["spent"], item["remaining"]) == (
        2025,
        "100000.00",
        "100000.00",
        "100.00",
        "99900.00",
    )


def test_years_list_for_a_worker_has_no_office_totals(world: Any, budget_year: Any) -> None:
    item = world.client_for("worker_a").get(API).json()["items"][0]
    assert item["year"] == 2025 and item["total"] is None


@pytest.mark.parametrize("persona", ["admin"])
def test_years_refused_for_the_system_admin(world: Any, budget_year: Any, persona: str) -> None:
    response = world.client_for(persona).get(API)
    assert response.status_code == 403
    assert response.json()["detail"] == ui("Your role does not allow this.")


def test_year_detail_rows_by_role(world: Any, budget_year: Any) -> None:
    body = world.client_for("coordinator").get(f"{API}/2025").json()
    assert [k["kita"]["name"] for k in body["kitas"]] == [
        "Kita Arche Noah",
        "Kita Regenbogen",
        "Kita St. Martin",
    ]
    assert body["kitas"][0]["allocated"] == "28828.82"
    assert body["spent_by_category"] == {"personnel": "0.00", "material": "0.00"}
    worker = world.client_for("worker_a").get(f"{API}/2025").json()
    assert [k["kita"]["name"] for k in worker["kitas"]] == ["Kita St. Martin"]
    assert worker["total"] is None
    committee = world.client_for("read_only").get(f"{API}/2025").json()
    assert committee["kitas"] == [] and committee["remaining"] == "100000.00"


def test_year_of_another_office_answers_404(world: Any, budget_year: Any, other_year: Any) -> None:
    assert world.client_for("outsider").get(f"{API}/2025").json()["year"] == 2025
    assert world.client_for("coordinator").get(f"{API}/2024").status_code == 404
    assert world.client_for("coordinator").get(f"{API}/2024/bookings").status_code == 404


def test_bookings_list_by_role_and_filter(world: Any, budget_year: Any) -> None:
    BookingFactory(budget_year=budget_year, kita=world.kita_a, receipt_number="R-A")
    BookingFactory(budget_year=budget_year, kita=world.kita_b, receipt_number="R-B", category="personnel")
    coordinator = world.client_for("coordinator")
    assert coordinator.get(f"{API}/2025/bookings").json()["count"] == 2
    only = coordinator.get(f"{API}/2025/bookings", {"category": "personnel"}).json()
    assert [b["receipt_number"] for b in only["items"]] == ["R-B"]
    worker = world.client_for("worker_a").get(f"{API}/2025/bookings").json()
    assert [b["receipt_number"] for b in worker["items"]] == ["R-A"]
    assert world.client_for("read_only").get(f"{API}/2025/bookings").status_code == 403


def test_booking_create_by_the_coordinator_with_warning(world: Any, budget_year: Any) -> None:
    response = world.client_for("coordinator").post(
        f"{API}/2025/bookings",
        _booking(kita_id=world.kita_c.pk, amount="28830.00"),
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["amount"] == "28830.00" and body["kita"]["name"] == "Kita Arche Noah"
    assert body["warnings"] == [
        ui(
            "This booking exceeds the allocation of %(kita)s by %(amount)s.",
            kita="Kita Arche Noah",
            amount="1,18 €",
        )
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount": "-10.00"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"date": "2024-12-31"}, "date"),
        ({"category": "travel"}, "category"),
        ({"description": ""}, "description"),
        ({"kita_id": 10**9}, "kita_id"),
    ],
)
def test_booking_create_refuses_bad_input_naming_the_field(
    world: Any, budget_year: Any, overrides: dict[str, Any], field: str
) -> None:
    response = world.client_for("coordinator").post(
        f"{API}/2025/bookings", _booking(**overrides), content_type="application/json"
    )
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["detail"]]
    assert not Booking.objects.exists()


def test_booking_create_refuses_another_offices_kita(world: Any, budget_year: Any) -> None:
    response = world.client_for("coordinator").post(
        f"{API}/2025/bookings", _booking(kita_id=world.other_kita.pk), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "kita_id"


def test_booking_create_hard_stop_answers_422_on_amount(world: Any, budget_year: Any, settings: Any) -> None:
    settings.KISA_BUDGET_HARD_STOP = True
    response = world.client_for("coordinator").post(
        f"{API}/2025/bookings", _booking(), content_type="application/json"
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"amount"}


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "provider", "read_only", "admin"])
def test_booking_create_refused_for_other_roles(world: Any, budget_year: Any, persona: str) -> None:
    response = world.client_for(persona).post(
        f"{API}/2025/bookings", _booking(), content_type="application/json"
    )
    assert response.status_code == 403
    assert not Booking.objects.exists()
