"""Bad input to the API gets a 4xx with a message a client developer can act on, never a 5xx."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation


def _german(message: str, **params: Any) -> str:
    with translation.override("de"):
        text = translation.gettext(message)
    return text % params if params else text


def test_malformed_json_is_a_400_naming_the_problem(world):
    response = world.client_for("coordinator").post(
        "/api/v1/kitas", '{"number": "N1", "name": ', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_body_that_is_not_an_object_is_refused(world):
    response = world.client_for("coordinator").post(
        "/api/v1/kitas", "[1, 2]", content_type="application/json"
    )

    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("approved_places", "viele"), ("municipality_id", "eins"), ("latitude", {"x": 1}), ("name", 12.5)],
)
def test_wrong_types_are_a_422_naming_the_field(world, field, value):
    payload = {
        "number": "N1",
        "name": "Kita",
        "municipality_id": world.municipality_in_area.pk,
        "provider_id": world.church.pk,
        "approved_places": 5,
        field: value,
    }

    response = world.client_for("coordinator").post("/api/v1/kitas", payload, content_type="application/json")

    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["detail"]]


def test_a_huge_json_body_is_a_413_with_the_limit(world, settings):
    body = '{"name": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + '"}'

    response = world.client_for("coordinator").post("/api/v1/kitas", body, content_type="application/json")

    assert response.status_code == 413
    assert response.json() == {"detail": _german("The request is too large (at most %(size)d MB).", size=5)}


def test_an_out_of_range_id_is_a_404_or_422_not_a_server_error(world):
    client = world.client_for("coordinator")

    assert client.get("/api/v1/kitas/99999999999999999999").status_code in (404, 422)
    assert client.get("/api/v1/kitas/-1").status_code in (404, 422)


def test_nul_characters_are_refused_not_stored(world):
    payload = {
        "number": "N1",
        "name": "Ki\x00ta",
        "municipality_id": world.municipality_in_area.pk,
        "provider_id": world.church.pk,
        "approved_places": 5,
    }

    response = world.client_for("coordinator").post("/api/v1/kitas", payload, content_type="application/json")

    assert response.status_code == 422
