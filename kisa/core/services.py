"""Audited create and update, the common tail of every app's write services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models, transaction

from kisa.core.audit import audit_record, diff, snapshot
from kisa.core.models import AuditEntry

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def audited_create(*, actor: Any, instance: M) -> M:
    """Validate (`full_clean`), save and audit a new instance."""
    instance.full_clean()
    instance.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=instance, changes=snapshot(instance))
    return instance


@transaction.atomic
def audited_update(*, actor: Any, instance: M, data: Mapping[str, Any]) -> M:
    """Apply `data` to `instance`, validate, save, and audit the fields that changed."""
    before = snapshot(instance)
    for field, value in data.items():
        setattr(instance, field, value)
    instance.full_clean()
    instance.save()
    changes = diff(before, snapshot(instance))
    if changes:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, instance=instance, changes=changes)
    return instance
