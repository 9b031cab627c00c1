"""`manage.py restore PATH`: load a backup into an empty, migrated database (the restore drill)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kisa.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup written by `manage.py backup` into an empty, migrated database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        try:
            counts = restore_backup(source.read_bytes(), key=settings.KISA_BACKUP_KEY)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {sum(counts.values())} records of {len(counts)} record types.")
