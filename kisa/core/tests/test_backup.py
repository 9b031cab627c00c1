"""Backup and restore: every record of every installed model comes back, files too, encrypted or not."""

from __future__ import annotations

import importlib
import io
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kisa.core.backup import backed_up_models, create_backup, restore_backup


def _everything() -> dict[str, list[dict[str, Any]]]:
    """Every record of every backed-up model, serialized like the backup (natural keys for users)."""
    data = {}
    for model in backed_up_models():
        rows = serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        data[model._meta.label] = rows
    return data


def populate_every_app(*, world: Any, settings: Any) -> list[str]:
    """Let every installed KiSA app add its records: `kisa/<app>/tests/backup_data.py` defines
    `populate(*, world, settings)` (cases with encrypted fields, survey responses, ...) and may define
    `verify(*, world)` to read them back after a restore. Returns the apps."""
    populated = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kisa."):
            continue
        name = f"{config.name}.tests.backup_data"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        module.populate(world=world, settings=settings)
        populated.append(module)
    return populated


@pytest.fixture
def rich_world(world: Any, settings: Any, tmp_path: Path) -> Any:
    """The test world, every app's own backup data and an uploaded file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "imports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "imports" / "kitas.xlsx").write_bytes(b"PK\x03\x04 spreadsheet bytes")
    world.populated = populate_every_app(world=world, settings=settings)
    return world


def _wipe(settings: Any) -> None:
    if connection.vendor == "postgresql":
        # The test runs in a transaction: fire the deferred foreign-key checks, or TRUNCATE refuses.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as in a fresh transaction, for the restore
    for path in sorted(Path(settings.MEDIA_ROOT).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_restore_into_an_empty_database_finds_every_record_and_file(rich_world, settings):
    before = _everything()
    archive = create_backup(key="")
    _wipe(settings)
    assert all(not rows for rows in _everything().values())

    counts = restore_backup(archive, key="")

    after = _everything()
    assert after == before
    assert sum(counts.values()) == sum(len(rows) for rows in before.values())
    non_empty = {label for label, rows in before.items() if rows}
    assert {"accounts.User", "accounts.Membership", "registry.Kita", "core.AuditEntry"} <= non_empty
    assert {"otp_static.StaticToken", "accounts.ApiToken", "accounts.Invitation"} <= non_empty
    # Each app that added records (tests/backup_data.py) finds them again, encrypted fields decrypted.
    populated_apps = {module.__name__.split(".")[1] for module in rich_world.populated}
    assert {"accounts", "cases", "surveys"} <= populated_apps
    assert all(any(label.startswith(f"{app}.") for label in non_empty) for app in populated_apps)
    for module in rich_world.populated:
        if hasattr(module, "verify"):
            module.verify(world=rich_world)
    assert (
        Path(settings.MEDIA_ROOT) / "imports" / "kitas.xlsx"
    ).read_bytes() == b"PK\x03\x04 spreadsheet bytes"


def test_the_backup_covers_every_installed_model_with_data():
    labels = {model._meta.label for model in backed_up_models()}

    assert {"accounts.User", "registry.Kita", "core.AuditEntry", "otp_totp.TOTPDevice"} <= labels
    assert "sessions.Session" not in labels


def test_an_encrypted_backup_hides_the_data_and_needs_its_key(rich_world, settings):
    key = Fernet.generate_key().decode()
    archive = create_backup(key=key)
    _wipe(settings)

    with pytest.raises(Exception, match="key"):
        restore_backup(archive, key=Fernet.generate_key().decode())
    with pytest.raises(Exception, match="encrypted"):
        restore_backup(archive, key="")
    restore_backup(archive, key=key)

    assert b"Kreisjugendamt" not in archive
    from kisa.registry.models import Kita

    assert Kita.objects.filter(name="Kita St. Martin").exists()


def test_restore_refuses_a_database_that_is_not_empty(rich_world):
    archive = create_backup(key="")

    with pytest.raises(Exception, match="not empty"):
        restore_backup(archive, key="")


def test_backup_command_refuses_to_write_social_data_unencrypted_by_accident(rich_world, settings, tmp_path):
    settings.KISA_BACKUP_KEY = ""

    with pytest.raises(CommandError, match="BACKUP_ENCRYPTION_KEY"):
        call_command("backup", str(tmp_path / "b.tar.gz"))


def test_backup_and_restore_commands_round_trip(rich_world, settings, tmp_path):
    settings.KISA_BACKUP_KEY = Fernet.generate_key().decode()
    target = tmp_path / "kisa.tar.gz.enc"
    before = _everything()

    written, restored = io.StringIO(), io.StringIO()
    call_command("backup", str(target), stdout=written)
    _wipe(settings)
    call_command("restore", str(target), stdout=restored)

    assert _everything() == before
    assert oct(target.stat().st_mode)[-3:] == "600"
    assert "encrypted" in written.getvalue()
    assert "Restored" in restored.getvalue()
