"""Injected database faults during a survey submission (issue 8 point 8): the respondent is told to retry
(503 + Retry-After), no response or answer is half-written, and the retry is stored exactly once."""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from kisa.core.models import AuditEntry
from kisa.surveys.models import Answer, Response
from kisa.surveys.protection import DEVICE_COOKIE
from kisa.surveys.tests.factories import make_round

KEY = "5b0e0a8e-2f0c-4c55-9d4e-1c7a1c6f0b21"
ANSWERS = {
    "wellbeing": "5",
    "transport": "bus",
    "bus_ok": True,
    "topics": ["health"],
    "children": 2,
    "wish": "Mehr Busse",
}


def _connection_lost(*args: Any, **kwargs: Any) -> Any:
    raise OperationalError("server closed the connection unexpectedly")


def _nothing_written() -> None:
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    assert not AuditEntry.objects.filter(model_label="surveys.Response").exists()


def _api_post(client: Client, survey_round: Any, payload: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/surveys/rounds/{survey_round.pk}/responses",
        payload,
        content_type="application/json",
        headers={"Idempotency-Key": KEY},
    )


def test_a_fault_during_an_api_submission_answers_retry_and_the_retry_is_stored_once(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    payload = {"kita_id": world.kita_a.pk, "actor_group": "parents", "answers": ANSWERS, "version": 1}
    client = Client()

    # Response and answers are inserted first; the audit entry, last in the transaction, hits the fault.
    with mock.patch.object(AuditEntry.objects, "create", side_effect=_connection_lost):
        failed = _api_post(client, survey_round, payload)

    assert failed.status_code == 503
    assert failed["Retry-After"] == "5"
    assert "detail" in failed.json()
    _nothing_written()

    retried = _api_post(client, survey_round, payload)
    repeated = _api_post(client, survey_round, payload)  # the answer to the retry got lost

    assert (retried.status_code, repeated.status_code) == (201, 201)
    assert repeated["Idempotent-Replayed"] == "true"
    assert Response.objects.count() == 1
    assert set(Answer.objects.values_list("response_id", flat=True)) == {Response.objects.get().pk}


def test_a_fault_during_a_page_submission_shows_the_retry_page_and_the_resubmission_is_stored_once(world):
    survey_round = make_round(world.office, kitas=[world.kita_a], allow_multiple_submissions=False)
    url = reverse("surveys:answer", args=[survey_round.public_key, world.kita_a.pk, "parents"])
    form = {"lang": "de", "version": "1", "q_wellbeing": "4", "q_transport": "car", "q_wish": "Elterncafé"}
    client = Client()

    with mock.patch.object(AuditEntry.objects, "create", side_effect=_connection_lost):
        failed = client.post(url, form)

    assert failed.status_code == 503
    assert failed["Retry-After"] == "5"
    assert DEVICE_COOKIE not in failed.cookies  # not marked as answered: the respondent can send again
    _nothing_written()

    retried = client.post(url, form)
    repeated = client.post(url, form)  # "send again" once more, with the device mark of the retry

    assert retried.status_code == 302
    assert repeated.status_code == 200  # "you have already answered"
    assert Response.objects.count() == 1
