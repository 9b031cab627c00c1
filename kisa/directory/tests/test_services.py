"""Directory writes and the reachability computation over the synthetic timetable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from kisa.core.models import AuditEntry
from kisa.directory import services
from kisa.directory.models import Reachability, Service
from kisa.directory.tests.factories import LocationFactory


def _data(location, **extra):
    return {
        "organization": location.organization,
        "location": location,
        "name": "Neue Beratung",
        "categories": ["debt_counselling"],
        "languages": ["de"],
        **extra,
    }


def test_service_create_is_audited_and_keeps_the_service_area(world) -> None:
    location = LocationFactory(youth_office=world.office)
    service = services.service_create(
        actor=world.users["coordinator"],
        youth_office=world.office,
        data=_data(location),
        service_area=[world.municipality_in_area],
    )
    assert list(service.service_area.all()) == [world.municipality_in_area]
    entry = AuditEntry.objects.get(model_label="directory.Service", object_id=str(service.pk))
    assert entry.actor == world.users["coordinator"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"categories": ["astrology"]}, "categories"),
        ({"categories": []}, "categories"),
        ({"languages": ["xx"]}, "languages"),
        ({"age_min": 10, "age_max": 3}, "age_max"),
        ({"last_verified": dt.date.today() + dt.timedelta(days=3)}, "last_verified"),
    ],
)
def test_service_create_refuses_invalid_values_naming_the_field(world, extra, field) -> None:
    location = LocationFactory(youth_office=world.office)
    with pytest.raises(ValidationError) as error:
        services.service_create(actor=None, youth_office=world.office, data=_data(location, **extra))
    assert field in error.value.message_dict
    assert not Service.objects.exists()


def test_location_outside_germany_is_refused(world) -> None:
    organization = LocationFactory(youth_office=world.office).organization
    with pytest.raises(ValidationError) as error:
        services.location_create(
            actor=None,
            youth_office=world.office,
            data={
                "organization": organization,
                "name": "Paris",
                "city": "Paris",
                "latitude": "48.85000",
                "longitude": "2.35000",
            },
        )
    assert set(error.value.message_dict) == {"longitude"}


def test_offer_of_another_office_cannot_use_this_office_location(world) -> None:
    location = LocationFactory(youth_office=world.other_office)
    with pytest.raises(ValidationError) as error:
        services.service_create(actor=None, youth_office=world.office, data=_data(location))
    assert "organization" in error.value.message_dict


def test_service_verify_sets_today(offers, world) -> None:
    service = offers["parenting"]
    services.service_verify(actor=world.users["coordinator"], service=service, on=dt.date(2026, 3, 1))
    service.refresh_from_db()
    assert service.last_verified == dt.date(2026, 3, 1)


def test_reachability_from_kottenheim_by_bus_to_mayen_and_koblenz(offers, feed, world, settings) -> None:
    settings.KISA_REACHABILITY_DATE = "2026-12-01"
    services.reachability_compute(youth_office=world.office)
    row = Reachability.objects.get(
        municipality=world.municipality_in_area, category="debt_counselling", origin_kind="municipality"
    )
    assert row.nearest_service == offers["debt_tr"]
    assert row.transit_service == offers["debt_tr"]
    assert row.distance_km == pytest.approx(3.3, abs=0.2)
    assert row.car_minutes == pytest.approx(3 + 3.3 * 1.3 / 30 * 60, abs=0.5)
    assert 15 <= row.transit_median_minutes <= 45
    assert row.transit_median_minutes <= row.transit_worst_minutes
    parenting = Reachability.objects.get(
        municipality=world.municipality_in_area, category="parenting_counselling", origin_kind="municipality"
    )
    assert parenting.transit_median_minutes is None or parenting.transit_median_minutes > 60
    # Kitas are origins too; another office's offer is never anyone's nearest here.
    assert Reachability.objects.filter(youth_office=world.office, origin_kind="kita").count() == 6
    assert not Reachability.objects.filter(
        nearest_service=offers["other"], youth_office=world.office
    ).exists()


def test_reachability_without_a_timetable_still_has_distance_and_car(offers, world) -> None:
    services.reachability_compute(youth_office=world.office)
    row = Reachability.objects.get(
        municipality=world.municipality_in_area, category="debt_counselling", origin_kind="municipality"
    )
    assert row.car_minutes is not None
    assert row.transit_median_minutes is None


def test_changing_an_offer_recomputes_reachability_after_commit(
    offers, world, django_capture_on_commit_callbacks
) -> None:
    assert not Reachability.objects.exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.service_update(
            actor=None, service=offers["debt_tr"], data={"name": "Schuldnerberatung Caritas"}
        )
    assert len(callbacks) == 1
    assert Reachability.objects.filter(youth_office=world.office, category="debt_counselling").exists()


def test_compute_reachability_command(offers, world, capsys) -> None:
    call_command("compute_reachability", office=world.office.name)
    assert Reachability.objects.filter(youth_office=world.office).count() == 3 * 2 + 3 * 2
