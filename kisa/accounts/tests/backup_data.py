"""Account records for the backup/restore test (kisa/core/tests/test_backup.py collects every app's)."""

from typing import Any

from kisa.accounts.services import api_token_create, invitation_create
from kisa.accounts.two_factor import new_recovery_codes
from kisa.core.audit import audit_event
from kisa.core.models import AuditEntry


def populate(*, world: Any, settings: Any) -> None:
    coordinator = world.users["coordinator"]
    api_token_create(user=coordinator, name="Skript")
    new_recovery_codes(coordinator)
    invitation_create(
        actor=coordinator,
        youth_office=world.office,
        email="neu@example.org",
        username="neu",
        role="read_only",
    )
    audit_event(actor=coordinator, action=AuditEntry.Action.LOGIN, youth_office_id=world.office.pk, label="x")
