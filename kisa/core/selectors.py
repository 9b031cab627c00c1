"""Reads for the start page and the audit trail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from kisa.accounts.selectors import membership_of
from kisa.core.models import AuditEntry


def audit_entry_list_visible_to(*, user: Any, filters: Mapping[str, str]) -> QuerySet[AuditEntry]:
    """Audit entries of the user's office, plus changes to shared reference data (no office)."""
    membership = membership_of(user)
    if membership is None:
        return AuditEntry.objects.none()
    from django.db.models import Q

    qs = AuditEntry.objects.filter(
        Q(youth_office_id=membership.youth_office_id) | Q(youth_office__isnull=True)
    )
    if filters.get("model"):
        qs = qs.filter(model_label=filters["model"])
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if filters.get("user"):
        qs = qs.filter(actor_name__icontains=filters["user"])
    if filters.get("q"):
        qs = qs.filter(object_repr__icontains=filters["q"])
    return qs


def home_context_for(*, user: Any) -> dict[str, Any]:
    membership = membership_of(user)
    return {"membership": membership}
