"""The demo loader: plausible offers, the synthetic feed and reachability; a second run writes nothing."""

from __future__ import annotations

import io

from kisa.directory.demo import ORGS, load_directory_demo
from kisa.directory.models import GtfsFeed, Reachability, Service


def test_demo_offers_cover_the_towns_and_include_turkish_debt_counselling() -> None:
    offers = [(spec.town, service) for spec in ORGS for service in spec.services]
    assert 55 <= len(offers) <= 65
    assert {"Andernach", "Koblenz", "Mayen"} <= {town for town, _s in offers}
    assert any(
        town == "Mayen" and "debt_counselling" in service[1] and "tr" in service[2]
        for town, service in offers
    )


def test_demo_loader_is_idempotent_and_computes_reachability(places) -> None:
    created = load_directory_demo(youth_office=places.office, stdout=io.StringIO())
    # The test world knows Kottenheim, Polch and Andernach; Koblenz offers need no municipality.
    assert created == Service.objects.filter(youth_office=places.office).count() > 20
    assert GtfsFeed.objects.get(is_current=True).is_synthetic
    assert Reachability.objects.filter(
        youth_office=places.office, transit_median_minutes__isnull=False
    ).exists()
    assert load_directory_demo(youth_office=places.office, stdout=io.StringIO()) == 0
    assert GtfsFeed.objects.count() == 1
