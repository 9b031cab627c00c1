"""Budget material costs and bookings refer to planning projects: only a project of the same office, of the
row's Kita and of a plan for the budget year; the project shows its booked costs next to the planned ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kisa.budget import services
from kisa.budget.models import Booking, MaterialCost
from kisa.budget.tests.factories import BookingFactory
from kisa.planning.costs import booked_costs_of, with_booked_costs
from kisa.planning.models import Project
from kisa.planning.tests.factories import PlanFactory, ProjectFactory

D = Decimal
API = "/api/v1/budget/years"
PLANNING_API = "/api/v1"


@pytest.fixture
def project(world: Any) -> Project:
    return ProjectFactory(
        plan=PlanFactory(kita=world.kita_a, year=2025), responsible=world.worker_a, title="Elterncafé"
    )


def _booking_data(world: Any, **overrides: Any) -> dict[str, Any]:
    return {
        "date": dt.date(2025, 3, 1),
        "amount": D("120.00"),
        "category": Booking.Category.MATERIAL,
        "kita": world.kita_a,
        "project_reference": "",
        "description": "Kaffee und Kuchen",
        "receipt_number": "R-1",
        **overrides,
    }


def test_a_booking_and_a_material_cost_link_to_the_kitas_project(
    world: Any, budget_year: Any, project: Project
) -> None:
    actor = world.users["coordinator"]

    booking = services.booking_create(
        actor=actor, budget_year=budget_year, data=_booking_data(world, project=project)
    )
    cost = services.material_cost_create(
        actor=actor,
        budget_year=budget_year,
        data={"kita": world.kita_a, "project": project, "description": "Elterncafé", "amount": D("500.00")},
    )

    assert booking.booking.project == project
    assert cost.project == project


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(
            lambda w: ProjectFactory(
                plan=PlanFactory(kita=w.other_kita, year=2025), responsible=w.other_worker
            ),
            id="other office",
        ),
        pytest.param(
            lambda w: ProjectFactory(plan=PlanFactory(kita=w.kita_b, year=2025), responsible=w.worker_b),
            id="other kita",
        ),
        pytest.param(
            lambda w: ProjectFactory(plan=PlanFactory(kita=w.kita_a, year=2026), responsible=w.worker_a),
            id="other year",
        ),
    ],
)
def test_a_project_that_does_not_fit_is_refused_naming_project(
    world: Any, budget_year: Any, make: Any
) -> None:
    wrong = make(world)
    actor = world.users["coordinator"]

    with pytest.raises(ValidationError) as error:
        services.booking_create(
            actor=actor, budget_year=budget_year, data=_booking_data(world, project=wrong)
        )
    assert "project" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.material_cost_create(
            actor=actor,
            budget_year=budget_year,
            data={"kita": world.kita_a, "project": wrong, "description": "x", "amount": D("1.00")},
        )
    assert "project" in error.value.message_dict
    assert not Booking.objects.filter(project=wrong).exists()
    assert not MaterialCost.objects.filter(project=wrong).exists()


def test_an_office_row_may_name_any_project_of_the_office_and_year(
    world: Any, budget_year: Any, project: Project
) -> None:
    outcome = services.booking_create(
        actor=world.users["coordinator"],
        budget_year=budget_year,
        data=_booking_data(world, kita=None, project=project),
    )
    assert outcome.booking.project == project


def test_the_booking_form_offers_the_project_and_refuses_another_kitas(
    world: Any, budget_year: Any, project: Project
) -> None:
    other = ProjectFactory(
        plan=PlanFactory(kita=world.kita_b, year=2025), responsible=world.worker_b, title="Väterfrühstück"
    )
    client = world.client_for("coordinator")
    url = reverse("budget:booking_create", args=[2025])
    assert "Elterncafé" in client.get(url).content.decode()
    data = {
        "date": "01.03.2025",
        "amount": "120,00",
        "category": "material",
        "kita": world.kita_a.pk,
        "project_reference": "",
        "description": "Kaffee",
        "receipt_number": "R-7",
    }

    refused = client.post(url, {**data, "project": other.pk})
    assert refused.status_code == 422
    assert 'id="id_project"' in refused.content.decode() and 'aria-invalid="true"' in refused.content.decode()

    assert client.post(url, {**data, "project": project.pk}).status_code == 302
    assert Booking.objects.get(receipt_number="R-7").project == project
    listing = client.get(reverse("budget:booking_list", args=[2025])).content.decode()
    assert "Elterncafé" in listing


def test_the_material_cost_form_links_the_project(world: Any, budget_year: Any, project: Project) -> None:
    client = world.client_for("coordinator")
    data = {
        "kita": world.kita_a.pk,
        "project_reference": "",
        "project": project.pk,
        "description": "Spiele",
        "amount": "80,00",
    }

    assert client.post(reverse("budget:material_cost_create", args=[2025]), data).status_code == 302

    assert MaterialCost.objects.get(description="Spiele").project == project
    assert "Elterncafé" in client.get(reverse("budget:material_costs", args=[2025])).content.decode()


def test_the_api_accepts_the_project_and_refuses_another_offices(
    world: Any, budget_year: Any, project: Project
) -> None:
    client = world.client_for("coordinator")
    payload = {
        "date": "2025-03-01",
        "amount": "99.00",
        "category": "material",
        "kita_id": world.kita_a.pk,
        "description": "Bastelmaterial",
        "receipt_number": "R-9",
    }
    foreign = ProjectFactory(
        plan=PlanFactory(kita=world.other_kita, year=2025), responsible=world.other_worker
    )

    refused = client.post(
        f"{API}/2025/bookings", {**payload, "project_id": foreign.pk}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["detail"]] == ["project_id"]
    other_kita = ProjectFactory(plan=PlanFactory(kita=world.kita_b, year=2025), responsible=world.worker_b)
    refused = client.post(
        f"{API}/2025/bookings", {**payload, "project_id": other_kita.pk}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["detail"]] == ["project_id"]

    created = client.post(
        f"{API}/2025/bookings", {**payload, "project_id": project.pk}, content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["project"] == {"id": project.pk, "name": "Elterncafé"}


def test_the_project_shows_its_booked_costs_with_reversals_subtracted(
    world: Any, budget_year: Any, project: Project
) -> None:
    booking = BookingFactory(budget_year=budget_year, kita=world.kita_a, project=project, amount=D("300.00"))
    BookingFactory(budget_year=budget_year, kita=world.kita_a, project=project, amount=D("50.00"))
    BookingFactory(budget_year=budget_year, kita=world.kita_a, amount=D("999.00"))  # not linked
    services.booking_reverse(
        actor=world.users["coordinator"],
        booking=booking,
        date=dt.date(2025, 4, 1),
        receipt_number="S-1",
        description="Storno",
        amount=D("100.00"),
    )

    assert booked_costs_of(project=project) == D("250.00")
    assert with_booked_costs(Project.objects.filter(pk=project.pk)).get().booked_costs == D("250.00")
    page = world.client_for("worker_a").get(f"/planung/kitas/{world.kita_a.pk}/2025/").content.decode()
    assert "250.00" in page or "250,00" in page
    api = world.client_for("worker_a").get(f"{PLANNING_API}/kitas/{world.kita_a.pk}/plan", {"year": 2025})
    assert api.status_code == 200
    assert D(api.json()["projects"][0]["booked_costs"]) == D("250.00")


def test_a_project_without_bookings_has_zero_booked_costs(world: Any, project: Project) -> None:
    assert booked_costs_of(project=project) == D("0.00")
    assert with_booked_costs(Project.objects.filter(pk=project.pk)).get().booked_costs == D("0.00")
