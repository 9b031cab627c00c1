"""A parent leaves an anonymous complaint in Turkish through the Kita's QR link on a phone, the Kita lead
answers it in the inbox, and the parent reads the answer with the receipt code."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from kisa.participation.models import FeedbackItem
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_turkish_parent_complains_anonymously_and_reads_the_leads_answer(
    browser: Browser, desktop: Page, live_server, world, test_password
):
    # The QR code on the poster carries the Kita's link with the poster's language.
    parent_context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="tr-TR", is_mobile=True
    )
    parent = parent_context.new_page()
    parent.set_default_timeout(10_000)
    parent.goto(f"{live_server.url}/beteiligung/k/{world.kita_a.pk}/?lang=tr")

    expect(parent.locator("html")).to_have_attribute("lang", "tr")
    expect(parent.get_by_role("heading", level=1)).to_have_text("Geri bildiriminiz")
    expect(parent.get_by_role("main")).to_contain_text("Kita St. Martin")
    width = parent.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the feedback page scrolls sideways on a phone ({width}px)"

    # Sent without a message first: the refusal is Turkish and the choices stay.
    parent.get_by_label("Şikâyet").check()
    parent.get_by_label("Yemek").check()
    parent.get_by_role("button", name="Gönder").click()
    expect(parent.get_by_role("alert")).to_contain_text("Lütfen mesajınızı yazın.")
    expect(parent.get_by_label("Şikâyet")).to_be_checked()
    assert FeedbackItem.objects.count() == 0

    complaint = "Öğle yemeği çoğu zaman soğuk geliyor. <b>Lütfen</b> kontrol edin."
    parent.get_by_label("Mesajınız").fill(complaint)
    parent.get_by_role("button", name="Gönder").click()
    expect(parent.get_by_role("status")).to_contain_text("Teşekkürler, mesajınız alındı.")
    code = parent.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert parent_context.cookies() == [], "the public page set a cookie"
    item = FeedbackItem.objects.get()
    assert (item.language, item.contact, item.message) == ("tr", "", complaint)

    # The Kita lead answers in the inbox, in time.
    lead = desktop
    log_in(lead, live_server, "kitaleitung", test_password)
    lead.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Rückmeldungen").click()
    lead.get_by_role("link", name=re.compile("Beschwerde")).first.click()
    expect(lead.locator("#message")).to_have_text(complaint)
    expect(lead.locator("#contact")).to_have_text("anonym")
    lead.get_by_role("textbox", name="Antwort", exact=True).fill("Yemek kabı değiştirildi. Teşekkür ederiz!")
    lead.get_by_role("button", name="Antwort speichern").click()
    expect(lead.locator("#status")).to_contain_text("Beantwortet")
    item.refresh_from_db()
    assert item.status == FeedbackItem.Status.ANSWERED and item.answered_in_time is True

    # Back on the phone: the parent reads the answer with the receipt code.
    parent.get_by_role("link", name="Yanıtı oku").click()
    parent.get_by_label("Alındı kodunuz").fill(code.lower())
    parent.get_by_role("button", name="Yanıtı göster").click()
    expect(parent.locator("#answer")).to_have_text("Yemek kabı değiştirildi. Teşekkür ederiz!")
    expect(parent.get_by_role("main")).to_contain_text("Kreş yanıt verdi.")
    expect(parent.get_by_role("main")).to_contain_text(complaint)

    # The feedback page in Arabic reads right to left and still fits and works on the phone.
    parent.goto(f"{live_server.url}/beteiligung/k/{world.kita_a.pk}/?lang=tr")
    parent.get_by_role("link", name="العربية").click()
    expect(parent.locator("html")).to_have_attribute("dir", "rtl")
    width = parent.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the Arabic page scrolls sideways on a phone ({width}px)"
    parent.get_by_role("button", name="إرسال").click()
    expect(parent.get_by_role("alert")).to_contain_text("يرجى كتابة رسالتك.")
    parent_context.close()
