"""Runs every app's access matrix (kisa/core/access.py): allowed AND refused, per role, other office = 404."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from kisa.core.access import ANONYMOUS, PERSONAS, Access


def _rows() -> list[Access]:
    rows: list[Access] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kisa."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.access")
        except ModuleNotFoundError:
            continue
        rows.extend(module.ROWS)
    return rows


ROWS = _rows()
CASES = [
    pytest.param(row, persona, id=f"{row.name}-{persona}")
    for row in ROWS
    for persona in (*PERSONAS, ANONYMOUS)
]


def test_the_matrix_covers_registry_and_accounts():
    names = {row.name for row in ROWS}

    assert len(ROWS) >= 25
    assert any(name.startswith("registry") for name in names)
    assert any(name.startswith("accounts") for name in names)
    assert any("other office" in name for name in names)


APPS_WITH_ENDPOINTS = (
    "registry",
    "accounts",
    "documentation",
    "cases",
    "surveys",
    "directory",
    "participation",
    "budget",
    "planning",
    "family_centres",
    "reports",
)


def test_every_app_with_endpoints_has_rows_including_another_office():
    for app in APPS_WITH_ENDPOINTS:
        names = [row.name for row in ROWS if row.name.startswith(f"{app} ")]
        assert names, f"{app} has no rows in kisa/{app}/tests/access.py"
        assert any("other office" in name for name in names), (
            f"{app}: no row asks for another office's object"
        )


def _client(world: Any, persona: str) -> Client:
    return Client() if persona == ANONYMOUS else world.client_for(persona)


@pytest.mark.parametrize(("row", "persona"), CASES)
def test_access(world, row: Access, persona: str) -> None:
    client = _client(world, persona)
    path = row.path(world)
    data = row.data(world) if row.data else None
    kwargs: dict[str, Any] = {"content_type": "application/json"} if row.json else {}

    response = (
        getattr(client, row.method)(path, data, **kwargs)
        if data is not None or row.method != "get"
        else client.get(path)
    )

    expected = row.status_for(persona)
    assert response.status_code == expected, (
        f"{row.method.upper()} {path} as {persona}: {response.status_code}"
    )
