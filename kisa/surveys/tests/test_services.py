import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kisa.core.models import AuditEntry
from kisa.surveys import services
from kisa.surveys.models import Answer, Finding, Questionnaire, QuestionnaireVersion, Response, SurveyRound
from kisa.surveys.tests.factories import (
    make_questionnaire,
    make_round,
    respond,
    sample_definition,
    valid_answers,
)


def _errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def _submit(survey_round, kita, answers, **kwargs):
    params = {
        "survey_round": survey_round,
        "kita_id": kita.pk,
        "actor_group": "parents",
        "language": "de",
        "answers": answers,
        **kwargs,
    }
    return services.response_submit(**params)


# --- Questionnaires and versions -------------------------------------------------------------------


def test_questionnaire_edit_changes_unused_version_in_place(world):
    questionnaire = make_questionnaire(world.office)
    changed = sample_definition()
    changed["sections"][0]["questions"][0]["text"]["de"] = "Mein Kind ist gern in der Kita."

    version = services.questionnaire_revise(actor=None, questionnaire=questionnaire, definition=changed)

    assert version.number == 1
    assert questionnaire.versions.count() == 1


def test_questionnaire_edit_in_use_creates_new_version_and_keeps_old_wording(world):
    questionnaire = make_questionnaire(world.office)
    survey_round = make_round(world.office, kitas=[world.kita_a], questionnaires=[questionnaire])
    changed = sample_definition()
    changed["sections"][0]["questions"][0]["text"]["de"] = "Neu formuliert"

    version = services.questionnaire_revise(actor=None, questionnaire=questionnaire, definition=changed)

    assert version.number == 2
    old = survey_round.versions.get()
    assert old.number == 1
    assert old.definition["sections"][0]["questions"][0]["text"]["de"] == "Mein Kind fühlt sich wohl."


def test_questionnaire_with_invalid_definition_is_refused_and_nothing_stored(world):
    broken = sample_definition()
    broken["sections"][0]["questions"][1]["options"] = [{"key": "only", "text": {"de": "Eins"}}]
    broken["sections"][0]["questions"][2]["show_if"] = {"question": "later", "in": ["x"]}

    with translation.override("en"):
        errors = _errors(
            lambda: services.questionnaire_create(
                actor=None,
                youth_office=world.office,
                title="Kaputt",
                actor_group="parents",
                definition=broken,
            )
        )

    assert any("transport" in message and "two options" in message for message in errors["definition"])
    assert any("bus_ok" in message and "earlier question" in message for message in errors["definition"])
    assert not Questionnaire.objects.exists()


def test_translation_sets_texts_and_missing_list_shrinks(world):
    from kisa.surveys.definition import missing_translations

    questionnaire = make_questionnaire(world.office)
    version = questionnaire.versions.get()
    before = missing_translations(version.definition, "tr")
    services.questionnaire_translate(
        actor=None, questionnaire=questionnaire, language="tr", texts={"title": "Veli anketi"}
    )
    version.refresh_from_db()
    assert version.definition["title"]["tr"] == "Veli anketi"
    assert len(missing_translations(version.definition, "tr")) == len(before) - 1


def test_office_can_add_a_language_and_translate_into_it(world):
    services.survey_language_create(actor=None, youth_office=world.office, code="pl", native_name="Polski")
    questionnaire = make_questionnaire(world.office)
    services.questionnaire_translate(
        actor=None, questionnaire=questionnaire, language="pl", texts={"title": "Ankieta"}
    )
    assert questionnaire.versions.get().definition["title"]["pl"] == "Ankieta"
    with pytest.raises(ValidationError):
        services.survey_language_create(
            actor=None, youth_office=world.office, code="ar", native_name="Arabisch"
        )


def test_templates_install_five_actor_groups_once(world):
    created = services.questionnaire_templates_install(actor=None, youth_office=world.office)
    again = services.questionnaire_templates_install(actor=None, youth_office=world.office)

    assert sorted(q.actor_group for q in created) == ["children", "parents", "partners", "providers", "staff"]
    assert again == []
    from kisa.surveys.definition import missing_translations

    parents = Questionnaire.objects.get(actor_group="parents").versions.get().definition
    for language in ("de-x-ls", "en", "ar", "tr", "ru", "uk"):
        assert missing_translations(parents, language) == []
    children = Questionnaire.objects.get(actor_group="children").versions.get().definition
    types = {q["type"] for s in children["sections"] for q in s["questions"]}
    assert "smiley3" in types


# --- Rounds ------------------------------------------------------------------------------------------


def test_round_refuses_two_questionnaires_for_one_group_and_other_office_kitas(world):
    first = make_questionnaire(world.office, title="A")
    second = make_questionnaire(world.office, title="B")
    errors = _errors(
        lambda: services.round_create(
            actor=None,
            youth_office=world.office,
            name="R",
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 2, 1),
            kitas=[world.other_kita],
            questionnaires=[first, second],
        )
    )
    assert set(errors) == {"kitas", "versions"}
    assert not SurveyRound.objects.exists()


def test_round_targets_social_area_kitas(world):
    questionnaire = make_questionnaire(world.office)
    survey_round = services.round_create(
        actor=None,
        youth_office=world.office,
        name="R",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 2, 1),
        social_areas=[world.social_area],
        questionnaires=[questionnaire],
    )
    from kisa.surveys.selectors import round_kitas

    assert set(round_kitas(survey_round)) == {world.kita_a, world.kita_b}


