"""The participation API: public submission (validated, rate-limited) and the scoped feedback list."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kisa.participation import services
from kisa.participation.models import FeedbackItem
from kisa.participation.tests.factories import FeedbackItemFactory
from kisa.registry.tests.factories import KitaFactory

API = "/api/v1"
VALID = {"kind": "wish", "topic": "opening_hours", "message": "Früher öffnen, bitte.", "language": "tr"}


def post(client: Client, kita_id: int, payload: dict):
    return client.post(
        f"{API}/kitas/{kita_id}/feedback", json.dumps(payload), content_type="application/json"
    )


def test_anonymous_submission_returns_a_receipt_code(world):
    response = post(Client(), world.kita_a.pk, VALID)
    assert response.status_code == 201
    body = response.json()
    item = FeedbackItem.objects.get()
    assert services.feedback_for_receipt_code(code=body["receipt_code"]) == item
    assert body["status"] == "received" and body["due_on"] == item.due_on.isoformat()
    assert (item.language, item.topic) == ("tr", "opening_hours")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**VALID, "message": ""}, "message"),
        ({**VALID, "message": "x" * 4001}, "message"),
        ({**VALID, "message": "   "}, "message"),
        ({**VALID, "message": "a\x00b"}, "message"),
        ({**VALID, "kind": "threat"}, "kind"),
        ({**VALID, "topic": None}, "topic"),
        ({**VALID, "contact": "x" * 201}, "contact"),
    ],
)
def test_invalid_submissions_answer_422_naming_the_field_and_save_nothing(world, payload, field):
    response = post(Client(), world.kita_a.pk, payload)
    assert response.status_code == 422
    assert field in {error["field"] for error in response.json()["detail"]}
    assert FeedbackItem.objects.count() == 0


def test_unknown_inactive_or_other_offices_unknown_kita_is_404(world):
    inactive = KitaFactory(youth_office=world.office, is_active=False)
    assert post(Client(), 987654, VALID).status_code == 404
    assert post(Client(), inactive.pk, VALID).status_code == 404
    assert post(Client(), 2**63, VALID).status_code in (404, 422)


def test_flood_is_refused_with_429(world, settings):
    settings.KISA_FEEDBACK_RATE = "2/h"
    client = Client(REMOTE_ADDR="198.51.100.4")
    assert [post(client, world.kita_a.pk, VALID).status_code for _ in range(3)] == [201, 201, 429]
    assert FeedbackItem.objects.count() == 2


def test_script_in_the_message_comes_back_as_plain_json_text(world):
    post(Client(), world.kita_a.pk, {**VALID, "message": "<script>alert(1)</script>"})
    body = world.client_for("kita_lead").get(f"{API}/feedback").json()
    assert body["items"][0]["message"] == "<script>alert(1)</script>"


@pytest.fixture
def feedback(world):
    return {
        "a": FeedbackItemFactory(kita=world.kita_a, message="A", contact="0171"),
        "a_routed": FeedbackItemFactory(kita=world.kita_a, message="A-routed", routed_to_social_worker=True),
        "b": FeedbackItemFactory(kita=world.kita_b, message="B", routed_to_social_worker=True),
        "other": FeedbackItemFactory(kita=world.other_kita, message="X"),
    }


@pytest.mark.parametrize(
    ("persona", "messages"),
    [("kita_lead", {"A", "A-routed"}), ("worker_a", {"A-routed"}), ("worker_b", {"B"}), ("provider", set())],
)
def test_list_is_scoped_to_the_caller(world, feedback, persona, messages):
    response = world.client_for(persona).get(f"{API}/feedback")
    assert response.status_code == 200
    body = response.json()
    assert {item["message"] for item in body["items"]} == messages
    assert body["count"] == len(messages)


def test_list_filters_and_contact_for_handlers_only(world, feedback):
    lead = (
        world.client_for("kita_lead")
        .get(f"{API}/feedback", {"kita": world.kita_a.pk, "status": "received"})
        .json()
    )
    contacts = {item["message"]: item["contact"] for item in lead["items"]}
    assert contacts == {"A": "0171", "A-routed": ""}
    none = world.client_for("kita_lead").get(f"{API}/feedback", {"status": "closed"}).json()
    assert none["count"] == 0
    bad = world.client_for("kita_lead").get(f"{API}/feedback", {"status": "lost"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "status"

    feedback["a"].escalated_at = feedback["a"].created_at
    feedback["a"].save()
    provider = world.client_for("provider").get(f"{API}/feedback").json()
    assert [(item["message"], item["contact"]) for item in provider["items"]] == [("A", None)]


@pytest.mark.parametrize("persona", ["coordinator", "read_only", "admin", "outsider"])
def test_list_is_refused_to_other_roles(world, feedback, persona):
    assert world.client_for(persona).get(f"{API}/feedback").status_code == 403


def test_list_needs_authentication(world):
    assert Client().get(f"{API}/feedback").status_code == 401
