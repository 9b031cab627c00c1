"""The coordinator builds a questionnaire on a phone with forms, never with JSON."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from kisa.surveys.models import QuestionnaireVersion
from kisa.surveys.tests.factories import make_questionnaire
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_coordinator_adds_a_conditional_question_on_a_phone(phone: Page, live_server, world, test_password):
    questionnaire = make_questionnaire(world.office)
    page = phone
    log_in(page, live_server, "koordination", test_password)
    page.goto(live_server.url + reverse("surveys:questionnaire_detail", args=[questionnaire.pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="Frage hinzufügen: Allgemein").click()
    page.get_by_label("Frage (Deutsch)").fill("Welche Angebote nutzen Sie?")
    page.get_by_label("Frageart").select_option("single_choice")
    page.get_by_label("Antwortmöglichkeiten").fill("Elterncafé\nSportverein")
    page.get_by_label("Nur anzeigen, wenn").select_option("transport:bus")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_text("Welche Angebote nutzen Sie?", exact=True)).to_be_visible()
    latest = QuestionnaireVersion.objects.filter(questionnaire=questionnaire).order_by("-number").first()
    questions = [question for section in latest.definition["sections"] for question in section["questions"]]
    added = next(q for q in questions if q["text"]["de"] == "Welche Angebote nutzen Sie?")
    assert added["type"] == "single_choice"
    assert added["show_if"]["question"] == "transport"
