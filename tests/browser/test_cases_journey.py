"""A worker opens a pseudonymous case on a phone and records a consent; the coordinator sees counts only."""

from __future__ import annotations

import re

import pytest
from cryptography.fernet import Fernet
from playwright.sync_api import Page, expect

from kisa.cases.models import Case, Consent
from kisa.core.models import AuditEntry
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def encryption_keys(settings):
    settings.KISA_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]


def test_worker_opens_a_case_and_records_consent_coordinator_sees_counts_only(
    phone: Page, desktop: Page, live_server, world, test_password
):
    page = phone
    log_in(page, live_server, "fachkraft_a", test_password)
    page.goto(f"{live_server.url}/faelle/")
    page.get_by_role("link", name="Neuer Fall").click()
    page.get_by_label("Kita").select_option(label="Kita St. Martin")
    page.get_by_label("Anzahl der Kinder").fill("2")
    page.get_by_label("3 bis 5 Jahre").check()
    page.get_by_label("Familiensprache").select_option(label="Arabisch")
    page.get_by_label("Vertretung").select_option(label="Ben Berg")
    page.get_by_label("Klarname und Kontakt (freiwillig)").fill("Familie H., Tel. 0151 000")
    page.get_by_role("button", name="Speichern").click()

    case = Case.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Fall {case.code}")
    expect(page.get_by_text("Familie H., Tel. 0151 000")).to_be_visible()

    page.get_by_role("link", name="Einwilligung erfassen").click()
    page.get_by_label("Empfänger (Art des Angebots)").select_option(label="Logopädie")
    page.get_by_label("Welche Daten").fill("Anlass der Vermittlung")
    page.get_by_label("schriftlich").check()
    page.get_by_role("button", name="Speichern").click()
    expect(
        page.get_by_role("region", name="Einwilligung und Schweigepflichtentbindung").last
    ).to_contain_text("Logopädie")
    assert Consent.objects.get().case == case
    assert AuditEntry.objects.filter(action="view", object_id=str(case.pk)).count() >= 2

    log_in(desktop, live_server, "koordination", test_password)
    desktop.goto(f"{live_server.url}/faelle/zahlen/")
    expect(desktop.get_by_role("table")).to_contain_text("Kita St. Martin")
    expect(desktop.get_by_role("main")).not_to_contain_text(case.code)
    response = desktop.goto(f"{live_server.url}/faelle/{case.pk}/")
    assert response is not None and response.status == 403
    expect(desktop.get_by_role("main")).not_to_contain_text(re.compile("Familie H"))
