"""Participation writes. Each runs in a transaction, validates with `full_clean()` and writes an audit entry.

Personal data stays out of the audit trail (which the coordinator reads): the sender's message and
contact, answers, notes and children's words are never copied into it, only that they changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kisa.core.audit import audit_record, diff, snapshot
from kisa.core.languages import PUBLIC_LANGUAGE_CODES
from kisa.core.models import AuditEntry
from kisa.participation.models import (
    ChildVoiceEntry,
    FeedbackItem,
    FeedbackNote,
    ParticipationSettings,
)
from kisa.participation.selectors import COUNSELLING_TOPICS, settings_for
from kisa.registry.models import Kita

Status = FeedbackItem.Status

# 12 characters from 31 unambiguous ones (no 0/O, 1/I/L): ~59 random bits, read aloud or typed on a phone.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 12
PERSONAL_FIELDS = {"message", "contact", "answer_text", "receipt_code_hash", "text", "words"}

# The ordinary workflow. "Answered" is reached only through `feedback_answer` (it needs the answer text).
TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.IN_PROGRESS, Status.ANSWERED},
    Status.IN_PROGRESS: {Status.ANSWERED},
    Status.ANSWERED: {Status.IN_PROGRESS, Status.CLOSED},
    Status.CLOSED: set(),
}


def _audited(instance: Any) -> dict[str, Any]:
    """The instance's fields for the audit trail; personal text only as "changed", never its content."""
    data = snapshot(instance)
    for name in PERSONAL_FIELDS & data.keys():
        data[name] = "…" if data[name] else ""
    return data


def _audit(*, actor: Any, action: str, instance: Any, before: dict[str, Any] | None = None) -> None:
    after = _audited(instance)
    changes = diff(before, after) if before is not None else after
    audit_record(actor=actor, action=action, instance=instance, changes=changes)


# --- Receipt codes --------------------------------------------------------------------------------------


