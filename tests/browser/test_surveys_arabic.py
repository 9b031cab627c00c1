"""A parent answers the survey on a phone in Arabic, via the Kita's link (the one its QR code holds)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from kisa.surveys import services
from kisa.surveys.models import Questionnaire, Response
from kisa.surveys.tests.factories import make_round
from kisa.surveys.tests.pdf_text import pdf_text
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_parent_answers_in_arabic_on_a_phone(phone: Page, live_server, world):
    services.questionnaire_templates_install(actor=None, youth_office=world.office)
    parents = Questionnaire.objects.get(youth_office=world.office, actor_group="parents")
    survey_round = services.round_create(
        actor=None,
        youth_office=world.office,
        name="Elternbefragung 2025",
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2025, 12, 31),
        kitas=[world.kita_a],
        questionnaires=[parents],
    )
    services.round_set_status(actor=None, survey_round=survey_round, status="open")
    page = phone

    page.goto(
        live_server.url
        + reverse("surveys:start", args=[survey_round.public_key, world.kita_a.pk])
        + "?lang=ar"
    )

    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "استبيان أولياء الأمور: الرغبات والاحتياجات ونقاط القوة"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The follow-up on the bus appears only once the parent says they travel by bus.
    bus_question = page.locator("#question-p_bus_ok")
    expect(bus_question).to_be_hidden()

    page.locator("label[for=q_p_wellbeing_5]").click()
    page.locator("label[for=q_p_transport_bus]").click()
    expect(bus_question).to_be_visible()
    page.locator("label[for=q_p_bus_ok_2]").click()
    page.locator("#q_p_wish").fill("دورة لتعلم اللغة الألمانية")
    page.get_by_role("button", name="إرسال الإجابات").click()

    # One required question left open: the message is in Arabic and nothing given is lost.
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("يُرجى الإجابة عن هذا السؤال")
    expect(summary).to_contain_text("هل تعرفون أين يمكنكم الحصول على استشارة")
    expect(page.locator("#q_p_wellbeing_5")).to_be_checked()
    expect(page.locator("#q_p_wish")).to_have_value("دورة لتعلم اللغة الألمانية")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert not Response.objects.exists()

    page.locator("label[for=q_p_counselling_known_yes]").click()
    page.get_by_role("button", name="إرسال الإجابات").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("شكرًا لكم")
    response = Response.objects.get()
    assert (response.language, response.kita, response.channel) == ("ar", world.kita_a, "online")
    answers = dict(response.answers.values_list("question", "choice"))
    assert answers["p_transport"] == "bus" and answers["p_wellbeing"] == "5"
    assert response.answers.get(question="p_wish").text == "دورة لتعلم اللغة الألمانية"


def test_worker_prints_the_arabic_poster_from_the_round_page_on_a_phone(
    phone: Page, live_server, world, test_password
):
    """The round page fits a phone (long survey links wrap), and its Arabic poster is an Arabic PDF."""
    survey_round = make_round(world.office, kitas=[world.kita_a])
    log_in(phone, live_server, world.users["worker_a"].username, test_password)
    phone.goto(live_server.url + reverse("surveys:round_detail", args=[survey_round.pk]))
    expect(phone.get_by_role("heading", level=1)).to_have_text(survey_round.name)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    poster = phone.locator("a[href*='plakat.pdf'][lang=ar]")
    expect(poster).to_have_text("العربية")
    response = phone.request.get(live_server.url + poster.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert "!رأيكم مهم" in pdf_text(response.body())
