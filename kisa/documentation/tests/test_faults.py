"""Injected database faults during an activity save (issue 8 point 8): the client is told to retry
(503 + Retry-After), nothing is half-written, and the retry with the same client_id saves exactly once."""

from __future__ import annotations

import json
import uuid
from typing import Any
from unittest import mock

from django.db import OperationalError

from kisa.core.models import AuditEntry
from kisa.documentation.models import Activity, ActivityFigure, Dimension, Referral

API = "/api/v1/activities"
ENTRY = "/dokumentation/erfassen/"


def _connection_lost(*args: Any, **kwargs: Any) -> Any:
    raise OperationalError("server closed the connection unexpectedly")


def _nothing_written() -> None:
    assert not Activity.objects.exists()
    assert not Referral.objects.exists()
    assert not ActivityFigure.objects.exists()
    assert not AuditEntry.objects.filter(model_label="documentation.Activity").exists()


def _payload(world: Any, catalogue: dict[str, Any], client_id: str) -> dict[str, Any]:
    return {
        "client_id": client_id,
        "date": "2025-03-05",
        "duration_minutes": 45,
        "dimension": "case",
        "activity_type_id": catalogue["types"][Dimension.CASE].pk,
        "kita_ids": [world.kita_a.pk],
        "topic_ids": [t.pk for t in catalogue["topics"]],
        "adults": 2,
        "referrals": ["debt_counselling"],
        "note": "kurz",
    }


def _post(client: Any, payload: dict[str, Any]) -> Any:
    return client.post(API, json.dumps(payload), content_type="application/json")


def test_a_fault_during_an_api_save_answers_retry_and_the_retry_saves_once(world, catalogue):
    client = world.client_for("worker_a")
    payload = _payload(world, catalogue, str(uuid.uuid4()))

    # The activity, its Kitas, topics, referral and figures are written first; the audit entry, last in the
    # same transaction, meets the lost connection.
    with mock.patch.object(AuditEntry.objects, "create", side_effect=_connection_lost):
        failed = _post(client, payload)

    assert failed.status_code == 503
    assert failed["Retry-After"] == "5"
    assert "detail" in failed.json()
    _nothing_written()

    retried = _post(client, payload)
    resent = _post(client, payload)  # the device did not hear the answer and sends once more

    assert (retried.status_code, resent.status_code) == (201, 200)
    assert retried.json()["id"] == resent.json()["id"]
    assert Activity.objects.filter(client_id=payload["client_id"]).count() == 1
    assert Referral.objects.count() == 1
    assert AuditEntry.objects.filter(model_label="documentation.Activity", action="create").count() == 1


def _form(world: Any, catalogue: dict[str, Any], client_id: str) -> dict[str, Any]:
    return {
        "client_id": client_id,
        "date": "2025-03-05",
        "start_time": "10:00",
        "duration_minutes": "30",
        "dimension": "case",
        "activity_type": str(catalogue["types"][Dimension.CASE].pk),
        "kitas": [str(world.kita_a.pk)],
        "topics": [str(catalogue["topics"][0].pk)],
        "language": "de",
        "adults": "1",
        "children": "0",
        "professionals": "0",
        "note": "",
    }


def test_a_fault_during_a_fast_entry_save_shows_the_retry_page_and_the_resubmission_saves_once(
    world, catalogue
):
    client = world.client_for("worker_a")
    form = _form(world, catalogue, str(uuid.uuid4()))

    with mock.patch.object(AuditEntry.objects, "create", side_effect=_connection_lost):
        failed = client.post(ENTRY, form)

    assert failed.status_code == 503
    assert failed["Retry-After"] == "5"
    _nothing_written()

    # The browser's "send again" repeats the same form, with the client_id it was given once.
    retried = client.post(ENTRY, form)
    repeated = client.post(ENTRY, form)

    assert retried.status_code == repeated.status_code == 302
    assert Activity.objects.filter(client_id=form["client_id"]).count() == 1
    assert AuditEntry.objects.filter(model_label="documentation.Activity", action="create").count() == 1