def normalise_receipt_code(raw: str) -> str:
    """The code as stored before hashing: upper case, without spaces and dashes."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def hash_receipt_code(raw: str) -> str:
    # The code carries ~59 random bits, so a plain hash cannot be reversed by trying codes offline in
    # useful time, and the lookup stays one indexed query; lookups are rate-limited besides.
    return hashlib.sha256(normalise_receipt_code(raw).encode()).hexdigest()


def _new_receipt_code() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def feedback_for_receipt_code(*, code: str) -> FeedbackItem | None:
    """The item a receipt code belongs to (the sender's only way to it), or None."""
    normalised = normalise_receipt_code(code)
    if len(normalised) != RECEIPT_LENGTH:
        return None
    return (
        FeedbackItem.objects.select_related("kita").filter(receipt_code_hash=hash_receipt_code(code)).first()
    )


# --- Settings -------------------------------------------------------------------------------------------


@transaction.atomic
def participation_settings_update(
    *, actor: Any, youth_office: Any, due_days: int, child_protection_procedure: str
) -> ParticipationSettings:
    """Change the office's answer period and child-protection procedure text (new items only get the new
    period; due dates already set stay)."""
    instance = settings_for(youth_office=youth_office)
    creating = instance.pk is None
    before = {} if creating else snapshot(instance)
    instance.due_days = due_days
    instance.child_protection_procedure = child_protection_procedure.strip()
    instance.full_clean()
    instance.save()
    action = AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE
    audit_record(actor=actor, action=action, instance=instance, changes=diff(before, snapshot(instance)))
    return instance


# --- Feedback -------------------------------------------------------------------------------------------


@transaction.atomic
def feedback_submit(
    *,
    kita: Kita,
    kind: str,
    topic: str,
    message: str,
    language: str = "de",
    contact: str = "",
    wants_social_worker: bool = False,
    today: dt.date | None = None,
) -> tuple[FeedbackItem, str]:
    """Take in feedback from the public page or API; returns the item and its receipt code.

    The code is returned once and never stored (only its hash): whoever has it can read the answer.
    The due date follows the office's setting; the item is routed to the Kita's social worker when the
    sender wished it or the topic is counselling-related. Audited as a system write: no sender is known.
    """
    if not kita.is_active:
        raise ValidationError({"kita": _("This Kita does not take feedback.")})
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Please write your message.")})
    office_settings = settings_for(youth_office=kita.youth_office)
    today = today or timezone.localdate()
    code = _new_receipt_code()
    item = FeedbackItem(
        youth_office_id=kita.youth_office_id,
        kita=kita,
        kind=kind,
        topic=topic,
        message=message,
        language=language if language in PUBLIC_LANGUAGE_CODES else "de",
        contact=contact.strip(),
        wants_social_worker=wants_social_worker,
        routed_to_social_worker=wants_social_worker or topic in COUNSELLING_TOPICS,
        receipt_code_hash=hash_receipt_code(code),
        due_on=today + dt.timedelta(days=office_settings.due_days),
    )
    item.full_clean()
    item.save()
    _audit(actor=None, action=AuditEntry.Action.CREATE, instance=item)
    return item, code


def _refuse_child_protection(item: FeedbackItem) -> None:
    if item.child_protection:
        raise ValidationError(
            {
                "status": _(
                    "This item touches child protection: follow the defined procedure, not the ordinary workflow."
                )
            }
        )


@transaction.atomic
def feedback_status_change(*, actor: Any, item: FeedbackItem, status: str) -> FeedbackItem:
    """Move an item along received → in progress → (answered) → closed; other steps are refused."""
    _refuse_child_protection(item)
    if status == Status.ANSWERED:
        raise ValidationError({"status": _("Write the answer to mark the item as answered.")})
    if status not in TRANSITIONS.get(item.status, set()):
        raise ValidationError(
            {
                "status": _("An item that is “%(current)s” cannot become “%(new)s”.")
                % {"current": item.get_status_display(), "new": dict(Status.choices).get(status, status)}
            }
        )
    before = _audited(item)
    item.status = status
    if status == Status.CLOSED:
        item.closed_at = timezone.now()
    item.full_clean()
    item.save()
    _audit(actor=actor, action=AuditEntry.Action.UPDATE, instance=item, before=before)
    return item


@transaction.atomic
def feedback_answer(*, actor: Any, item: FeedbackItem, answer_text: str, channel: str) -> FeedbackItem:
    """Record the answer: published for the receipt code, sent to the contact given, or both.

    Without a contact the answer can only be published. The first answer time counts for "in time".
    """
    _refuse_child_protection(item)
    answer_text = answer_text.strip()
    if not answer_text:
        raise ValidationError({"answer_text": _("Please write the answer.")})
    if channel not in FeedbackItem.AnswerChannel.values:
        raise ValidationError({"answer_channel": _("Choose how the answer reaches the sender.")})
    if channel != FeedbackItem.AnswerChannel.PUBLISHED and not item.contact:
        raise ValidationError(
            {"answer_channel": _("The sender left no contact: publish the answer for the receipt code.")}
        )
    if Status.ANSWERED not in TRANSITIONS.get(item.status, set()) and item.status != Status.ANSWERED:
        raise ValidationError({"status": _("A closed item cannot be answered again.")})
    before = _audited(item)
    item.answer_text = answer_text
    item.answer_channel = channel
    item.status = Status.ANSWERED
    if item.answered_at is None:
        item.answered_at = timezone.now()
        item.answered_by = actor
    item.full_clean()
    item.save()
    _audit(actor=actor, action=AuditEntry.Action.UPDATE, instance=item, before=before)
    return item


@transaction.atomic
def feedback_note_add(*, actor: Any, item: FeedbackItem, text: str) -> FeedbackNote:
    """An internal note (never shown to the sender)."""
    note = FeedbackNote(youth_office_id=item.youth_office_id, item=item, author=actor, text=text.strip())
    if not note.text:
        raise ValidationError({"text": _("Please write the note.")})
    note.full_clean()
    note.save()
    _audit(actor=actor, action=AuditEntry.Action.CREATE, instance=note)
    return note


@transaction.atomic
def feedback_flag_child_protection(*, actor: Any, item: FeedbackItem) -> FeedbackItem:
    """Take the item out of the ordinary workflow: no due date, no escalation, no ordinary answer; the
    Kita's social worker sees it too, and the item shows the office's defined procedure.

    Cannot be undone here: whether a risk exists is decided in the procedure, not in the inbox.
    """
    if item.child_protection:
        raise ValidationError({"child_protection": _("This item is already flagged.")})
    before = _audited(item)
    item.child_protection = True
    item.child_protection_flagged_at = timezone.now()
    item.routed_to_social_worker = True
    item.full_clean()
    item.save()
    _audit(actor=actor, action=AuditEntry.Action.UPDATE, instance=item, before=before)
    return item


@transaction.atomic
def feedback_child_protection_close(*, actor: Any, item: FeedbackItem, note: str) -> FeedbackItem:
    """Close a child-protection item once the procedure has been taken up; the note says by whom."""
    if not item.child_protection:
        raise ValidationError(
            {"child_protection": _("Only items flagged for child protection are closed this way.")}
        )
    if item.status == Status.CLOSED:
        raise ValidationError({"status": _("The item is already closed.")})
    if not note.strip():
        raise ValidationError({"text": _("Note who took up the procedure.")})
    feedback_note_add(actor=actor, item=item, text=note)
    before = _audited(item)
    item.status = Status.CLOSED
    item.closed_at = timezone.now()
    item.full_clean()
    item.save()
    _audit(actor=actor, action=AuditEntry.Action.UPDATE, instance=item, before=before)
    return item


@transaction.atomic
def feedback_escalate_overdue(*, today: dt.date | None = None) -> int:
    """Mark every overdue ordinary item (open past its due date) as escalated to the Kita's provider.

    Run daily (`manage.py escalate_overdue_feedback`); an item is escalated once. Returns how many were.
    """
    now = timezone.now()
    count = 0
    for item in FeedbackItem.objects.overdue(today).filter(escalated_at__isnull=True).select_for_update():
        before = _audited(item)
        item.escalated_at = now
        item.save(update_fields=["escalated_at", "updated_at"])
        _audit(actor=None, action=AuditEntry.Action.UPDATE, instance=item, before=before)
        count += 1
    return count


# --- Children's voice -----------------------------------------------------------------------------------


@transaction.atomic
def child_voice_record(
    *,
    actor: Any,
    kita: Kita,
    category: str,
    words: str,
    age_band: str,
    source: str,
    recorded_on: dt.date,
) -> ChildVoiceEntry:
    """Record what a child said, without names; the date may not lie in the future."""
    if recorded_on > timezone.localdate():
        raise ValidationError({"recorded_on": _("The date lies in the future.")})
    entry = ChildVoiceEntry(
        youth_office_id=kita.youth_office_id,
        kita=kita,
        category=category,
        words=words.strip(),
        age_band=age_band,
        source=source,
        recorded_on=recorded_on,
        recorded_by=actor,
    )
    entry.full_clean()
    entry.save()
    _audit(actor=actor, action=AuditEntry.Action.CREATE, instance=entry)
    return entry
