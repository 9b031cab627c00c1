"""Changing the responsibility area from a municipality's page (a town handing over its youth office)."""

import datetime as dt

import pytest
from django.urls import reverse

from kisa.core.models import AuditEntry
from kisa.core.tests.ui import ui
from kisa.registry.models import Municipality, ResponsibilityArea


def _url(municipality):
    return reverse("registry:municipality_responsibility", args=[municipality.pk])


def test_coordinator_adds_andernach_from_a_date_and_the_area_counts_it_from_then_on(world):
    client = world.client_for("coordinator")

    response = client.post(_url(world.municipality_outside_area), {"date": "2027-01-01"})

    assert response.status_code == 302
    period = ResponsibilityArea.objects.get(municipality=world.municipality_outside_area)
    assert (period.youth_office, period.valid_from, period.valid_to) == (
        world.office,
        dt.date(2027, 1, 1),
        None,
    )
    in_area = Municipality.objects.in_responsibility_area(world.office, dt.date(2027, 1, 1))
    assert "Andernach" in {m.name for m in in_area}
    assert AuditEntry.objects.filter(model_label="registry.ResponsibilityArea", action="create").count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert ui("Since %(start)s", start="01.01.2027") in detail


def test_coordinator_ends_the_period_of_a_municipality_without_kitas(world):
    empty = world.municipality_in_area
    world.kita_a.municipality = world.kita_b.municipality
    world.kita_a.save()

    response = world.client_for("coordinator").post(_url(empty), {"date": "2026-12-31"})

    assert response.status_code == 302
    period = ResponsibilityArea.objects.get(municipality=empty)
    assert period.valid_to == dt.date(2026, 12, 31)


def test_ending_the_period_where_active_kitas_lie_is_refused_with_the_reason(world):
    response = world.client_for("coordinator").post(_url(world.municipality_in_area), {"date": "2026-12-31"})

    assert response.status_code == 200
    assert ui("Active Kitas lie in %(name)s: move or deactivate them first.", name="Kottenheim") in (
        response.content.decode()
    )
    assert ResponsibilityArea.objects.get(municipality=world.municipality_in_area).valid_to is None


def test_an_end_before_the_start_is_refused_at_the_date_field(world):
    world.kita_a.is_active = False
    world.kita_a.save()

    response = world.client_for("coordinator").post(_url(world.municipality_in_area), {"date": "2020-01-01"})

    assert response.status_code == 200
    assert ui("'Valid to' must not be before 'valid from'.") in response.content.decode()
    assert ResponsibilityArea.objects.get(municipality=world.municipality_in_area).valid_to is None


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "provider", "read_only", "admin"])
def test_other_roles_may_not_change_the_responsibility_area(world, persona):
    response = world.client_for(persona).post(_url(world.municipality_outside_area), {"date": "2027-01-01"})

    assert response.status_code == 403
    assert not ResponsibilityArea.objects.filter(municipality=world.municipality_outside_area).exists()


def test_another_offices_coordinator_cannot_reach_this_district(world):
    response = world.client_for("outsider").post(
        _url(world.municipality_outside_area), {"date": "2027-01-01"}
    )

    assert response.status_code == 404
    assert not ResponsibilityArea.objects.filter(municipality=world.municipality_outside_area).exists()


def test_a_kita_whose_municipality_left_the_area_can_still_be_deactivated(world):
    kita = world.kita_a
    kita.is_active = False
    kita.save()
    period = ResponsibilityArea.objects.get(municipality=world.municipality_in_area)
    period.valid_to = dt.date(2024, 12, 31)
    period.save()
    url = reverse("registry:kita_update", args=[kita.pk])
    client = world.client_for("coordinator")
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["name"] = "Kita St. Martin (geschlossen)"

    response = client.post(url, data)

    assert response.status_code == 302
    kita.refresh_from_db()
    assert (kita.name, kita.municipality) == ("Kita St. Martin (geschlossen)", world.municipality_in_area)


def test_responsibility_form_shortens_a_period_that_ends_in_the_future(world):
    world.kita_a.is_active = False
    world.kita_a.save()
    period = ResponsibilityArea.objects.get(municipality=world.municipality_in_area)
    period.valid_to = dt.date(2099, 12, 31)
    period.save()

    response = world.client_for("coordinator").post(_url(world.municipality_in_area), {"date": "2030-06-30"})

    assert response.status_code == 302
    period.refresh_from_db()
    assert period.valid_to == dt.date(2030, 6, 30)


def test_responsibility_form_explains_the_date_below_its_heading(world):
    page = world.client_for("coordinator").get(_url(world.municipality_in_area)).content.decode()

    heading = page.index(ui("Take %(object)s out of the responsibility area", object="Kottenheim"))
    explanation = page.index(
        ui(
            "In the responsibility area since %(since)s. The date is the last day it belongs to it.",
            since="01.07.2021",
        )
    )
    assert heading < explanation
