"""Backups of the whole installation: every installed app's records plus the uploaded files (MEDIA_ROOT).

One archive (tar.gz) holds `records.xml` (Django serialization of every model of every installed app,
foreign keys to users and content types by natural key), `media/` and `manifest.json` (time, record counts).
With a key (`BACKUP_ENCRYPTION_KEY`, a Fernet key) the archive is encrypted and authenticated as a
whole. The dump runs in one read transaction (REPEATABLE READ on PostgreSQL), so it is consistent even
while people work. Restore loads it into an empty, migrated database of the same code version.

Serialization writes field values as the application sees them: encrypted fields (FIELD_ENCRYPTION_KEYS)
appear in clear text inside the archive and are encrypted again on restore with the configured key. That
is why production backups must be encrypted (docs/operations.md).
"""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

# Rebuilt by `migrate` (content types, permissions) or worthless after a restore (sessions, lockouts).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes.accessattempt"]
ENCRYPTED_MAGIC = b"gAAAAA"  # every Fernet token starts so (version byte 0x80, base64)


class BackupError(Exception):
    pass


def backed_up_models() -> list[Any]:
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
        and model._meta.managed
        and not model._meta.proxy
    ]


def _dump_records() -> tuple[bytes, dict[str, int]]:
    """Every record and the counts per model, read in one snapshot."""
    out = io.StringIO()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            format="xml",  # exact: JSON would round times to milliseconds
            stdout=out,
            verbosity=0,
        )
        counts = {model._meta.label: model._base_manager.count() for model in backed_up_models()}
    return out.getvalue().encode(), counts


def create_backup(*, key: str = "") -> bytes:
    """The archive as bytes, encrypted with `key` (Fernet) when given."""
    records, counts = _dump_records()
    manifest = {"created_at": timezone.now().isoformat(), "records": counts, "format": 1}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
        _add_bytes(archive, "records.xml", records)
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.is_dir():
            archive.add(media_root, arcname="media", recursive=True)
    data = buffer.getvalue()
    return Fernet(key.encode()).encrypt(data) if key else data


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def is_encrypted(data: bytes) -> bool:
    return data.startswith(ENCRYPTED_MAGIC)


def database_is_empty() -> bool:
    return not any(model._base_manager.exists() for model in backed_up_models())


def restore_backup(data: bytes, *, key: str = "") -> dict[str, int]:
    """Load an archive into the (empty, migrated) database and MEDIA_ROOT. Returns the manifest's counts."""
    if is_encrypted(data):
        if not key:
            raise BackupError("The backup is encrypted: set BACKUP_ENCRYPTION_KEY (or pass --key-file).")
        try:
            data = Fernet(key.encode()).decrypt(data)
        except InvalidToken as error:
            raise BackupError("The key does not fit this backup, or the file was changed.") from error
    if not database_is_empty():
        raise BackupError("The database is not empty: restore only into a new, migrated database.")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        archive.extractall(tmp, filter="data")
        root = Path(tmp)
        manifest = json.loads((root / "manifest.json").read_text())
        with transaction.atomic():
            call_command("loaddata", str(root / "records.xml"), verbosity=0)
        media = root / "media"
        if media.is_dir():
            target = Path(settings.MEDIA_ROOT)
            for source in media.rglob("*"):
                destination = target / source.relative_to(media)
                if source.is_dir():
                    destination.mkdir(parents=True, exist_ok=True)
                else:
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    destination.write_bytes(source.read_bytes())
    return dict(manifest["records"])