# --- Responses ---------------------------------------------------------------------------------------


def test_valid_response_is_stored_with_answers_and_no_client_data(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    response = _submit(survey_round, world.kita_a, valid_answers(topics=["health", "money"], children="3"))

    stored = {(a.question, a.choice, a.number, a.text) for a in response.answers.all()}
    assert stored == {
        ("wellbeing", "4", None, ""),
        ("transport", "car", None, ""),
        ("topics", "health", None, ""),
        ("topics", "money", None, ""),
        ("children", "", 3, ""),
        ("wish", "", None, "Mehr Busse"),
    }
    assert response.channel == "online"
    field_names = {f.name for f in Response._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "user_agent", "user", "session"}
    entry = AuditEntry.objects.get(model_label="surveys.Response")
    assert "Mehr Busse" not in str(entry.changes)


@pytest.mark.parametrize(
    ("answers", "field", "fragment"),
    [
        (valid_answers(wellbeing=None), "wellbeing", "please answer this question"),
        (valid_answers(transport="plane"), "transport", "choose one of the given answers"),
        (valid_answers(topics=["health", "gold"]), "topics", "only from the given answers"),
        (valid_answers(children="13"), "children", "from 0 to 12"),
        (valid_answers(children="drei"), "children", "whole number"),
        (valid_answers(wellbeing="6"), "wellbeing", "choose one of the given answers"),
        (valid_answers(transport="bus"), "bus_ok", "please answer this question"),
        (valid_answers(name_of_club="x" * 201), "name_of_club", "at most 200"),
        ({**valid_answers(), "hack": "1"}, "answers", "Unknown questions: hack"),
    ],
)
def test_invalid_answers_are_refused_naming_the_question_and_nothing_stored(world, answers, field, fragment):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    with translation.override("en"):
        errors = _errors(lambda: _submit(survey_round, world.kita_a, answers))
    assert fragment in errors[field][0]
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_error_message_names_the_question_in_the_respondents_language(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    with translation.override("en"):
        errors = _errors(
            lambda: _submit(survey_round, world.kita_a, valid_answers(wellbeing=None), language="en")
        )
    assert errors["wellbeing"] == ["“My child feels at ease.”: please answer this question."]


def test_hidden_question_answer_is_ignored(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    response = _submit(survey_round, world.kita_a, valid_answers(transport="car", bus_ok="yes"))
    assert not response.answers.filter(question="bus_ok").exists()


@pytest.mark.parametrize(
    ("status", "channel", "field"),
    [("closed", "online", "round"), ("draft", "online", "round"), ("draft", "paper", "round")],
)
def test_round_not_open_refuses_answers(world, status, channel, field):
    survey_round = make_round(world.office, kitas=[world.kita_a], status=status)
    errors = _errors(lambda: _submit(survey_round, world.kita_a, valid_answers(), channel=channel))
    assert field in errors
    assert not Response.objects.exists()


def test_paper_form_accepted_after_closing_and_flagged(world):
    survey_round = make_round(world.office, kitas=[world.kita_a], status="closed")
    response = _submit(survey_round, world.kita_a, valid_answers(), channel="paper")
    assert response.channel == "paper"


def test_wrong_kita_version_group_or_language_refused(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    assert "kita" in _errors(lambda: _submit(survey_round, world.kita_b, valid_answers()))
    assert "kita" in _errors(lambda: _submit(survey_round, world.other_kita, valid_answers()))
    assert "version" in _errors(
        lambda: _submit(survey_round, world.kita_a, valid_answers(), version_number=2)
    )
    assert "actor_group" in _errors(
        lambda: _submit(survey_round, world.kita_a, valid_answers(), actor_group="staff")
    )
    assert "language" in _errors(lambda: _submit(survey_round, world.kita_a, valid_answers(), language="xx"))
    assert not Response.objects.exists()


# --- Tags and findings -------------------------------------------------------------------------------


def test_tag_free_text_and_save_finding(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    [response] = respond(survey_round, world.kita_a)
    answer = response.answers.get(question="wish")

    services.answer_tag(actor=world.users["worker_a"], answer=answer, tag="need", topic="Mobilität")
    finding = services.finding_create(
        actor=world.users["worker_a"],
        survey_round=survey_round,
        kita=world.kita_a,
        kind="need",
        text="Busanbindung zur Beratung fehlt",
        topic="Mobilität",
    )

    answer.refresh_from_db()
    assert (answer.tag, answer.topic) == ("need", "Mobilität")
    assert Finding.objects.get() == finding
    choice = response.answers.get(question="transport")
    assert "tag" in _errors(lambda: services.answer_tag(actor=None, answer=choice, tag="need"))
    assert "kita" in _errors(
        lambda: services.finding_create(
            actor=None, survey_round=survey_round, kita=world.kita_b, kind="need", text="x"
        )
    )
    assert QuestionnaireVersion.objects.count() == 1


def test_tagging_a_free_text_answer_keeps_its_words_out_of_the_audit_trail(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    respond(survey_round, world.kita_a, wish="Familie Yilmaz braucht dringend Hilfe")
    answer = Answer.objects.get(text__startswith="Familie Yilmaz")

    services.answer_tag(actor=world.users["worker_a"], answer=answer, tag="need", topic="Beratung")

    entry = AuditEntry.objects.filter(model_label="surveys.Answer", object_id=str(answer.pk)).get()
    assert "Yilmaz" not in entry.object_repr
    assert "Yilmaz" not in str(entry.changes)
