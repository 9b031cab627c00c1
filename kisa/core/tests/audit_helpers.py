"""Test-only helpers for the append-only audit trail."""

from __future__ import annotations

import datetime as dt

from django.db import models

from kisa.core.models import AuditEntry


def backdate_audit_entries(entries: models.QuerySet[AuditEntry], when: dt.datetime) -> int:
    """Set `created_at` of `entries` (tests of ordering or retention need old entries).

    The application cannot change audit entries (AuditEntryQuerySet.update raises); tests arrange data
    with Django's plain queryset update, explicitly.
    """
    return models.QuerySet.update(entries, created_at=when)
