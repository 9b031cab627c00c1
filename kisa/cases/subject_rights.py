"""Data subject rights for one case (GDPR Art. 15 access, Art. 17 erasure; issue 8 point 7).

`case_export` gathers everything KiSA stores about a case — its facts, the decrypted contact, consents, the
activities and referrals linked to it and the audit entries about the case and its consents — as one
JSON-ready dict for the family. `case_erase` removes the case where no retention duty or legal hold applies:

- refused while the case is under **legal hold** (`legal_hold`): court proceedings or a child-protection
  review need it;
- refused while the case is **open** (`status`): the work is still going on and its records are the
  office's duty to keep (§ 61 ff. SGB VIII); close it first, then erase.

Erasure deletes the case and its consents, unlinks its activities (they stay as anonymous statistics, as
retention does) and empties their notes, in one transaction. Only the responsible worker or the deputy may
do either (kisa.cases.rules.is_case_worker): nobody else reads case content. Both write an audit entry
without content (`export`; `delete` with counts only). docs/operations.md §9 describes the procedure.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kisa.cases.models import Case, Consent
from kisa.cases.rules import is_case_worker
from kisa.core.audit import audit_record
from kisa.core.models import AuditEntry
from kisa.documentation.models import Activity

EXPORT_FORMAT = "kisa-case-export/1"


def _check_case_worker(actor: Any, case: Case) -> None:
    if not is_case_worker(actor, case):
        raise PermissionDenied(_("Only the responsible worker or the deputy may do this."))


def _case_facts(case: Case) -> dict[str, Any]:
    return {
        "code": case.code,
        "kita": case.kita.name,
        "responsible": str(case.responsible),
        "deputy": str(case.deputy) if case.deputy_id else None,
        "status": case.status,
        "opened_on": case.opened_on.isoformat(),
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        "outcome": case.outcome,
        "number_of_children": case.number_of_children,
        "age_bands": list(case.age_bands),
        "family_language": case.family_language,
        "legal_hold": case.legal_hold,
        "legal_hold_reason": case.legal_hold_reason,
        "contact": case.contact,  # decrypted: the family's own data, for the family
        "created_at": case.created_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
    }


def _consent(consent: Consent) -> dict[str, Any]:
    return {
        "id": consent.pk,
        "kind": consent.kind,
        "recipient_category": consent.recipient_category,
        "recipient_institution": consent.recipient_institution,
        "data_scope": consent.data_scope,
        "form": consent.form,
        "given_on": consent.given_on.isoformat(),
        "expires_on": consent.expires_on.isoformat() if consent.expires_on else None,
        "withdrawn_on": consent.withdrawn_on.isoformat() if consent.withdrawn_on else None,
    }


def _activity(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "date": activity.date.isoformat(),
        "duration_minutes": activity.duration_minutes,
        "dimension": activity.dimension,
        "activity_type": str(activity.activity_type),
        "kitas": [kita.name for kita in activity.kitas.all()],
        "topics": [str(topic) for topic in activity.topics.all()],
        "adults": activity.adults,
        "children": activity.children,
        "language": activity.language,
        "interpreter_needed": activity.interpreter_needed,
        "note": activity.note,
        "referrals": [
            {
                "category": referral.category,
                "offer": referral.service.name if referral.service is not None else None,
            }
            for referral in activity.referrals.all()
        ],
    }


def _audit_entries_about(case: Case, consent_ids: list[int]) -> list[dict[str, Any]]:
    entries = AuditEntry.objects.filter(
        Q(model_label=Case._meta.label, object_id=str(case.pk))
        | Q(model_label=Consent._meta.label, object_id__in=[str(pk) for pk in consent_ids])
    ).order_by("created_at", "id")
    return [
        {
            "time": entry.created_at.isoformat(),
            "action": entry.action,
            "record_type": entry.model_label,
            "by": entry.actor_name,
            "changed_fields": sorted(entry.changes),
        }
        for entry in entries
    ]


@transaction.atomic
def case_export(*, actor: Any, case: Case) -> dict[str, Any]:
    """Everything stored about `case` (GDPR Art. 15), logged as an `export` of the case without content."""
    _check_case_worker(actor, case)
    case = Case.objects.select_related("kita", "responsible", "deputy").defer(None).get(pk=case.pk)
    consents = list(Consent.objects.filter(case=case).order_by("given_on", "id"))
    activities = (
        Activity.objects.filter(case=case)
        .select_related("activity_type")
        .prefetch_related("kitas", "topics", "referrals__service")
        .order_by("date", "id")
    )
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "case": _case_facts(case),
        "consents": [_consent(consent) for consent in consents],
        "activities": [_activity(activity) for activity in activities],
        "audit_entries": _audit_entries_about(case, [consent.pk for consent in consents]),
    }
    audit_record(actor=actor, action=AuditEntry.Action.EXPORT, instance=case)
    return data


def erase_refusals(case: Case) -> dict[str, str]:
    """Why `case` may not be erased now, by field; empty when it may."""
    errors: dict[str, str] = {}
    if case.legal_hold:
        errors["legal_hold"] = _("The case is under legal hold and must be kept. Lift the hold first.")
    if case.status == Case.Status.OPEN:
        errors["status"] = _("The case is still open and its records must be kept. Close it first.")
    return errors


@transaction.atomic
def case_erase(*, actor: Any, case: Case) -> dict[str, int]:
    """Erase `case` (GDPR Art. 17) unless a retention duty or legal hold applies: the case and its consents
    go, linked activities stay unlinked with empty notes. Returns the counts, which the audit entry keeps."""
    _check_case_worker(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    errors = erase_refusals(case)
    if errors:
        raise ValidationError(errors)
    counts = {
        "consents": Consent.objects.filter(case=case).count(),
        "activities_unlinked": Activity.objects.filter(case=case).update(case=None, note=""),
    }
    # The entry names the code (the record) and counts; the code says nothing about the family.
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, instance=case, changes=counts)
    case.delete()  # its consents go with it (on_delete=CASCADE)
    return counts
