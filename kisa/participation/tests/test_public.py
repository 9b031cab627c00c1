"""The public pages as a parent meets them: form, receipt, answer lookup, bad input, floods, languages."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from kisa.core.models import AuditEntry
from kisa.participation import services
from kisa.participation.models import FeedbackItem
from kisa.registry.tests.factories import KitaFactory


def said(language: str, msgid: str) -> str:
    """A UI string as the page shows it in `language`, HTML-escaped."""
    with translation.override(language):
        return escape(translation.gettext(msgid))


def page_url(kita, language: str = "de") -> str:
    return f"{reverse('participation:feedback_page', args=[kita.pk])}?lang={language}"


VALID = {"kind": "complaint", "topic": "food", "message": "Das Essen ist kalt.", "contact": "", "website": ""}


def receipt_code(response) -> str:
    match = re.search(r'id="receipt-code">([A-Z0-9-]+)<', response.content.decode())
    assert match, "no receipt code on the page"
    return match[1]


def test_feedback_page_opens_without_login_and_sets_no_cookie(world):
    response = Client().get(page_url(world.kita_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="de" dir="ltr"' in html
    assert "Kita St. Martin" in html
    assert response.cookies == {} or all(not c.value for c in response.cookies.values())


def test_unknown_inactive_or_huge_kita_id_is_404(world):
    inactive = KitaFactory(youth_office=world.office, is_active=False)
    client = Client()
    assert client.get(reverse("participation:feedback_page", args=[999999])).status_code == 404
    assert client.get(reverse("participation:feedback_page", args=[inactive.pk])).status_code == 404
    assert client.post(reverse("participation:feedback_page", args=[inactive.pk]), VALID).status_code == 404
    assert client.get("/beteiligung/k/99999999999999999999999/").status_code == 404


def test_a_parent_sends_feedback_and_reads_the_answer_with_the_receipt_code(world):
    client = Client()
    response = client.post(page_url(world.kita_a), {**VALID, "contact": "eltern@example.org"})
    assert response.status_code == 200
    code = receipt_code(response)
    assert response["Cache-Control"].startswith("max-age=0")
    item = FeedbackItem.objects.get()
    assert (item.kita, item.kind, item.topic, item.contact) == (
        world.kita_a,
        "complaint",
        "food",
        "eltern@example.org",
    )
    assert not response.cookies

    lookup = reverse("participation:receipt_lookup")
    before = client.post(lookup, {"code": code})
    assert said("de", "Your message has been received.") in before.content.decode()

    services.feedback_answer(
        actor=world.users["kita_lead"],
        item=item,
        answer_text="Wir haben die Küche gefragt.",
        channel="published",
    )
    after = client.post(lookup, {"code": code.lower()})
    html = after.content.decode()
    assert "Wir haben die Küche gefragt." in html
    assert "eltern@example.org" not in html


def test_lookup_with_an_unknown_or_malformed_code_says_so_and_keeps_the_input(world):
    client = Client()
    lookup = reverse("participation:receipt_lookup")
    response = client.post(lookup, {"code": "ZZZZ-ZZZZ-ZZZZ"})
    html = response.content.decode()
    assert said("de", "No message was found for this receipt code.") in html
    assert 'value="ZZZZ-ZZZZ-ZZZZ"' in html
    short = client.post(lookup, {"code": "ABC"})
    assert said("de", "A receipt code has 12 letters and digits.") in short.content.decode()


def test_empty_and_oversized_messages_are_refused_keeping_the_text(world):
    client = Client()
    empty = client.post(page_url(world.kita_a, "tr"), {**VALID, "message": ""})
    assert said("tr", "Please write your message.") in empty.content.decode()
    long_text = "Sehr lang " * 450
    oversized = client.post(page_url(world.kita_a), {**VALID, "message": long_text})
    html = oversized.content.decode()
    assert 'aria-invalid="true"' in html
    assert long_text.strip() in html
    assert FeedbackItem.objects.count() == 0


def test_script_in_the_message_is_stored_as_text_and_escaped_on_every_page(world):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client = Client()
    code = receipt_code(client.post(page_url(world.kita_a), {**VALID, "message": attack}))
    assert FeedbackItem.objects.get().message == attack
    lookup = client.post(reverse("participation:receipt_lookup"), {"code": code}).content.decode()
    assert "<script>alert" not in lookup and "&lt;script&gt;" in lookup
    lead = world.client_for("kita_lead")
    detail = lead.get(
        reverse("participation:feedback_detail", args=[FeedbackItem.objects.get().pk])
    ).content.decode()
    assert "<script>alert" not in detail and "<img src=x" not in detail


def test_honeypot_refuses_and_saves_nothing(world):
    response = Client().post(page_url(world.kita_a), {**VALID, "website": "http://spam.example"})
    assert response.status_code == 400
    assert FeedbackItem.objects.count() == 0
    assert VALID["message"] in response.content.decode()


def test_flood_from_one_address_is_refused_per_kita_in_the_senders_language(world, settings):
    settings.KISA_FEEDBACK_RATE = "2/h"
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(2):
        assert client.post(page_url(world.kita_a, "tr"), VALID).status_code == 200
    refused = client.post(page_url(world.kita_a, "tr"), {**VALID, "message": "Dritte Nachricht"})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert (
        said("tr", "Too many messages were sent from here in a short time. Please try again later.") in html
    )
    assert "Dritte Nachricht" in html
    # Another Kita, another address: not affected.
    assert client.post(page_url(world.kita_b), VALID).status_code == 200
    assert Client(REMOTE_ADDR="203.0.113.8").post(page_url(world.kita_a), VALID).status_code == 200
    assert FeedbackItem.objects.count() == 4
    assert not AuditEntry.objects.filter(changes__icontains="203.0.113").exists()


def test_receipt_lookups_are_rate_limited(world, settings):
    settings.KISA_RECEIPT_LOOKUP_RATE = "2/h"
    client = Client(REMOTE_ADDR="203.0.113.9")
    lookup = reverse("participation:receipt_lookup")
    for _ in range(2):
        assert client.post(lookup, {"code": "ZZZZ-ZZZZ-ZZZZ"}).status_code == 200
    assert client.post(lookup, {"code": "ZZZZ-ZZZZ-ZZZZ"}).status_code == 429


@pytest.mark.parametrize(
    ("language", "direction"), [("ar", "rtl"), ("tr", "ltr"), ("de-x-ls", "ltr"), ("uk", "ltr")]
)
def test_page_speaks_the_chosen_language(world, language, direction):
    response = Client().get(page_url(world.kita_a, language))
    html = response.content.decode()
    assert f'lang="{language}" dir="{direction}"' in html
    assert said(language, "Your feedback") in html
    assert response["Content-Language"] == language


def test_translations_exist_for_every_public_language():
    german = said("de", "Your feedback")
    for language in ("en", "ar", "tr", "ru", "uk", "de-x-ls"):
        assert said(language, "Your feedback") != "Your feedback" or language == "en"
        if language not in ("de-x-ls",):
            assert said(language, "Your feedback") != german, language
    assert said("de-x-ls", "Send") != said("de", "Send") or said("de-x-ls", "Send") == "Abschicken"


def test_browser_language_is_used_without_a_choice(world):
    response = Client(headers={"Accept-Language": "ru-RU,ru;q=0.9"}).get(
        reverse("participation:feedback_page", args=[world.kita_a.pk])
    )
    assert 'lang="ru"' in response.content.decode()


def test_submitted_item_records_the_language_and_routing(world):
    Client().post(page_url(world.kita_a, "ar"), {**VALID, "topic": "care", "wants_social_worker": "on"})
    item = FeedbackItem.objects.get()
    assert item.language == "ar"
    assert item.routed_to_social_worker is True


def test_leichte_sprache_wording_wins_over_other_apps_german(world):
    html = Client().get(page_url(world.kita_a, "de-x-ls")).content.decode()
    assert "Etwas anderes" in html and "Sonstiges" not in html
    assert "– freiwillig" in html
    assert "Zum Inhalt" in html
    german = Client().get(page_url(world.kita_a, "de")).content.decode()
    assert "Sonstiges" in german and "– optional" in german
