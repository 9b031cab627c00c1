"""Property-based run against the OpenAPI schema (schemathesis): generated requests to every operation
of every mounted router never get a server error, and every documented answer matches its schema.

Deterministic (derandomized) so CI is reproducible; `KISA_SCHEMATHESIS_EXAMPLES` raises the number of
examples per operation for a deeper local run. Other apps' routers are covered as soon as they are mounted.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from config.wsgi import application
from kisa.accounts.services import api_token_create

EXAMPLES = int(os.environ.get("KISA_SCHEMATHESIS_EXAMPLES", "8"))


@pytest.fixture
def api_schema() -> Iterator[Any]:
    """The schema, called through the WSGI application in this thread and this test's transaction.

    As Django's test client does, the per-request connection cleanup is suspended: it would close the
    test's connection (PostgreSQL) in the middle of its transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("persona", ["coordinator", "worker_a", "read_only"])
def test_generated_requests_get_no_server_error_and_answers_match_the_schema(world, api_schema, persona):
    _token, raw = api_token_create(user=world.users[persona], name="schemathesis")
    headers = {"Authorization": f"Bearer {raw}"}
    operations = _operations(api_schema)
    failures: list[str] = []
    assert len(operations) >= 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            response = case.call(headers=headers)
            case.validate_response(
                response,
                checks=[
                    checks.not_a_server_error,
                    checks.response_schema_conformance,
                    checks.content_type_conformance,
                ],
            )

        try:
            run()
        except Exception as error:  # collect every failing operation, not just the first
            failures.append(f"{operation.label}: {str(error)[:1500]}")

    assert failures == []
