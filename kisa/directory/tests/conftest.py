"""Directory fixtures: real coordinates for the world's municipalities, a few offers, the synthetic feed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kisa.directory import services
from kisa.directory.gtfs_synthetic import SYNTHETIC_FEED_PATH
from kisa.directory.tests.factories import LocationFactory, ServiceFactory

KOTTENHEIM = (Decimal("50.34894"), Decimal("7.25673"))
POLCH = (Decimal("50.29988"), Decimal("7.31398"))
ANDERNACH = (Decimal("50.43958"), Decimal("7.39857"))


@pytest.fixture
def places(world: Any) -> Any:
    """The world's municipalities at their real centres (the synthetic feed has stops there)."""
    for municipality, (lat, lon) in (
        (world.municipality_in_area, KOTTENHEIM),
        (world.kita_b.municipality, POLCH),
        (world.municipality_outside_area, ANDERNACH),
    ):
        municipality.latitude, municipality.longitude = lat, lon
        municipality.children_under_7 = 180
        municipality.children_under_7_date = "2021-12-31"
        municipality.save()
    return world


@pytest.fixture
def offers(places: Any) -> dict[str, Any]:
    """Turkish-speaking debt counselling in Mayen, parenting counselling in Koblenz, and another office's."""
    office = places.office
    mayen = LocationFactory(youth_office=office, city="Mayen", name="Caritas Mayen")
    koblenz = LocationFactory(
        youth_office=office,
        city="Koblenz",
        name="Beratungszentrum",
        latitude=Decimal("50.36010"),
        longitude=Decimal("7.59470"),
    )
    return {
        "debt_tr": ServiceFactory(
            youth_office=office,
            location=mayen,
            name="Schuldnerberatung Mayen",
            categories=["debt_counselling"],
            languages=["de", "tr"],
            age_min=18,
        ),
        "parenting": ServiceFactory(
            youth_office=office,
            location=koblenz,
            name="Erziehungsberatung Koblenz",
            categories=["parenting_counselling"],
            languages=["de", "en"],
        ),
        "other": ServiceFactory(
            youth_office=places.other_office,
            name="Fremdes Angebot",
            categories=["debt_counselling"],
            languages=["tr"],
        ),
    }


@pytest.fixture
def feed(db: Any) -> Any:
    with SYNTHETIC_FEED_PATH.open("rb") as source:
        return services.gtfs_feed_import(actor=None, source=source, name="synthetic", recompute=False)
