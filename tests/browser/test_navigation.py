"""The main navigation on a phone folds behind a "Menü" button, so that a page's content starts on the first
screen; on a desktop all entries show."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_on_a_phone_the_menu_button_opens_the_navigation_and_the_content_starts_on_the_first_screen(
    phone: Page, live_server, world, test_password
):
    log_in(phone, live_server, "koordination", test_password)
    navigation = phone.get_by_role("navigation", name="Hauptnavigation")
    menu = navigation.get_by_role("button", name="Menü")

    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation.get_by_role("link", name="Kitas", exact=True)).to_be_hidden()
    heading = phone.get_by_role("main").get_by_role("heading").first
    assert heading.bounding_box()["y"] < 844 / 2, (
        "the page's heading is on the upper half of the first screen"
    )

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    navigation.get_by_role("link", name="Kitas", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Kitas")

    navigation.get_by_role("button", name="Menü").click()
    expect(navigation.get_by_role("link", name="Kitas", exact=True)).to_have_attribute("aria-current", "page")


def test_on_a_desktop_every_entry_shows_without_a_menu_button(
    desktop: Page, live_server, world, test_password
):
    log_in(desktop, live_server, "koordination", test_password)
    navigation = desktop.get_by_role("navigation", name="Hauptnavigation")

    expect(navigation.get_by_role("button", name="Menü")).to_be_hidden()
    expect(navigation.get_by_role("link", name="Kitas", exact=True)).to_be_visible()
