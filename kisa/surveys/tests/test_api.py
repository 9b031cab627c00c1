"""Survey API: rounds per role, the public response endpoint, results (suppression tested in test_evaluation)."""

import pytest
from django.test import Client

from kisa.surveys.models import Response
from kisa.surveys.tests.factories import make_round

API = "/api/v1/surveys/rounds"


def _names(response):
    body = response.json()
    assert body["count"] == len(body["items"])
    return {item["name"] for item in body["items"]}


def test_round_list_per_role(world):
    make_round(world.office, kitas=[world.kita_a], name="Runde A")
    make_round(world.office, kitas=[world.kita_c], name="Runde C")
    make_round(world.other_office, kitas=[world.other_kita], name="Fremde Runde")

    seen = {
        persona: _names(world.client_for(persona).get(API))
        for persona in ("coordinator", "worker_a", "worker_b", "kita_lead", "provider", "read_only")
    }

    assert seen == {
        "coordinator": {"Runde A", "Runde C"},
        "worker_a": {"Runde A"},
        "worker_b": set(),
        "kita_lead": {"Runde A"},
        "provider": {"Runde A", "Runde C"},
        "read_only": {"Runde A", "Runde C"},
    }
    assert world.client_for("admin").get(API).status_code == 403
    assert _names(world.client_for("outsider").get(API)) == {"Fremde Runde"}
    assert Client().get(API).status_code == 401
    item = world.client_for("coordinator").get(API).json()["items"][0]
    assert item["actor_groups"] == ["parents"] and item["status"] == "open"


def _post(survey_round, payload, client=None):
    return (client or Client()).post(
        f"{API}/{survey_round.pk}/responses", payload, content_type="application/json"
    )


VALID = {
    "wellbeing": "5",
    "transport": "bus",
    "bus_ok": True,
    "topics": ["health"],
    "children": 2,
    "wish": "Mehr Busse",
}


def test_public_post_stores_response_without_login(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    response = _post(
        survey_round,
        {
            "kita_id": world.kita_a.pk,
            "actor_group": "parents",
            "language": "ar",
            "answers": VALID,
            "version": 1,
        },
    )

    assert response.status_code == 201
    assert response.json() == {
        "round_id": survey_round.pk,
        "kita_id": world.kita_a.pk,
        "actor_group": "parents",
        "channel": "online",
    }
    stored = Response.objects.get()
    assert (stored.language, stored.channel) == ("ar", "online")
    assert stored.answers.get(question="bus_ok").choice == "yes"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"answers": {**VALID, "wellbeing": "9"}}, "wellbeing"),
        ({"answers": {**VALID, "children": 99}}, "children"),
        ({"answers": {k: v for k, v in VALID.items() if k != "transport"}}, "transport"),
        ({"answers": {**VALID, "unknown": "1"}}, "answers"),
        ({"version": 3}, "version"),
        ({"kita_id": 999999}, "kita"),
        ({"language": "xx"}, "language"),
    ],
)
def test_public_post_refuses_invalid_input_with_422_naming_the_field(world, change, field):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    payload = {
        "kita_id": world.kita_a.pk,
        "actor_group": "parents",
        "language": "en",
        "answers": VALID,
        **change,
    }
    response = _post(survey_round, payload)
    assert response.status_code == 422
    assert [item["field"] for item in response.json()["detail"]] == [field]
    assert not Response.objects.exists()


def test_public_post_messages_in_the_respondents_language(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    payload = {
        "kita_id": world.kita_a.pk,
        "actor_group": "parents",
        "language": "en",
        "answers": {**VALID, "wellbeing": "9"},
    }
    assert (
        _post(survey_round, payload).json()["detail"][0]["message"]
        == "“My child feels at ease.”: please choose one of the given answers."
    )


def test_public_post_to_closed_draft_or_unknown_round(world):
    closed = make_round(world.office, kitas=[world.kita_a], status="closed")
    draft = make_round(world.office, kitas=[world.kita_a], status="draft", name="Entwurf")
    payload = {"kita_id": world.kita_a.pk, "actor_group": "parents", "answers": VALID}
    assert _post(closed, payload).status_code == 422
    assert _post(draft, payload).status_code == 404
    assert (
        Client().post(f"{API}/999999/responses", payload, content_type="application/json").status_code == 404
    )
    assert not Response.objects.exists()


def test_public_post_rate_limited(world, settings):
    settings.KISA_SURVEY_RATE_LIMIT = "3/h"
    survey_round = make_round(world.office, kitas=[world.kita_a])
    payload = {"kita_id": world.kita_a.pk, "actor_group": "parents", "answers": VALID}
    codes = [_post(survey_round, payload).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    assert Response.objects.count() == 3


def test_results_per_role(surveyed):
    url = f"{API}/{surveyed.survey_round.pk}/results"
    codes = {
        p: surveyed.client_for(p).get(url).status_code
        for p in ("coordinator", "worker_a", "kita_lead", "provider", "read_only", "admin", "outsider")
    }
    assert codes == {
        "coordinator": 200,
        "worker_a": 200,
        "kita_lead": 200,
        "provider": 200,
        "read_only": 200,
        "admin": 403,
        "outsider": 404,
    }
    assert surveyed.client_for("coordinator").get(url, {"actor_group": "staff"}).status_code == 422
    assert surveyed.client_for("kita_lead").get(url).json()["responses"] == 6


def test_the_same_submission_id_is_stored_once_and_only_in_its_own_round(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    other_round = make_round(world.office, kitas=[world.kita_a], name="Befragung 2026")
    payload = {
        "kita_id": world.kita_a.pk,
        "actor_group": "parents",
        "answers": VALID,
        "submission_id": "0c8f6f1e-8d7b-4a55-9f1e-2b7f3f0f9a10",
    }

    first, resent = _post(survey_round, payload), _post(survey_round, payload)
    elsewhere = _post(other_round, payload)

    assert (first.status_code, resent.status_code) == (201, 201)
    assert survey_round.responses.count() == 1
    assert elsewhere.status_code == 422
    assert elsewhere.json()["detail"][0]["field"] == "submission_id"
    assert other_round.responses.count() == 0
