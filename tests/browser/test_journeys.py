"""The foundation's main journeys, end to end in headless Chromium, as a user meets them (German UI)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from kisa.core.models import AuditEntry
from kisa.registry.models import Kita
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_coordinator_reads_the_overview_and_adds_a_kita_after_correcting_the_places(
    desktop: Page, live_server, world, test_password
):
    page = desktop
    log_in(page, live_server, "koordination", test_password)
    expect(page.get_by_role("banner")).to_contain_text("Koordination")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Sozialraum-Übersicht"
    ).click()
    overview = page.get_by_role("table").first
    expect(overview).to_contain_text("Landkreis Mayen-Koblenz")
    expect(overview).to_contain_text("Zuständigkeitsbereich")
    expect(page.get_by_text("Andernach").first).to_be_visible()

    page.goto(f"{live_server.url}/register/kitas/")
    page.get_by_role("link", name="Neue Kita").click()
    page.get_by_label("Kita-Nummer").fill("N-77")
    page.get_by_label("Name", exact=True).fill("Kita Pusteblume")
    page.get_by_label("Gemeinde").select_option(label="Kottenheim")
    page.get_by_label("Träger").select_option(label="Kath. Kita gGmbH")
    page.get_by_label("Genehmigte Plätze").fill("-5")
    page.get_by_role("button", name="Speichern").click()

    places = page.get_by_label("Genehmigte Plätze")
    expect(places).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_approved_places_error")).to_be_visible()
    assert not Kita.objects.filter(number="N-77").exists()

    places.fill("40")
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Kita Pusteblume"))
    expect(page.get_by_role("status").first).to_contain_text("Kita Pusteblume")
    assert Kita.objects.get(number="N-77").approved_places == 40
    assert AuditEntry.objects.filter(model_label="registry.Kita", object_repr="Kita Pusteblume").count() == 1

    page.get_by_role("link", name="Änderungsprotokoll").first.click()
    expect(page.get_by_role("table")).to_contain_text("Kita Pusteblume")


def test_social_worker_on_a_phone_sees_their_week_and_cannot_open_another_workers_kita(
    phone: Page, live_server, world, test_password
):
    page = phone
    log_in(page, live_server, "fachkraft_a", test_password)

    main = page.get_by_role("main")
    expect(main).to_contain_text("Kita St. Martin")
    expect(main).not_to_contain_text("Kita Regenbogen")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390, f"the start page scrolls sideways on a phone ({page_width}px)"

    response = page.goto(f"{live_server.url}/register/kitas/{world.kita_b.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("nicht gefunden")

    response = page.goto(f"{live_server.url}/register/personal/")
    assert response is not None and response.status == 200
    expect(page.get_by_role("main")).to_contain_text("Adler")
    expect(page.get_by_role("main")).not_to_contain_text("Berg")


def test_coordinator_import_with_an_error_writes_nothing_and_names_row_and_column(
    desktop: Page, live_server, world, test_password, tmp_path
):
    page = desktop
    csv_file = tmp_path / "kitas.csv"
    csv_file.write_text(
        "number,name,street,postal_code,ags,provider,social_area,approved_places,lat,lon,family_centre_status\n"
        "N-1,Kita Löwenzahn,Schulstraße 3,56751,07137055,Kath. Kita gGmbH,,50,,,\n"
        "N-2,Kita Kunterbunt,Hauptstraße 1,56751,07137055,Unbekannter Träger,,40,,,\n",
        encoding="utf-8",
    )
    log_in(page, live_server, "koordination", test_password)
    page.goto(f"{live_server.url}/register/import/")
    page.get_by_label("Was importiert werden soll").select_option(label="Kitas")
    page.get_by_label("Datei", exact=True).set_input_files(str(csv_file))
    page.get_by_role("button", name="Datei importieren").click()

    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.locator("td").nth(0)).to_have_text("3")
    expect(rows.locator("td").nth(1)).to_have_text("provider")
    expect(rows.locator("td").nth(2)).to_contain_text("Unbekannter Träger")
    assert not Kita.objects.filter(number__in=["N-1", "N-2"]).exists()


def test_worker_creates_an_api_token_uses_it_and_revokes_it(desktop: Page, live_server, world, test_password):
    page = desktop
    log_in(page, live_server, "fachkraft_a", test_password)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="API-Token").click()

    page.get_by_label("Name").fill("Auswertungsskript")
    page.get_by_role("button", name="Token anlegen").click()
    token = page.get_by_label("Token", exact=True).input_value()
    assert token.startswith("kisa_")

    assert _api_status_and_names(live_server, token) == (200, ["Kita St. Martin"])

    page.get_by_role("button", name="Widerrufen Auswertungsskript").click()
    expect(page.get_by_role("table")).to_contain_text("widerrufen")
    assert _api_status_and_names(live_server, token) == (401, [])


def _api_status_and_names(live_server, token: str) -> tuple[int, list[str]]:
    """GET /api/v1/kitas with only the bearer token (no browser session), as a script would."""
    request = urllib.request.Request(  # noqa: S310 - the test's own live server
        f"{live_server.url}/api/v1/kitas", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310
            return response.status, [item["name"] for item in json.load(response)["items"]]
    except urllib.error.HTTPError as error:
        return error.code, []
