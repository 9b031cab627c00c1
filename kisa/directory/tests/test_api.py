"""The directory API: public offer search, and reachability for the analysis roles."""

from __future__ import annotations

import pytest
from django.test import Client

from kisa.directory import services


def test_offers_are_public_and_filter_by_category_language_and_near(offers) -> None:
    response = Client().get(
        "/api/v1/offers", {"category": "debt_counselling", "language": "tr", "near": "50.349,7.257"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first["distance_km"] <= body["items"][1]["distance_km"]
    assert "tr" in first["languages"]


def test_offers_filter_by_municipality(offers, places) -> None:
    offers["parenting"].service_area.set([places.municipality_in_area])
    body = Client().get("/api/v1/offers", {"municipality": places.municipality_in_area.ags}).json()
    assert [item["name"] for item in body["items"]] == ["Erziehungsberatung Koblenz"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"near": "Mayen"}, "near"),
        ({"near": "10,10"}, "near"),
        ({"category": "astrology"}, "category"),
        ({"municipality": "99999999"}, "municipality"),
    ],
)
def test_offers_refuse_bad_filters_naming_them(offers, params, field) -> None:
    response = Client().get("/api/v1/offers", params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


@pytest.mark.parametrize("mode", ["car", "transit"])
def test_reachability_per_municipality(offers, feed, world, mode, settings) -> None:
    settings.KISA_REACHABILITY_DATE = "2026-12-01"
    services.reachability_compute(youth_office=world.office)
    response = world.client_for("read_only").get(
        "/api/v1/reachability", {"category": "debt_counselling", "mode": mode}
    )
    assert response.status_code == 200
    items = {item["municipality"]: item for item in response.json()["items"]}
    kottenheim = items["Kottenheim"]
    assert kottenheim["offer_name"] == "Schuldnerberatung Mayen"
    assert kottenheim["children_under_7"] == 180
    if mode == "car":
        assert kottenheim["worst_minutes"] is None and kottenheim["minutes"] < 15
    else:
        assert 15 <= kottenheim["minutes"] <= kottenheim["worst_minutes"]


@pytest.mark.parametrize("persona", ["kita_lead", "provider", "admin"])
def test_reachability_refused_for_other_roles(world, persona) -> None:
    response = world.client_for(persona).get("/api/v1/reachability", {"category": "debt_counselling"})
    assert response.status_code == 403


def test_reachability_needs_authentication() -> None:
    assert Client().get("/api/v1/reachability", {"category": "debt_counselling"}).status_code == 401


def test_reachability_of_another_office_is_not_shown(offers, world) -> None:
    services.reachability_compute(youth_office=world.office)
    response = world.client_for("outsider").get("/api/v1/reachability", {"category": "debt_counselling"})
    assert response.json()["count"] == 0
