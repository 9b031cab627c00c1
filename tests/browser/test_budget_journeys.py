"""Budget journeys: the coordinator books beyond a Kita's allocation, sees the warning and reverses the
booking; a social worker on a phone sees only their Kita's budget."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from kisa.budget import services
from kisa.budget.tests.factories import AllocationSchemeFactory, BudgetYearFactory
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def budget_2025(world):
    scheme = AllocationSchemeFactory(youth_office=world.office, name="Fachkonzept")
    year = BudgetYearFactory(youth_office=world.office, year=2025, scheme=scheme)
    services.allocation_compute(actor=None, budget_year=year)
    return year


def test_coordinator_books_beyond_the_allocation_and_reverses_it(
    desktop: Page, live_server, world, budget_2025, test_password
):
    page = desktop
    log_in(page, live_server, "koordination", test_password)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Budget").click()
    page.get_by_role("link", name="2025").click()
    page.get_by_role("link", name="Neue Buchung").first.click()
    page.get_by_label("Datum").fill("2025-04-01")
    page.get_by_label("Betrag (€)").fill("28.829,82")
    page.get_by_label("Kategorie").select_option(label="Sachkosten")
    page.get_by_label("Kita").select_option(label="Kita Arche Noah")
    page.get_by_label("Beschreibung").fill("Spielgeräte Außengelände")
    page.get_by_label("Belegnummer").fill("R-2025-1")
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("status").first).to_contain_text(
        "überschreitet die Zuweisung an Kita Arche Noah um 1,00 €"
    )
    table = page.get_by_role("table")
    expect(table).to_contain_text("R-2025-1")
    page.get_by_role("link", name="Stornieren R-2025-1").click()
    page.get_by_label("Datum").fill("2025-04-02")
    page.get_by_label("Belegnummer").fill("S-2025-1")
    page.get_by_label("Grund").fill("Falsche Kita")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("table")).to_contain_text("-28.829,82 €")
    expect(page.get_by_role("main")).to_contain_text("2 Buchungen, insgesamt 0,00 €")


def test_social_worker_on_a_phone_sees_only_their_kitas_budget(
    phone: Page, live_server, world, budget_2025, test_password
):
    page = phone
    log_in(page, live_server, "fachkraft_a", test_password)
    page.goto(f"{live_server.url}/budget/2025/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Kita St. Martin")
    expect(main).not_to_contain_text("Kita Regenbogen")
    expect(main).not_to_contain_text("100.000,00 €")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390, f"the budget page scrolls sideways on a phone ({page_width}px)"
    response = page.goto(f"{live_server.url}/budget/2025/kitas/{world.kita_b.pk}/")
    assert response is not None and response.status == 404
