"""`manage.py rotate_field_encryption`: re-encrypt every encrypted value under the first key.

Key rotation (docs/cases.md): put the new key first in FIELD_ENCRYPTION_KEYS, keep the old one behind it,
restart, run this command, then remove the old key. Values already under the first key are rewritten too
(harmless); the clear text never leaves the process.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from kisa.cases.crypto import rotate
from kisa.cases.models import Case


class Command(BaseCommand):
    help = "Re-encrypt case contact data under the first key of FIELD_ENCRYPTION_KEYS."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        # The raw column holds the tokens; read and write them without decrypting through the model field.
        rows = Case.objects.exclude(contact="").values_list("pk", flat=True)
        count = 0
        table = Case._meta.db_table
        with connection.cursor() as cursor:
            for pk in rows.iterator():
                cursor.execute(f"SELECT contact FROM {table} WHERE id = %s", [pk])  # noqa: S608 - table name is ours
                (token,) = cursor.fetchone()
                cursor.execute(f"UPDATE {table} SET contact = %s WHERE id = %s", [rotate(token), pk])  # noqa: S608
                count += 1
        self.stdout.write(f"Re-encrypted the contact data of {count} cases.")
