"""The structured questionnaire editor: a coordinator changes content without touching JSON."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kisa.core.tests.ui import ui
from kisa.surveys import definition as definitions
from kisa.surveys import editor, services
from kisa.surveys.models import Questionnaire
from kisa.surveys.tests.factories import make_questionnaire, make_round, sample_definition


def _latest(questionnaire):
    return questionnaire.versions.order_by("-number").first()


def _keys(questionnaire):
    return editor.question_keys(_latest(questionnaire).definition)


def _question(questionnaire, key):
    return editor.find_question(_latest(questionnaire).definition, key)[1]


@pytest.fixture
def questionnaire(world):
    return make_questionnaire(world.office)


def test_detail_shows_sections_questions_and_buttons(world, questionnaire):
    page = world.client_for("coordinator").get(
        reverse("surveys:questionnaire_detail", args=[questionnaire.pk])
    )
    html = page.content.decode()
    assert "Wie kommen Sie zur Beratung?" in html
    assert ui("Single choice") in html
    assert ui("Shown only if") in html  # bus_ok depends on transport
    for label in (
        "Add a question",
        "Edit section",
        "Delete section",
        "Add a section",
        "Move up",
        "Move down",
    ):
        assert ui(label) in html
    assert ui("Expert mode (JSON)") in html
    worker_page = world.client_for("worker_a").get(
        reverse("surveys:questionnaire_detail", args=[questionnaire.pk])
    )
    assert worker_page.status_code == 200
    assert ui("Add a question") not in worker_page.content.decode()


def test_coordinator_adds_a_question_with_options_and_condition(world, questionnaire):
    client = world.client_for("coordinator")
    url = reverse("surveys:question_create", args=[questionnaire.pk, "main"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "text": "Welche Angebote nutzen Sie?",
            "type": "multiple_choice",
            "required": "on",
            "options": "Elterncafé\nsport = Sportverein\nBeratung",
            "show_if": "transport:bus",
        },
    )
    assert response.status_code == 302
    added = _question(questionnaire, _keys(questionnaire)[-1])
    assert added["text"] == {"de": "Welche Angebote nutzen Sie?"}
    assert added["required"] is True
    assert [o["key"] for o in added["options"]] == ["elterncafe", "sport", "beratung"]
    assert added["show_if"] == {"question": "transport", "in": ["bus"]}
    assert _latest(questionnaire).number == 1  # unused version: changed in place


def test_coordinator_edits_a_question_keeping_translations(world, questionnaire):
    client = world.client_for("coordinator")
    url = reverse("surveys:question_edit", args=[questionnaire.pk, "children"])
    assert "Wie viele Kinder?" in client.get(url).content.decode()
    response = client.post(
        url, {"text": "Wie viele Kinder leben bei Ihnen?", "type": "number", "minimum": "1", "maximum": "8"}
    )
    assert response.status_code == 302
    changed = _question(questionnaire, "children")
    assert changed["text"]["de"] == "Wie viele Kinder leben bei Ihnen?"
    assert (changed["min"], changed["max"]) == (1, 8)
    client.post(
        reverse("surveys:question_edit", args=[questionnaire.pk, "wellbeing"]),
        {"text": "Mein Kind ist gern hier.", "type": "agreement", "required": "on"},
    )
    assert _question(questionnaire, "wellbeing")["text"] == {
        "de": "Mein Kind ist gern hier.",
        "en": "My child feels at ease.",
        "ar": "طفلي مرتاح.",
    }


def test_coordinator_moves_and_deletes_a_question(world, questionnaire):
    client = world.client_for("coordinator")
    move = reverse("surveys:editor_move", args=[questionnaire.pk])
    assert client.post(move, {"question": "topics", "direction": "up"}).status_code == 302
    assert _keys(questionnaire)[:4] == ["wellbeing", "transport", "topics", "bus_ok"]
    client.post(move, {"question": "topics", "direction": "down"})
    assert _keys(questionnaire)[:4] == ["wellbeing", "transport", "bus_ok", "topics"]
    delete = reverse("surveys:question_delete", args=[questionnaire.pk, "topics"])
    assert ui("Delete") in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert "topics" not in _keys(questionnaire)


def test_moving_a_question_above_its_condition_is_refused(world, questionnaire):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("surveys:editor_move", args=[questionnaire.pk]),
        {"question": "bus_ok", "direction": "up"},
        follow=True,
    )
    assert (
        ui(
            "“%(text)s” depends on “%(earlier)s”, which must come first.",
            text="Fährt der Bus oft genug?",
            earlier="Wie kommen Sie zur Beratung?",
        )
        in response.content.decode()
    )
    assert _keys(questionnaire)[1:3] == ["transport", "bus_ok"]


def test_deleting_a_question_others_depend_on_is_refused(world, questionnaire):
    client = world.client_for("coordinator")
    response = client.post(reverse("surveys:question_delete", args=[questionnaire.pk, "transport"]))
    assert response.status_code == 200
    assert "Fährt der Bus oft genug?" in response.content.decode()
    assert "transport" in _keys(questionnaire)


def test_coordinator_adds_edits_moves_and_deletes_a_section(world, questionnaire):
    client = world.client_for("coordinator")
    assert (
        client.post(
            reverse("surveys:section_create", args=[questionnaire.pk]), {"title": "Mobilität"}
        ).status_code
        == 302
    )
    sections = _latest(questionnaire).definition["sections"]
    assert [s["title"]["de"] for s in sections] == ["Allgemein", "Mobilität"]
    new_key = sections[1]["key"]
    client.post(
        reverse("surveys:section_edit", args=[questionnaire.pk, new_key]), {"title": "Unterwegs sein"}
    )
    client.post(
        reverse("surveys:question_create", args=[questionnaire.pk, new_key]),
        {"text": "Haben Sie ein Auto?", "type": "yes_no"},
    )
    client.post(
        reverse("surveys:editor_move", args=[questionnaire.pk]), {"section": new_key, "direction": "up"}
    )
    sections = _latest(questionnaire).definition["sections"]
    assert [s["title"]["de"] for s in sections] == ["Unterwegs sein", "Allgemein"]
    assert sections[0]["questions"][0]["text"] == {"de": "Haben Sie ein Auto?"}
    assert client.post(reverse("surveys:section_delete", args=[questionnaire.pk, new_key])).status_code == 302
    sections = _latest(questionnaire).definition["sections"]
    assert [s["key"] for s in sections] == ["main"]


def test_condition_on_a_later_question_is_refused_naming_the_field(world, questionnaire):
    with pytest.raises(ValidationError) as raised:
        services.questionnaire_question_save(
            actor=None,
            questionnaire=questionnaire,
            question_key="wellbeing",
            text="Mein Kind fühlt sich wohl.",
            type="agreement",
            show_if={"question": "transport", "in": ["bus"]},
        )
    assert "show_if" in raised.value.message_dict
    assert _latest(questionnaire).definition == sample_definition()  # nothing half-saved
    # The form offers only earlier questions: a later one is refused on the field as well.
    response = world.client_for("coordinator").post(
        reverse("surveys:question_edit", args=[questionnaire.pk, "wellbeing"]),
        {"text": "Mein Kind fühlt sich wohl.", "type": "agreement", "show_if": "transport:bus"},
    )
    assert response.status_code == 200
    assert f'<a href="#id_show_if">{ui("Show only if")}: ' in response.content.decode()


def test_invalid_question_input_names_the_field(world, questionnaire):
    response = world.client_for("coordinator").post(
        reverse("surveys:question_create", args=[questionnaire.pk, "main"]),
        {"text": "Wie kommen Sie?", "type": "single_choice", "options": "Nur eine"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert ui("Options") in html
    assert ui("Please enter at least two options, one per line.") in html
    assert _latest(questionnaire).definition == sample_definition()


def test_version_in_use_gets_a_new_version(world, questionnaire):
    survey_round = make_round(world.office, kitas=[world.kita_a], questionnaires=[questionnaire])
    used = survey_round.versions.get()
    world.client_for("coordinator").post(
        reverse("surveys:question_edit", args=[questionnaire.pk, "wish"]),
        {"text": "Was wünschen Sie sich für Ihr Kind?", "type": "long_text"},
    )
    used.refresh_from_db()
    assert used.definition == sample_definition()
    latest = _latest(questionnaire)
    assert latest.number == used.number + 1
    assert _question(questionnaire, "wish")["text"]["de"] == "Was wünschen Sie sich für Ihr Kind?"


def test_new_questionnaire_from_title_group_and_template_or_first_question(world):
    client = world.client_for("coordinator")
    url = reverse("surveys:questionnaire_create")
    page = client.get(url).content.decode()
    assert ui("Start from a template") in page
    assert reverse("surveys:questionnaire_create_json") in page
    response = client.post(
        url,
        {
            "title": "Kurzbefragung",
            "actor_group": "parents",
            "first_question": "Wie geht es Ihnen?",
            "first_type": "smiley5",
        },
    )
    created = Questionnaire.objects.get(title="Kurzbefragung")
    assert response["Location"] == reverse("surveys:questionnaire_detail", args=[created.pk])
    assert [q.text for q in definitions.questions(_latest(created).definition)] == ["Wie geht es Ihnen?"]
    template = services.shipped_templates()[0]
    client.post(
        url,
        {
            "title": "Aus Vorlage",
            "actor_group": template["actor_group"],
            "template_key": template["key"],
            "first_type": "yes_no",
        },
    )
    from_template = Questionnaire.objects.get(title="Aus Vorlage")
    assert _latest(from_template).definition["sections"] == template["definition"]["sections"]
    refused = client.post(url, {"title": "Leer", "actor_group": "parents", "first_type": "yes_no"})
    assert ui("Please enter the first question, or choose a template.") in refused.content.decode()
    assert not Questionnaire.objects.filter(title="Leer").exists()


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "read_only"])
def test_other_roles_cannot_edit(world, questionnaire, persona):
    client = world.client_for(persona)
    pk = questionnaire.pk
    for url in (
        reverse("surveys:question_create", args=[pk, "main"]),
        reverse("surveys:question_edit", args=[pk, "wish"]),
        reverse("surveys:question_delete", args=[pk, "wish"]),
        reverse("surveys:section_create", args=[pk]),
        reverse("surveys:section_edit", args=[pk, "main"]),
        reverse("surveys:section_delete", args=[pk, "main"]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"title": "x", "text": "x", "type": "yes_no"}).status_code == 403
    move = reverse("surveys:editor_move", args=[pk])
    assert client.post(move, {"question": "wish", "direction": "up"}).status_code == 403
    assert _latest(questionnaire).definition == sample_definition()


def test_another_offices_questionnaire_is_not_found(world, questionnaire):
    client = world.client_for("outsider")
    pk = questionnaire.pk
    assert client.get(reverse("surveys:question_edit", args=[pk, "wish"])).status_code == 404
    assert client.post(reverse("surveys:section_delete", args=[pk, "main"])).status_code == 404
    assert (
        client.post(
            reverse("surveys:editor_move", args=[pk]), {"question": "wish", "direction": "up"}
        ).status_code
        == 404
    )
    assert _latest(questionnaire).definition == sample_definition()


def test_unknown_question_or_section_is_not_found(world, questionnaire):
    client = world.client_for("coordinator")
    assert client.get(reverse("surveys:question_edit", args=[questionnaire.pk, "nope"])).status_code == 404
    assert client.get(reverse("surveys:section_edit", args=[questionnaire.pk, "nope"])).status_code == 404


def test_editing_keeps_a_condition_with_several_answers(world, questionnaire):
    definition = sample_definition()
    definition["sections"][0]["questions"][2]["show_if"] = {"question": "transport", "in": ["car", "bus"]}
    services.questionnaire_revise(actor=None, questionnaire=questionnaire, definition=definition)
    client = world.client_for("coordinator")
    url = reverse("surveys:question_edit", args=[questionnaire.pk, "bus_ok"])
    assert 'value="transport:car,bus" selected' in client.get(url).content.decode()
    client.post(url, {"text": "Passt die Verbindung?", "type": "yes_no", "show_if": "transport:car,bus"})
    assert _question(questionnaire, "bus_ok")["show_if"] == {"question": "transport", "in": ["car", "bus"]}
    assert _question(questionnaire, "bus_ok")["text"]["de"] == "Passt die Verbindung?"


def test_first_and_last_question_offer_no_pointless_move(world, questionnaire):
    html = (
        world.client_for("coordinator")
        .get(reverse("surveys:questionnaire_detail", args=[questionnaire.pk]))
        .content.decode()
    )
    up, down = f">{ui('Move up')}</span>", f">{ui('Move down')}</span>"
    assert html.count(up) == html.count(down) == 8  # nine questions, one section


def test_removing_an_answer_another_question_depends_on_is_refused_on_the_field(world, questionnaire):
    response = world.client_for("coordinator").post(
        reverse("surveys:question_edit", args=[questionnaire.pk, "transport"]),
        {
            "text": "Wie kommen Sie zur Beratung?",
            "type": "single_choice",
            "options": "car = Auto\nfoot = Zu Fuß",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="#id_options">{ui("Options")}: ' in html
    assert "Fährt der Bus oft genug?" in html
    assert _latest(questionnaire).definition == sample_definition()


def test_options_get_keys_from_their_text_and_keep_translations():
    previous = [{"key": "car", "text": {"de": "Auto", "en": "Car"}}]
    options = editor.parse_options("car = PKW\nZu Fuß\nZu Fuß\n\nbus = Bus oder Bahn", previous)
    assert [o["key"] for o in options] == ["car", "zu_fu", "zu_fu_1", "bus"]
    assert options[0]["text"] == {"de": "PKW", "en": "Car"}
    with pytest.raises(ValidationError) as raised:
        editor.parse_options("a = Eins\na = Zwei")
    assert "options" in raised.value.message_dict
