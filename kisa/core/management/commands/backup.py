"""`manage.py backup [PATH]`: the whole database and the uploaded files in one (encrypted) archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kisa.core.backup import create_backup


class Command(BaseCommand):
    help = "Write a consistent backup of every record and MEDIA_ROOT; encrypted with BACKUP_ENCRYPTION_KEY."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "path", nargs="?", help="Target file (default: var/backups/kisa-<time>.tar.gz[.enc])"
        )
        parser.add_argument(
            "--unencrypted",
            action="store_true",
            help="Write without encryption even though no key is set (development only: case fields are in clear).",
        )

    def handle(self, *args: Any, path: str | None = None, unencrypted: bool = False, **options: Any) -> None:
        key = settings.KISA_BACKUP_KEY
        if not key and not unencrypted:
            raise CommandError(
                "No BACKUP_ENCRYPTION_KEY is set. Backups hold social data: set a key (docs/operations.md) "
                "or pass --unencrypted for a development copy."
            )
        data = create_backup(key=key)
        if path is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = str(
                Path(settings.BASE_DIR) / "var" / "backups" / f"kisa-{stamp}.tar.gz{'.enc' if key else ''}"
            )
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        target.chmod(0o600)
        self.stdout.write(f"{target} ({len(data)} bytes, {'encrypted' if key else 'NOT encrypted'})")
