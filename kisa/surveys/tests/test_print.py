"""Posters and paper questionnaires print in the chosen language, Arabic right to left."""

import pytest
from django.urls import reverse

from kisa.surveys import services
from kisa.surveys.tests.factories import make_round
from kisa.surveys.tests.pdf_text import pdf_text


@pytest.fixture
def parents_round(world):
    questionnaires = services.questionnaire_templates_install(actor=None, youth_office=world.office)
    parents = [q for q in questionnaires if q.actor_group == "parents"]
    return make_round(world.office, kitas=[world.kita_a], questionnaires=parents)


def _get(world, name, *args, lang):
    response = world.client_for("worker_a").get(reverse(f"surveys:{name}", args=args), {"lang": lang})
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


@pytest.mark.parametrize(
    ("lang", "heading", "instruction"),
    [
        ("ar", "!رأيكم مهم", "امسحوا الرمز بكاميرا هاتفكم"),
        ("ru", "Ваше мнение важно!", "Отсканируйте код камерой телефона"),
        ("uk", "Ваша думка важлива!", "Відскануйте код камерою телефона"),
        ("tr", "Fikriniz önemli!", "Kodu telefonunuzun kamerasıyla tarayın"),
    ],
)
def test_poster_prints_in_the_chosen_language(world, parents_round, lang, heading, instruction):
    text = _get(world, "kita_poster", parents_round.pk, world.kita_a.pk, lang=lang)
    # Arabic reads back as "!" + words: the exclamation mark stands at the left end, where it belongs.
    assert heading in text and instruction in text
    assert "Ihre Meinung zählt" not in text and world.kita_a.name in text


@pytest.mark.parametrize(
    ("lang", "title", "german_absent"),
    [
        ("ar", "استبيان أولياء الأمور: الرغبات والاحتياجات ونقاط القوة", "Elternbefragung"),
        ("ru", "Опрос родителей: пожелания, потребности и сильные стороны", "Elternbefragung"),
        ("tr", "Veli anketi: istekler, ihtiyaçlar ve güçlü yönler", "Elternbefragung"),
    ],
)
def test_paper_questionnaire_prints_in_the_chosen_language(world, parents_round, lang, title, german_absent):
    text = _get(world, "paper_form_pdf", parents_round.pk, world.kita_a.pk, "parents", lang=lang)
    flat = " ".join(text.split())
    assert title in flat
    assert german_absent not in flat
    assert "☐" in text  # answer boxes are printed
