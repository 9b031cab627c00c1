"""Injected database faults: the client is told to retry (503 + Retry-After) and nothing is half-written."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError

from kisa.core.faults import TemporarilyUnavailable, retryable_write
from kisa.core.models import AuditEntry
from kisa.registry.models import Kita


def _kita_payload(world: Any) -> dict[str, Any]:
    return {
        "number": "N1",
        "name": "Kita Pusteblume",
        "municipality_id": world.municipality_in_area.pk,
        "provider_id": world.church.pk,
        "approved_places": 50,
    }


def _connection_lost(*args: Any, **kwargs: Any) -> Any:
    raise OperationalError("server closed the connection unexpectedly")


def test_a_lost_connection_during_an_api_write_answers_retry_and_writes_nothing(world):
    client = world.client_for("coordinator")

    # The Kita row is inserted first; the fault hits the audit entry written in the same transaction.
    with mock.patch.object(AuditEntry.objects, "create", side_effect=_connection_lost):
        failed = client.post("/api/v1/kitas", _kita_payload(world), content_type="application/json")

    assert failed.status_code == 503
    assert failed["Retry-After"] == "5"
    assert "detail" in failed.json()
    assert not Kita.objects.filter(number="N1").exists()
    assert not AuditEntry.objects.filter(model_label="registry.Kita").exists()

    retried = client.post("/api/v1/kitas", _kita_payload(world), content_type="application/json")

    assert retried.status_code == 201
    assert Kita.objects.filter(number="N1").count() == 1


def test_a_lost_connection_during_a_form_save_shows_the_retry_page_and_writes_nothing(world):
    client = world.client_for("coordinator")
    data = {
        "number": "D1",
        "name": "Kita Löwenzahn",
        "municipality": world.municipality_in_area.pk,
        "provider": world.church.pk,
        "approved_places": "70",
        "family_centre_status": "none",
        "is_active": "on",
    }

    with mock.patch.object(AuditEntry.objects, "create", side_effect=_connection_lost):
        response = client.post("/register/kitas/neu/", data)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert not Kita.objects.filter(number="D1").exists()


def test_retryable_write_rolls_back_and_signals_a_retry(world):
    @retryable_write
    def rename_then_fail(*, kita: Kita) -> None:
        Kita.objects.filter(pk=kita.pk).update(name="Halb geschrieben")
        _connection_lost()

    with pytest.raises(TemporarilyUnavailable):
        rename_then_fail(kita=world.kita_a)

    world.kita_a.refresh_from_db()
    assert world.kita_a.name == "Kita St. Martin"


# --- Idempotency keys -------------------------------------------------------------------------------------

KEY = "3f6c1d2e-9a7b-4c1e-8f00-5b2d7e9a1c44"


def _create(client: Any, world: Any, key: str = KEY, **changes: Any) -> Any:
    return client.post(
        "/api/v1/kitas",
        {**_kita_payload(world), **changes},
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )


def test_a_repeated_write_with_the_same_key_answers_the_same_and_writes_once(world):
    client = world.client_for("coordinator")

    first = _create(client, world)
    repeat = _create(client, world)

    assert first.status_code == repeat.status_code == 201
    assert repeat.json() == first.json()
    assert repeat["Idempotent-Replayed"] == "true"
    assert Kita.objects.filter(number="N1").count() == 1
    assert AuditEntry.objects.filter(model_label="registry.Kita", action="create").count() == 1


def test_a_failed_write_is_not_remembered_so_the_retry_writes(world):
    client = world.client_for("coordinator")

    with mock.patch.object(AuditEntry.objects, "create", side_effect=_connection_lost):
        lost = _create(client, world)
    refused = _create(client, world, approved_places=-1)
    retried = _create(client, world)

    assert lost.status_code == 503
    assert refused.status_code == 422
    assert retried.status_code == 201
    assert Kita.objects.filter(number="N1").count() == 1


def test_the_key_belongs_to_its_caller(world):
    _create(world.client_for("coordinator"), world)

    other = _create(world.client_for("worker_a"), world)

    assert other.status_code == 403
    assert "Idempotent-Replayed" not in other


def test_a_too_short_key_is_refused(world):
    response = _create(world.client_for("coordinator"), world, key="1")

    assert response.status_code == 400
    assert not Kita.objects.filter(number="N1").exists()
