"""Fixtures of the cases tests: encryption keys, and one case of worker A (worker B not involved)."""

from typing import Any

import pytest
from cryptography.fernet import Fernet

from kisa.cases.tests.factories import CaseFactory

KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def encryption_keys(settings: Any) -> str:
    settings.KISA_FIELD_ENCRYPTION_KEYS = [KEY]
    return KEY


@pytest.fixture
def case_a(world: Any) -> Any:
    """Worker A's case at Kita A with contact data; no deputy."""
    return CaseFactory(kita=world.kita_a, responsible=world.worker_a, contact="Familie Muster, 0151 1234567")
