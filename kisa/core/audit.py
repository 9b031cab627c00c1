"""Audit helper: services call `audit_record` inside their transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from kisa.core.models import SYSTEM_ACTOR, AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, Decimal)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# Bookkeeping fields say nothing about a change; secrets must never be copied into the trail.
NOT_AUDITED = {"id", "created_at", "updated_at", "last_login", "password", "key_hash"}


def snapshot(instance: models.Model) -> dict[str, Any]:
    """Field values of `instance` as JSON-safe data, foreign keys by their text."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in NOT_AUDITED:
            continue
        value = getattr(instance, field.name)
        data[field.name] = _plain(value)
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """`{field: [old, new]}` for every field whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def audit_record(
    *,
    actor: Any,
    action: str,
    instance: models.Model,
    changes: dict[str, Any] | None = None,
    youth_office_id: int | None = None,
) -> AuditEntry:
    """Write one audit entry for `instance`.

    The entry belongs to `youth_office_id`, else to the instance's own office if it has one; only that
    office's auditors see it.
    """
    if youth_office_id is None:
        youth_office_id = getattr(instance, "youth_office_id", None)
    if youth_office_id is None and instance._meta.model_name == "youthoffice":
        youth_office_id = instance.pk
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        youth_office_id=youth_office_id,
        actor=user,
        actor_name=user.get_username() if user else SYSTEM_ACTOR,
        action=action,
        model_label=instance._meta.label,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes or {},
    )


# The record type of events that concern an account rather than a record (logins, refusals).
EVENT_LABEL = "accounts.User"


def audit_event(
    *,
    actor: Any,
    action: str,
    youth_office_id: int | None,
    label: str,
    actor_name: str = "",
    object_id: str = "",
) -> AuditEntry:
    """Write one audit entry for an event without a record: a login, a failed login, a refusal.

    `label` says what happened in a few words (a path, "wrong password"), never content. `actor_name`
    names the account concerned when there is no signed-in actor (a failed login of a known user).
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    name = user.get_username() if user else (actor_name or SYSTEM_ACTOR)
    return AuditEntry.objects.create(
        youth_office_id=youth_office_id,
        actor=user,
        actor_name=name[:150],
        action=action,
        model_label=EVENT_LABEL,
        object_id=(object_id or (str(user.pk) if user else ""))[:64],
        object_repr=label[:200],
        changes={},
    )


def audit_denied(request: Any) -> AuditEntry | None:
    """A refused request (403, page or API): who tried which path. The path only, never a query string.

    On unless `KISA_AUDIT_DENIALS` is off (the test suite's default, so tests asserting "nothing was
    written" after a refusal hold; the tests of this control switch it on).
    """
    from django.conf import settings

    from kisa.accounts.selectors import youth_office_id_of

    if not getattr(settings, "KISA_AUDIT_DENIALS", True):
        return None

    user = getattr(request, "user", None)
    return audit_event(
        actor=user,
        action=AuditEntry.Action.DENIED,
        youth_office_id=youth_office_id_of(user),
        label=f"{request.method} {request.path}",
    )
