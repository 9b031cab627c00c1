"""Contact data is encrypted at rest, with key rotation, and missing keys fail loudly only when needed."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from kisa.cases.crypto import EncryptionKeysMissing
from kisa.cases.models import Case
from kisa.cases.tests.factories import CaseFactory

CLEAR = "Familie Muster, 0151 1234567"


def _raw_contact(case) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact FROM cases_case WHERE id = %s", [case.pk])
        return cursor.fetchone()[0]


def test_database_column_holds_no_clear_text(world, case_a):
    raw = _raw_contact(case_a)
    assert "Muster" not in raw
    assert "0151" not in raw
    assert raw.startswith("gAAAA")  # a Fernet token
    assert Case.objects.get(pk=case_a.pk).contact == CLEAR


def test_empty_contact_is_stored_empty_and_needs_no_key(world, settings):
    case = CaseFactory(kita=world.kita_a, responsible=world.worker_a)
    settings.KISA_FIELD_ENCRYPTION_KEYS = []
    assert _raw_contact(case) == ""
    assert Case.objects.get(pk=case.pk).contact == ""


def test_reading_contact_data_without_keys_fails_with_a_clear_error(world, case_a, settings):
    settings.KISA_FIELD_ENCRYPTION_KEYS = []
    with pytest.raises(EncryptionKeysMissing, match="FIELD_ENCRYPTION_KEYS is not set"):
        Case.objects.get(pk=case_a.pk)
    # Counting and listing without the contact still work: the app starts without keys.
    assert Case.objects.filter(pk=case_a.pk).defer("contact").get().code == case_a.code


def test_key_rotation_keeps_old_data_readable_and_reencrypts_under_the_new_key(world, case_a, settings):
    old_key = settings.KISA_FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.KISA_FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert Case.objects.get(pk=case_a.pk).contact == CLEAR

    out = io.StringIO()
    call_command("rotate_field_encryption", stdout=out)
    assert "1 cases" in out.getvalue()

    settings.KISA_FIELD_ENCRYPTION_KEYS = [new_key]
    assert Case.objects.get(pk=case_a.pk).contact == CLEAR
    settings.KISA_FIELD_ENCRYPTION_KEYS = [old_key]
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        Case.objects.get(pk=case_a.pk)


def test_case_codes_are_random_and_say_nothing_about_the_case(world):
    cases = [CaseFactory(kita=world.kita_a, responsible=world.worker_a) for _ in range(20)]
    codes = {case.code for case in cases}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == 14 and code.startswith("F-")
