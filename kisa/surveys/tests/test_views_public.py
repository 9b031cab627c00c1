"""The public answer page: anonymous, in the respondent's language, protected against abuse."""

from django.test import Client
from django.urls import reverse

from kisa.core.tests.ui import ui
from kisa.surveys.models import Response
from kisa.surveys.protection import DEVICE_COOKIE
from kisa.surveys.tests.factories import make_round


def _url(survey_round, kita, group="parents", lang=None):
    url = reverse("surveys:answer", args=[survey_round.public_key, kita.pk, group])
    return f"{url}?lang={lang}" if lang else url


def _post(client, survey_round, kita, data, lang="de"):
    payload = {"lang": lang, "version": "1", **data}
    return client.post(_url(survey_round, kita, lang=lang), payload)


VALID = {"q_wellbeing": "4", "q_transport": "car", "q_wish": "Ein Elterncafé"}


def test_link_opens_the_questionnaire_without_login_in_arabic_right_to_left(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    client = Client()

    start = client.get(reverse("surveys:start", args=[survey_round.public_key, world.kita_a.pk]) + "?lang=ar")
    page = client.get(start["Location"])

    assert start.status_code == 302
    html = page.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "طفلي مرتاح." in html
    assert "sessionid" not in page.cookies


def test_submission_is_stored_once_and_device_is_marked(world):
    survey_round = make_round(world.office, kitas=[world.kita_a], allow_multiple_submissions=False)
    client = Client()

    response = _post(client, survey_round, world.kita_a, VALID)
    again = client.get(_url(survey_round, world.kita_a))
    second = _post(client, survey_round, world.kita_a, VALID)

    assert response.status_code == 302
    assert Response.objects.count() == 1
    assert DEVICE_COOKIE in response.cookies
    assert set(client.cookies) <= {DEVICE_COOKIE, "csrftoken"}
    assert ui("You have already answered this survey on this device. Thank you!") in again.content.decode()
    assert second.status_code == 200
    assert Response.objects.count() == 1


def test_round_allowing_several_answers_takes_them_from_one_device(world):
    survey_round = make_round(world.office, kitas=[world.kita_a], allow_multiple_submissions=True)
    client = Client()
    _post(client, survey_round, world.kita_a, VALID)
    _post(client, survey_round, world.kita_a, VALID)
    assert Response.objects.count() == 2


def test_validation_error_in_respondents_language_keeps_the_filled_answers(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    data = {"q_transport": "car", "q_topics": ["health", "school"], "q_wish": "Mehr Spielplätze"}

    page = _post(Client(), survey_round, world.kita_a, data, lang="en")

    html = page.content.decode()
    assert page.status_code == 422
    assert "“My child feels at ease.”: please answer this question." in html
    assert 'value="car" checked' in html
    assert 'value="health" checked' in html and 'value="school" checked' in html
    assert "Mehr Spielplätze</textarea>" in html
    assert not Response.objects.exists()


def test_honeypot_filled_is_thanked_and_discarded(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    response = _post(Client(), survey_round, world.kita_a, {**VALID, "website": "http://spam"})
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_rate_limit_per_round_and_source(world, settings):
    settings.KISA_SURVEY_RATE_LIMIT = "2/h"
    survey_round = make_round(world.office, kitas=[world.kita_a])
    other_round = make_round(world.office, kitas=[world.kita_a], name="Andere Runde")
    client = Client()

    codes = [_post(client, survey_round, world.kita_a, VALID).status_code for _ in range(3)]
    elsewhere = _post(client, other_round, world.kita_a, VALID)

    assert codes == [302, 302, 429]
    assert elsewhere.status_code == 302
    assert Response.objects.filter(round=survey_round).count() == 2


def test_closed_round_says_so_and_stores_nothing(world):
    survey_round = make_round(world.office, kitas=[world.kita_a], status="closed")
    page = _post(Client(), survey_round, world.kita_a, VALID, lang="tr")
    assert page.status_code == 410
    assert '<html lang="tr"' in page.content.decode()
    assert not Response.objects.exists()


def test_unknown_round_kita_draft_or_wrong_group_answer_404(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    draft = make_round(world.office, kitas=[world.kita_a], name="Entwurf", status="draft")
    client = Client()
    assert (
        client.get(reverse("surveys:answer", args=["unknown", world.kita_a.pk, "parents"])).status_code == 404
    )
    assert client.get(_url(survey_round, world.kita_b)).status_code == 404
    assert client.get(_url(draft, world.kita_a)).status_code == 404
    assert client.get(_url(survey_round, world.kita_a, group="staff")).status_code == 404


def test_outdated_version_is_refused_with_a_reload_hint(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    page = Client().post(_url(survey_round, world.kita_a, lang="en"), {"lang": "en", "version": "7", **VALID})
    assert page.status_code == 422
    assert "This questionnaire has changed. Please reload the page and answer again." in page.content.decode()
    assert not Response.objects.exists()


def test_start_page_offers_each_online_group_but_not_the_childrens_interview(world):
    from kisa.surveys.tests.factories import make_questionnaire

    questionnaires = [
        make_questionnaire(world.office, title="Eltern", actor_group="parents"),
        make_questionnaire(world.office, title="Team", actor_group="staff"),
        make_questionnaire(world.office, title="Kinder", actor_group="children"),
    ]
    survey_round = make_round(world.office, kitas=[world.kita_a], questionnaires=questionnaires)
    page = Client().get(
        reverse("surveys:start", args=[survey_round.public_key, world.kita_a.pk]) + "?lang=de"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert _url(survey_round, world.kita_a, "parents", "de") in html
    assert _url(survey_round, world.kita_a, "staff", "de") in html
    assert _url(survey_round, world.kita_a, "children", "de") not in html


def test_language_added_by_the_office_is_offered_and_used(world):
    from kisa.surveys import services

    services.survey_language_create(
        actor=None, youth_office=world.office, code="fa", native_name="فارسی", right_to_left=True
    )
    survey_round = make_round(world.office, kitas=[world.kita_a])
    questionnaire = survey_round.versions.get().questionnaire
    services.questionnaire_revise(
        actor=None,
        questionnaire=questionnaire,
        definition={
            **survey_round.versions.get().definition,
            "title": {"de": "Elternfragebogen", "fa": "پرسشنامه والدین"},
        },
    )
    page = Client().get(_url(survey_round, world.kita_a, lang="fa"))
    html = page.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "فارسی" in html
    response = _post(Client(), survey_round, world.kita_a, VALID, lang="fa")
    assert response.status_code == 302
    assert Response.objects.get().language == "fa"


def test_easy_german_page_uses_leichte_sprache_texts(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    page = _post(Client(), survey_round, world.kita_a, {"q_transport": "car"}, lang="de-x-ls")
    html = page.content.decode()
    assert '<html lang="de-x-ls" dir="ltr">' in html
    assert "Antworten abschicken" in html
    assert "„Mein Kind fühlt sich wohl.“: Bitte beantworten Sie diese Frage." in html
    # fixed answer labels and the optional mark are in Leichte Sprache too, not in standard German
    assert ">Ja<" in html and ">Nein<" in html and "Geht so" in html
    assert "– freiwillig" in html and "– optional" not in html
    assert "Zum Inhalt" in html


def test_a_submission_sent_again_after_its_answer_was_lost_is_stored_once(world):
    """The confirmation (and with it the device mark) never arrived, so the respondent sends once more."""
    survey_round = make_round(world.office, kitas=[world.kita_a], allow_multiple_submissions=True)
    page = Client().get(_url(survey_round, world.kita_a)).content.decode()
    submission_id = page.split('name="submission_id" value="')[1].split('"')[0]

    first = _post(Client(), survey_round, world.kita_a, {**VALID, "submission_id": submission_id})
    resent = _post(Client(), survey_round, world.kita_a, {**VALID, "submission_id": submission_id})
    another = _post(Client(), survey_round, world.kita_a, VALID)  # a new form has a new id

    assert (first.status_code, resent.status_code, another.status_code) == (302, 302, 302)
    assert Response.objects.filter(submission_id=submission_id).count() == 1
    assert Response.objects.count() == 2


def test_the_submission_id_survives_a_validation_error(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    submission_id = "5b0b1c6e-3c1f-4a39-8d2a-0f6d8f3e2a11"

    refused = _post(
        Client(), survey_round, world.kita_a, {"q_wish": "Ein Elterncafé", "submission_id": submission_id}
    )

    assert refused.status_code == 422
    assert f'name="submission_id" value="{submission_id}"' in refused.content.decode()
