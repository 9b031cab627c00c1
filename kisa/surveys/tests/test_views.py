"""Staff pages: who may do what, and what they see."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kisa.surveys import services
from kisa.surveys.models import Answer, Finding, Questionnaire, Response, SurveyRound
from kisa.surveys.tests.factories import make_questionnaire, make_round

ALL = ["coordinator", "worker_a", "worker_b", "kita_lead", "provider", "read_only", "admin", "outsider"]


def _status(world, persona, url, method="get", data=None):
    client = world.client_for(persona)
    return getattr(client, method)(url, data or {}).status_code


# --- Who may open which page -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("round_detail", {"coordinator", "worker_a", "worker_b", "kita_lead", "provider", "read_only"}),
        ("results", {"coordinator", "worker_a", "worker_b", "kita_lead", "provider", "read_only"}),
        ("free_text", {"coordinator", "worker_a", "worker_b"}),
    ],
)
def test_round_pages_per_role(surveyed, name, allowed):
    url = reverse(f"surveys:{name}", args=[surveyed.survey_round.pk])
    codes = {persona: _status(surveyed, persona, url) for persona in ALL}
    assert {p for p, code in codes.items() if code == 200} == allowed
    assert codes["outsider"] == 404  # another office's round does not exist for them
    assert codes["admin"] == 403


def test_round_of_kita_c_is_invisible_to_worker_a(world):
    survey_round = make_round(world.office, kitas=[world.kita_c])
    url = reverse("surveys:round_detail", args=[survey_round.pk])
    assert _status(world, "worker_a", url) == 404
    assert _status(world, "kita_lead", url) == 404
    assert _status(world, "provider", url) == 200  # church provider runs Kita C
    assert _status(world, "read_only", url) == 200


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("questionnaire_list", {"coordinator", "worker_a", "worker_b", "outsider"}),
        ("questionnaire_create", {"coordinator", "outsider"}),
        ("round_create", {"coordinator", "worker_a", "worker_b", "outsider"}),
        (
            "round_list",
            {"coordinator", "worker_a", "worker_b", "kita_lead", "provider", "read_only", "outsider"},
        ),
        ("finding_list", {"coordinator", "worker_a", "worker_b", "kita_lead", "outsider"}),
    ],
)
def test_office_pages_per_role(world, name, allowed):
    url = reverse(f"surveys:{name}")
    codes = {persona: _status(world, persona, url) for persona in ALL}
    assert {p for p, code in codes.items() if code == 200} == allowed
    assert set(codes.values()) <= {200, 403}


def test_anonymous_staff_page_redirects_to_login(client, world):
    response = client.get(reverse("surveys:round_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Questionnaires ----------------------------------------------------------------------------------


def test_coordinator_installs_templates_and_edits_used_questionnaire_into_new_version(world):
    client = world.client_for("coordinator")
    client.post(reverse("surveys:questionnaire_install"))
    parents = Questionnaire.objects.get(youth_office=world.office, actor_group="parents")
    make_round(world.office, kitas=[world.kita_a], questionnaires=[parents])
    definition = parents.versions.get().definition
    definition["sections"][0]["questions"][0]["text"]["de"] = "Mein Kind geht gern in die Kita."
    import json

    response = client.post(
        reverse("surveys:questionnaire_edit", args=[parents.pk]), {"definition": json.dumps(definition)}
    )

    assert response.status_code == 302
    assert list(parents.versions.values_list("number", flat=True)) == [2, 1]
    page = client.get(reverse("surveys:questionnaire_detail", args=[parents.pk])).content.decode()
    assert "Mein Kind geht gern in die Kita." in page


def test_questionnaire_edit_with_broken_json_shows_error(world):
    questionnaire = make_questionnaire(world.office)
    client = world.client_for("coordinator")
    response = client.post(
        reverse("surveys:questionnaire_edit", args=[questionnaire.pk]), {"definition": "{oops"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["definition"]
    assert _status(world, "worker_a", reverse("surveys:questionnaire_edit", args=[questionnaire.pk])) == 403
    assert _status(world, "outsider", reverse("surveys:questionnaire_edit", args=[questionnaire.pk])) == 404


def test_missing_translations_listed_and_translation_saved(world):
    questionnaire = make_questionnaire(world.office)
    client = world.client_for("coordinator")
    detail = client.get(reverse("surveys:questionnaire_detail", args=[questionnaire.pk]))
    missing = {lang.code: texts for lang, texts in detail.context["missing"]}
    assert "Themen" in missing["tr"]
    assert "Mein Kind fühlt sich wohl." not in missing["ar"]

    url = reverse("surveys:questionnaire_translate", args=[questionnaire.pk, "tr"])
    form = client.get(url).context["form"]
    field = next(name for name, f in form.fields.items() if f.label == "Themen")
    client.post(url, {field: "Konular"})
    assert (
        "Themen"
        not in {
            lang.code: texts
            for lang, texts in client.get(
                reverse("surveys:questionnaire_detail", args=[questionnaire.pk])
            ).context["missing"]
        }["tr"]
    )


# --- Rounds ------------------------------------------------------------------------------------------


def test_worker_creates_round_for_own_kita_only(world):
    questionnaire = make_questionnaire(world.office)
    client = world.client_for("worker_a")
    data = {
        "name": "Runde A",
        "starts_on": "2025-03-01",
        "ends_on": "2025-04-01",
        "questionnaires": [questionnaire.pk],
    }

    refused = client.post(reverse("surveys:round_create"), {**data, "kitas": [world.kita_b.pk]})
    created = client.post(reverse("surveys:round_create"), {**data, "kitas": [world.kita_a.pk]})

    assert refused.status_code == 200 and "kitas" in refused.context["form"].errors
    survey_round = SurveyRound.objects.get()
    assert created["Location"] == reverse("surveys:round_detail", args=[survey_round.pk])
    status_url = reverse("surveys:round_status", args=[survey_round.pk])
    assert _status(world, "worker_b", status_url, "post", {"status": "open"}) == 404
    assert _status(world, "kita_lead", status_url, "post", {"status": "open"}) == 403
    client.post(status_url, {"status": "open"})
    survey_round.refresh_from_db()
    assert survey_round.status == "open"


def test_worker_may_not_manage_round_spanning_other_kitas(world):
    survey_round = make_round(world.office, kitas=[world.kita_a, world.kita_b], status="draft")
    url = reverse("surveys:round_status", args=[survey_round.pk])
    assert _status(world, "worker_a", url, "post", {"status": "open"}) == 403
    assert _status(world, "coordinator", url, "post", {"status": "open"}) == 302


def test_coordinator_targets_social_area(world):
    questionnaire = make_questionnaire(world.office)
    world.client_for("coordinator").post(
        reverse("surveys:round_create"),
        {
            "name": "Maifeld 2025",
            "starts_on": "2025-03-01",
            "ends_on": "2025-04-01",
            "questionnaires": [questionnaire.pk],
            "social_areas": [world.social_area.pk],
        },
    )
    survey_round = SurveyRound.objects.get()
    page = world.client_for("coordinator").get(reverse("surveys:round_detail", args=[survey_round.pk]))
    assert [link["kita"] for link in page.context["links"]] == [world.kita_b, world.kita_a]


# --- Paper forms, printed material -------------------------------------------------------------------


def test_worker_enters_paper_form_flagged_paper(world):
    survey_round = make_round(world.office, kitas=[world.kita_a, world.kita_b])
    url = reverse("surveys:paper_entry", args=[survey_round.pk, world.kita_a.pk, "parents"])
    data = {"language": "tr", "q_wellbeing": "5", "q_transport": "bus", "q_bus_ok": "no"}

    response = world.client_for("worker_a").post(url, data)

    assert response.status_code == 302
    stored = Response.objects.get()
    assert (stored.channel, stored.language, stored.kita) == ("paper", "tr", world.kita_a)
    assert _status(world, "worker_b", url, "post", data) == 404
    assert _status(world, "kita_lead", url) == 403
    assert Response.objects.count() == 1


def test_paper_entry_error_keeps_input(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    url = reverse("surveys:paper_entry", args=[survey_round.pk, world.kita_a.pk, "parents"])
    page = world.client_for("worker_a").post(url, {"q_transport": "bus", "q_wish": "Mehr Bus"})
    html = page.content.decode()
    assert "Mehr Bus</textarea>" in html and 'value="bus" checked' in html
    assert not Response.objects.exists()


def test_qr_poster_and_paper_pdf(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    client = world.client_for("worker_a")
    qr = client.get(reverse("surveys:kita_qr", args=[survey_round.pk, world.kita_a.pk]), {"lang": "ar"})
    poster = client.get(
        reverse("surveys:kita_poster", args=[survey_round.pk, world.kita_a.pk]), {"lang": "uk"}
    )
    paper = client.get(
        reverse("surveys:paper_form_pdf", args=[survey_round.pk, world.kita_a.pk, "parents"]), {"lang": "en"}
    )
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert poster.content.startswith(b"%PDF") and paper.content.startswith(b"%PDF")
    assert (
        _status(world, "worker_b", reverse("surveys:kita_qr", args=[survey_round.pk, world.kita_a.pk])) == 404
    )
    assert (
        _status(world, "read_only", reverse("surveys:kita_qr", args=[survey_round.pk, world.kita_a.pk]))
        == 403
    )


# --- Free text, tags, findings -----------------------------------------------------------------------


def test_free_text_visible_to_responsible_worker_and_never_below_threshold(surveyed):
    url = reverse("surveys:free_text", args=[surveyed.survey_round.pk])
    worker_a = surveyed.client_for("worker_a").get(url).content.decode()
    worker_b = surveyed.client_for("worker_b").get(url).content.decode()
    coordinator_b = surveyed.client_for("coordinator").get(url, {"kita": surveyed.kita_b.pk}).content.decode()

    assert "Ein Elterncafé am Nachmittag" in worker_a
    assert "Geheimer Wunsch aus B" not in worker_b
    assert "Geheimer Wunsch aus B" not in coordinator_b
    assert surveyed.client_for("worker_a").get(url, {"kita": surveyed.kita_b.pk}).status_code == 404


def test_worker_tags_free_text_and_saves_finding(surveyed):
    answer = Answer.objects.filter(
        response__kita=surveyed.kita_a, question="wish", response__round=surveyed.survey_round
    ).first()
    client = surveyed.client_for("worker_a")
    client.post(
        reverse("surveys:answer_tag", args=[surveyed.survey_round.pk, answer.pk]),
        {"tag": "wish", "topic": "Vernetzung"},
    )
    client.post(
        reverse("surveys:finding_create", args=[surveyed.survey_round.pk]),
        {
            "kita": surveyed.kita_a.pk,
            "kind": "need",
            "topic": "Vernetzung",
            "text": "Eltern wünschen ein Elterncafé",
        },
    )

    answer.refresh_from_db()
    assert (answer.tag, answer.topic) == ("wish", "Vernetzung")
    assert Finding.objects.get().text == "Eltern wünschen ein Elterncafé"
    findings = surveyed.client_for("worker_b").get(reverse("surveys:finding_list")).context["findings"]
    assert list(findings) == []

    small = Answer.objects.filter(response__kita=surveyed.kita_b, question="wish").first()
    assert (
        _status(
            surveyed,
            "worker_b",
            reverse("surveys:answer_tag", args=[surveyed.survey_round.pk, small.pk]),
            "post",
            {"tag": "need"},
        )
        == 404
    )
    assert (
        _status(
            surveyed,
            "worker_b",
            reverse("surveys:answer_tag", args=[surveyed.survey_round.pk, answer.pk]),
            "post",
            {"tag": "need"},
        )
        == 404
    )
    assert (
        _status(
            surveyed,
            "kita_lead",
            reverse("surveys:answer_tag", args=[surveyed.survey_round.pk, answer.pk]),
            "post",
            {"tag": "need"},
        )
        == 403
    )


def test_round_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = world.client_for("coordinator")
    make_round(world.office, kitas=[world.kita_a])
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("surveys:round_list"))
    for index in range(3):
        make_round(
            world.office, kitas=[world.kita_a], name=f"R{index}", starts_on=dt.date(2025, 1, index + 1)
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("surveys:round_list"))


def test_draft_round_edit_changes_kitas_open_round_keeps_them(world):
    survey_round = make_round(world.office, kitas=[world.kita_a], status="draft")
    questionnaire = survey_round.versions.get().questionnaire
    client = world.client_for("coordinator")
    url = reverse("surveys:round_edit", args=[survey_round.pk])
    data = {
        "name": "Umbenannt",
        "starts_on": "2025-03-01",
        "ends_on": "2025-05-01",
        "questionnaires": [questionnaire.pk],
    }

    client.post(url, {**data, "kitas": [world.kita_a.pk, world.kita_c.pk]})
    survey_round.refresh_from_db()
    assert survey_round.name == "Umbenannt"
    assert set(survey_round.kitas.all()) == {world.kita_a, world.kita_c}

    services.round_set_status(actor=None, survey_round=survey_round, status="open")
    form = client.get(url).context["form"]
    assert "kitas" not in form.fields and "questionnaires" not in form.fields
    client.post(url, {"name": "Offen", "starts_on": "2025-03-01", "ends_on": "2025-06-30"})
    survey_round.refresh_from_db()
    assert (survey_round.name, survey_round.ends_on) == ("Offen", dt.date(2025, 6, 30))
    assert set(survey_round.kitas.all()) == {world.kita_a, world.kita_c}
    with pytest.raises(ValidationError):
        services.round_update(
            actor=None,
            survey_round=survey_round,
            name="x",
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 2, 1),
            allow_multiple_submissions=False,
            kitas=[world.kita_b],
        )
    assert _status(world, "worker_a", url) == 403  # the round's Kita C is not theirs
    assert _status(world, "read_only", url) == 403
    assert _status(world, "outsider", url) == 404
