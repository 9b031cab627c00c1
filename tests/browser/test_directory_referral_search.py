"""A social worker looks for a Turkish-speaking debt counselling service that a family in Kottenheim can
reach by bus and records the referral, end to end in headless Chromium (German UI, synthetic timetable)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from kisa.directory.gtfs_synthetic import SYNTHETIC_FEED_PATH
from kisa.directory.services import gtfs_feed_import
from kisa.directory.tests.factories import LocationFactory, ServiceFactory
from kisa.documentation.models import Referral
from kisa.documentation.tests.factories import make_case
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def directory(world, settings):
    settings.KISA_REACHABILITY_DATE = "2026-12-01"
    kottenheim = world.municipality_in_area
    kottenheim.latitude, kottenheim.longitude = Decimal("50.34894"), Decimal("7.25673")
    kottenheim.save()
    mayen = LocationFactory(youth_office=world.office, city="Mayen", name="Caritas Mayen")
    koblenz = LocationFactory(
        youth_office=world.office, city="Koblenz", latitude=Decimal("50.36010"), longitude=Decimal("7.59470")
    )
    ServiceFactory(
        youth_office=world.office,
        location=mayen,
        name="Schuldnerberatung Caritas Mayen",
        categories=["debt_counselling"],
        languages=["de", "tr"],
    )
    ServiceFactory(
        youth_office=world.office,
        location=koblenz,
        name="Schuldnerberatung Koblenz",
        categories=["debt_counselling"],
        languages=["de", "tr"],
    )
    ServiceFactory(
        youth_office=world.office,
        location=mayen,
        name="Schuldnerberatung nur Deutsch",
        categories=["debt_counselling"],
        languages=["de"],
    )
    with SYNTHETIC_FEED_PATH.open("rb") as source:
        gtfs_feed_import(actor=None, source=source, name="synthetic", recompute=False)
    return world


def test_worker_finds_turkish_debt_counselling_reachable_by_bus_from_kottenheim_and_records_the_referral(
    desktop: Page, live_server, directory, test_password
):
    case = make_case(worker=directory.worker_a, kita=directory.kita_a)
    page = desktop
    log_in(page, live_server, "fachkraft_a", test_password)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Angebote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Angebotsverzeichnis")

    page.get_by_label("Kategorie").select_option(label="Schuldnerberatung")
    page.get_by_label("Sprache").select_option(label="Türkisch")
    page.get_by_label("Mit Bus und Bahn erreichbar ab").select_option(label="Kottenheim")
    page.get_by_label("Höchstens (Minuten, Median)").fill("60")
    page.get_by_role("button", name="Suchen").click()

    table = page.get_by_role("table")
    expect(table).to_contain_text("Bus und Bahn ab Kottenheim")
    expect(table).to_contain_text("Schuldnerberatung Caritas Mayen")
    # Koblenz is more than an hour away by bus; the German-only offer does not fit.
    expect(table).not_to_contain_text("Schuldnerberatung Koblenz")
    expect(table).not_to_contain_text("nur Deutsch")
    expect(page.get_by_role("status").first).to_contain_text("1 Angebot gefunden")
    minutes = table.get_by_role("row").nth(1).get_by_role("cell").nth(4).inner_text()
    typical, worst = (int(part) for part in re.findall(r"\d+", minutes))
    assert 15 <= typical <= worst <= 60

    page.get_by_role("link", name="Schuldnerberatung Caritas Mayen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schuldnerberatung Caritas Mayen")
    expect(page.get_by_text("Angebotsnummer (für Vermittlungen)")).to_be_visible()
    expect(page.get_by_text("Deutsch, Türkisch")).to_be_visible()

    # Back to the results: "document referral" opens the fast entry with the kind of offer and the offer.
    page.go_back()
    page.get_by_role("link", name="Vermittlung dokumentieren: Schuldnerberatung Caritas Mayen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbeit dokumentieren")
    expect(page.get_by_label("Schuldnerberatung", exact=True)).to_be_checked()
    offers = page.get_by_label("Angebote, an die vermittelt wurde")
    expect(offers).to_be_visible()
    expect(offers.locator("option:checked")).to_have_text(["Schuldnerberatung Caritas Mayen (Mayen)"])
    # Only offers of the chosen kind are offered (the script hides the other kinds' groups).
    expect(offers.locator("optgroup:not([hidden])")).to_have_count(1)
    page.get_by_label("Dauer (Minuten)").fill("30")
    page.get_by_label("Kita St. Martin").check()
    page.get_by_label(re.compile(r"^Fall\b")).select_option(label=str(case))
    page.get_by_role("button", name="Eintrag speichern").click()

    expect(page.locator("#outbox-count")).to_contain_text("Gesendet: 1")
    # Saved, with a warning: the case has no consent for debt counselling.
    expect(page.locator("[data-outbox-warnings]")).to_contain_text(f"Für Fall {case.code} liegt am")
    referral = Referral.objects.select_related("service", "activity").get()
    assert (referral.category, referral.service.name) == (
        "debt_counselling",
        "Schuldnerberatung Caritas Mayen",
    )
    assert referral.activity.case_id == case.pk


def test_referral_search_on_a_phone_shows_bus_times_and_the_referral_link_without_sideways_scrolling(
    phone: Page, live_server, directory, test_password
):
    from kisa.directory.services import reachability_compute

    reachability_compute(youth_office=directory.office)
    page = phone
    log_in(page, live_server, "fachkraft_a", test_password)
    page.goto(f"{live_server.url}/angebote/verwaltung/")
    page.get_by_label("Kategorie").select_option(label="Schuldnerberatung")
    page.get_by_label("Sprache").select_option(label="Türkisch")
    page.get_by_label("Mit Bus und Bahn erreichbar ab").select_option(label="Kottenheim")
    page.get_by_role("button", name="Suchen").click()

    link = page.get_by_role("link", name="Vermittlung dokumentieren: Schuldnerberatung Caritas Mayen")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390, f"the link is off screen: {box}"
    times = page.locator("td", has_text=re.compile(r"^\s*\d+ / \d+\s*$")).first
    expect(times).to_be_visible()
    box = times.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390, f"the bus times are off screen: {box}"
