"""Directory reads: referral choices for the documentation app, and the maps' third-party rule."""

from __future__ import annotations

from kisa.directory.maps import MapPoint, colour_for, render_map
from kisa.directory.selectors import service_choices_for_referral


def test_referral_choices_are_the_active_offers_of_the_own_office(offers, world) -> None:
    offers["parenting"].is_active = False
    offers["parenting"].save()
    assert list(service_choices_for_referral(user=world.users["worker_a"])) == [offers["debt_tr"]]


def test_map_requests_no_tiles_unless_configured(settings) -> None:
    points = [
        MapPoint(50.33, 7.22, "Mayen", colour=colour_for(25)),
        MapPoint(50.36, 7.59, "Koblenz", kind="offer"),
    ]
    settings.KISA_MAP_TILE_URL = ""
    svg = str(render_map(points, title="Karte <Test>"))
    assert "<image" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "Karte &lt;Test&gt;" in svg
    settings.KISA_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert 'href="https://tiles.example.org/10/' in str(render_map(points, title="Karte"))


def test_colour_classes() -> None:
    assert colour_for(None) != colour_for(20) != colour_for(120)
