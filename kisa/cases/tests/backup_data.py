"""Case records for the backup/restore test (kisa/core/tests/test_backup.py collects every app's):
a case with an encrypted contact and a consent, read back after the restore with the same key."""

from typing import Any

from cryptography.fernet import Fernet

from kisa.cases.models import Case
from kisa.cases.tests.factories import CaseFactory, ConsentFactory

CONTACT = "Familie Muster, 0151 1234567"


def populate(*, world: Any, settings: Any) -> None:
    settings.KISA_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    case = CaseFactory(kita=world.kita_a, responsible=world.worker_a, contact=CONTACT)
    ConsentFactory(case=case)


def verify(*, world: Any) -> None:
    assert Case.objects.get(kita=world.kita_a).contact == CONTACT
