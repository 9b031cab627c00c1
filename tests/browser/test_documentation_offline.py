"""A social worker documents a day's work on a phone, partly without signal; the coordinator's figures show it."""

from __future__ import annotations

import html
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from kisa.core.tests.ui import ui
from kisa.documentation.models import Activity
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def t(msgid: str) -> str:
    return html.unescape(ui(msgid))


def _enter(page: Page, minutes: int, activity_type: str = "Beratung") -> None:
    page.get_by_label(t("case-specific"), exact=True).check()
    page.get_by_label(t("Activity type")).select_option(label=activity_type)
    page.get_by_label(t("Duration (minutes)")).fill(str(minutes))
    page.get_by_label("Kita St. Martin").check()
    page.get_by_role("button", name=t("Save entry")).click()


def test_worker_documents_online_and_offline_and_the_coordinator_sees_every_entry_once(
    phone: Page, browser: Browser, live_server, world, test_password
):
    page = phone
    log_in(page, live_server, "fachkraft_a", test_password)
    page.goto(f"{live_server.url}/dokumentation/erfassen/")
    expect(page.get_by_text(t("No names, no details that identify a family."))).to_be_visible()
    status = page.locator("#outbox-count")

    _enter(page, 30)
    expect(status).to_contain_text(f"{t('Sent')}: 1")
    assert Activity.objects.count() == 1

    page.context.set_offline(True)
    expect(page.locator("#entry-offline-status")).to_be_visible()
    # The form is cleared only after the entry is stored on the device: wait for each before the next,
    # or the next entry's first clicks land on the form before it is cleared.
    for waiting, (minutes, activity_type) in enumerate(
        [(45, "Beratung"), (60, "Hausbesuch"), (0, "Beratung")], 1
    ):
        _enter(page, minutes, activity_type)  # 0 minutes is a typing error: the server will refuse it
        expect(status).to_contain_text(f"{t('Waiting to be sent')}: {waiting}")
    expect(page.locator("#outbox-list li.entry-outbox__item--waiting")).to_have_count(3)
    assert Activity.objects.count() == 1, "nothing arrives without a connection"

    page.context.set_offline(False)
    expect(status).to_contain_text(f"{t('Sent')}: 3")
    expect(status).to_contain_text(f"{t('Refused')}: 1")
    refused = page.locator("#outbox-list li.entry-outbox__item--rejected")
    expect(refused).to_contain_text(t("Duration (minutes)"))
    assert Activity.objects.count() == 3

    refused.get_by_role("button").click()
    expect(page.locator("#entry-client-errors")).to_be_visible()
    expect(page.get_by_label(t("Duration (minutes)"))).to_have_value("0")
    page.get_by_label(t("Duration (minutes)")).fill("20")
    page.get_by_role("button", name=t("Save entry")).click()
    expect(status).to_contain_text(f"{t('Sent')}: 4")
    expect(page.locator("#outbox-list li")).to_have_count(0)

    # Sending again (a reload, a second "Send now") never duplicates.
    page.get_by_role("button", name=t("Send now")).click()
    page.reload()
    assert Activity.objects.count() == 4
    assert sorted(Activity.objects.values_list("duration_minutes", flat=True)) == [20, 30, 45, 60]
    assert Activity.objects.values("client_id").distinct().count() == 4
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the entry page scrolls sideways on a phone ({width}px)"

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    desktop = context.new_page()
    log_in(desktop, live_server, "koordination", test_password)
    desktop.goto(
        f"{live_server.url}/dokumentation/statistik/?group_by=dimension&year={timezone.localdate().year}"
    )
    row = desktop.get_by_role("row", name=re.compile(t("case-specific")))
    expect(row).to_contain_text("4")
    expect(row).to_contain_text("2,6")  # 155 minutes
    context.close()


def test_offline_entry_works_when_the_directory_has_offers_of_several_kinds(
    phone: Page, live_server, world, test_password
):
    """The offer select groups offers by kind; hiding the unticked kinds must not break the page's script."""
    from kisa.directory.tests.factories import ServiceFactory

    ServiceFactory(youth_office=world.office, name="Schuldnerberatung Mayen", categories=["debt_counselling"])
    ServiceFactory(youth_office=world.office, name="Logopädie Polch", categories=["speech_therapy"])
    errors: list[str] = []
    page = phone
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, "fachkraft_a", test_password)
    page.goto(f"{live_server.url}/dokumentation/erfassen/")
    status = page.locator("#outbox-count")

    page.context.set_offline(True)
    _enter(page, 35)
    expect(status).to_contain_text(f"{t('Waiting to be sent')}: 1")
    assert Activity.objects.count() == 0
    page.context.set_offline(False)
    expect(status).to_contain_text(f"{t('Sent')}: 1")
    assert list(Activity.objects.values_list("duration_minutes", flat=True)) == [35]
    assert errors == [], f"the entry page's script failed: {errors}"
