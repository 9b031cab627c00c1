"""Case writes. Each runs in a transaction, validates with `full_clean()` and writes an audit entry.

Audit entries of cases and consents name the fields that changed but mask their content: the audit trail
is read by the coordinator, who must never see case content (DOMAIN.md §9). Reads of a case are audited too
(`case_read_log`), without content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kisa.cases.models import Case, Consent, DeletionLog, RetentionPeriod
from kisa.cases.selectors import case_worker_candidates, retention_months_for
from kisa.core.audit import audit_record, diff, snapshot
from kisa.core.models import SYSTEM_ACTOR, AuditEntry
from kisa.core.retention import RetentionRule, retention_rules
from kisa.registry.models import Assignment, Kita, StaffMember, YouthOffice

MASK = "***"
# Fields whose values never enter the audit trail: only that they were set or changed.
CASE_CONTENT_FIELDS = {
    "number_of_children",
    "age_bands",
    "family_language",
    "outcome",
    "contact",
    "legal_hold_reason",
}
CONSENT_CONTENT_FIELDS = {"kind", "recipient_category", "recipient_institution", "data_scope"}

CASE_EDITABLE_FIELDS = {
    "kita",
    "responsible",
    "deputy",
    "opened_on",
    "number_of_children",
    "age_bands",
    "family_language",
    "legal_hold",
    "legal_hold_reason",
    "contact",
}


def _masked_snapshot(instance: Any, content_fields: set[str]) -> dict[str, Any]:
    data = snapshot(instance)
    for name in content_fields:
        if name in data:
            data[name] = MASK if data[name] not in (None, "", []) else ""
    return data


def _masked_diff(before: Any, after: Any, content_fields: set[str]) -> dict[str, Any]:
    """Changed fields; content fields as MASK → MASK (the trail shows that they changed, not how)."""
    changes = diff(snapshot(before), snapshot(after))
    return {name: [MASK, MASK] if name in content_fields else value for name, value in changes.items()}


def _today() -> dt.date:
    return timezone.localdate()


def _check_case_workers(case: Case, *, on: dt.date) -> None:
    """The responsible worker must currently work at the case's Kita; both must be case workers of the office."""
    candidates = case_worker_candidates(youth_office=case.youth_office)
    errors: dict[str, str] = {}
    if not candidates.filter(pk=case.responsible_id).exists():
        errors["responsible"] = _("Only an active social worker of the office can be responsible.")
    elif (
        not Assignment.objects.current(on)
        .filter(staff_member_id=case.responsible_id, kita_id=case.kita_id)
        .exists()
    ):
        errors["responsible"] = _("The responsible worker has no current assignment at this Kita.")
    if case.deputy_id is not None and not candidates.filter(pk=case.deputy_id).exists():
        errors["deputy"] = _("Only an active social worker of the office can be the deputy.")
    if errors:
        raise ValidationError(errors)


def _check_not_future(field: str, day: dt.date | None) -> None:
    if day is not None and day > _today():
        raise ValidationError({field: _("The date must not be in the future.")})


def _full_clean_with(
    instance: Any, *, not_future: dict[str, dt.date | None], exclude: list[str] | None = None
) -> None:
    """`full_clean()` plus "not in the future" for the given dates: every problem reported at once."""
    errors: dict[str, Any] = {}
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for field, day in not_future.items():
        if day is not None and day > _today():
            errors.setdefault(field, []).append(_("The date must not be in the future."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def case_create(
    *,
    actor: Any,
    youth_office: YouthOffice,
    responsible: StaffMember,
    kita: Kita,
    opened_on: dt.date,
    number_of_children: int = 1,
    age_bands: list[str] | None = None,
    family_language: str = "",
    deputy: StaffMember | None = None,
    contact: str = "",
    legal_hold: bool = False,
    legal_hold_reason: str = "",
) -> Case:
    """Open a case under a new random code. The responsible worker needs a current assignment at the Kita."""
    case = Case(
        youth_office=youth_office,
        responsible=responsible,
        kita=kita,
        opened_on=opened_on,
        number_of_children=number_of_children,
        age_bands=list(age_bands or []),
        family_language=family_language,
        deputy=deputy,
        contact=contact.strip(),
        legal_hold=legal_hold,
        legal_hold_reason=legal_hold_reason.strip(),
    )
    _full_clean_with(case, not_future={"opened_on": opened_on}, exclude=["code"])
    _check_case_workers(case, on=_today())
    case.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=case,
        changes=_masked_snapshot(case, CASE_CONTENT_FIELDS),
    )
    return case


@transaction.atomic
def case_update(*, actor: Any, case: Case, data: Mapping[str, Any]) -> Case:
    """Change a case's facts, deputy, legal hold or contact; handing over needs the new worker's current
    assignment at the (new) Kita."""
    unknown = set(data) - CASE_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    before = Case.objects.get(pk=case.pk)
    for field, value in data.items():
        setattr(case, field, value.strip() if isinstance(value, str) else value)
    _full_clean_with(case, not_future={"opened_on": case.opened_on}, exclude=["code"])
    if before.kita_id != case.kita_id or before.responsible_id != case.responsible_id:
        _check_case_workers(case, on=_today())
    elif before.deputy_id != case.deputy_id:
        _check_case_workers_deputy_only(case)
    case.save()
    changes = _masked_diff(before, case, CASE_CONTENT_FIELDS)
    if changes:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, instance=case, changes=changes)
    return case


def _check_case_workers_deputy_only(case: Case) -> None:
    if (
        case.deputy_id is not None
        and not case_worker_candidates(youth_office=case.youth_office).filter(pk=case.deputy_id).exists()
    ):
        raise ValidationError({"deputy": _("Only an active social worker of the office can be the deputy.")})


@transaction.atomic
def case_close(*, actor: Any, case: Case, closed_on: dt.date, outcome: str) -> Case:
    """Close an open case with its outcome; the retention period of closed cases starts on `closed_on`."""
    if case.status != Case.Status.OPEN:
        raise ValidationError({"status": _("The case is already closed.")})
    before = Case.objects.get(pk=case.pk)
    _check_not_future("closed_on", closed_on)
    case.status = Case.Status.CLOSED
    case.closed_on = closed_on
    case.outcome = outcome
    case.full_clean(exclude=["code"])
    case.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=case,
        changes=_masked_diff(before, case, CASE_CONTENT_FIELDS),
    )
    return case


def case_read_log(*, actor: Any, case: Case) -> None:
    """Record that `actor` read the case (SGB VIII § 61 ff.): who and when, no content."""
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, instance=case)


# --- Consent -------------------------------------------------------------------------------------------------


@transaction.atomic
def consent_add(
    *,
    actor: Any,
    case: Case,
    kind: str,
    recipient_category: str,
    data_scope: str,
    form: str,
    given_on: dt.date,
    recipient_institution: str = "",
    expires_on: dt.date | None = None,
) -> Consent:
    """Record a consent or release from confidentiality the family gave for this case."""
    consent = Consent(
        youth_office_id=case.youth_office_id,
        case=case,
        kind=kind,
        recipient_category=recipient_category,
        recipient_institution=recipient_institution.strip(),
        data_scope=data_scope.strip(),
        form=form,
        given_on=given_on,
        expires_on=expires_on,
    )
    _full_clean_with(consent, not_future={"given_on": given_on})
    consent.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=consent,
        changes=_masked_snapshot(consent, CONSENT_CONTENT_FIELDS),
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent, withdrawn_on: dt.date) -> Consent:
    """Record the withdrawal: from `withdrawn_on` on the consent covers nothing. The record stays as proof."""
    if consent.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": _("This consent has already been withdrawn.")})
    _check_not_future("withdrawn_on", withdrawn_on)
    consent.withdrawn_on = withdrawn_on
    consent.full_clean()
    consent.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=consent,
        changes={"withdrawn_on": [None, str(withdrawn_on)]},
    )
    return consent


# --- Retention -----------------------------------------------------------------------------------------------


def _rule(record_type: str) -> RetentionRule:
    for rule in retention_rules():
        if rule.record_type == record_type:
            return rule
    raise ValidationError({"record_type": _("Unknown record type.")})


@transaction.atomic
def retention_period_set(
    *, actor: Any, youth_office: YouthOffice, record_type: str, months: int
) -> RetentionPeriod:
    """Set the office's retention period for one record type (the rule's default applies until then)."""
    _rule(record_type)
    period = RetentionPeriod.objects.filter(youth_office=youth_office, record_type=record_type).first()
    if period is None:
        period = RetentionPeriod(youth_office=youth_office, record_type=record_type, months=months)
        period.full_clean()
        period.save()
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=period, changes=snapshot(period))
        return period
    before = snapshot(period)
    period.months = months
    period.full_clean()
    period.save()
    changes = diff(before, snapshot(period))
    if changes:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, instance=period, changes=changes)
    return period


@dataclass(frozen=True)
class RetentionOutcome:
    """What one rule did (or, in a dry run, would do) for one office."""

    youth_office: YouthOffice
    rule: RetentionRule
    months: int
    cutoff: dt.date
    count: int


def retention_apply(
    *, youth_office: YouthOffice, today: dt.date, dry_run: bool, actor: Any = None, command: str = ""
) -> list[RetentionOutcome]:
    """Run every registered retention rule for one office, in settings order.

    Each rule runs in its own transaction together with its DeletionLog entry and a PURGE audit entry
    (counts only), so a failing rule leaves earlier rules' work and log intact. A dry run only counts.
    """
    own = retention_months_for(youth_office=youth_office)
    outcomes = []
    for rule in retention_rules():
        months = own.get(rule.record_type, rule.default_months)
        cutoff = rule.cutoff(today=today, months=months)
        if dry_run:
            count = rule.find_due(youth_office=youth_office, cutoff=cutoff).count()
        else:
            count = _apply_rule(rule, youth_office, months, cutoff, actor, command)
        outcomes.append(RetentionOutcome(youth_office, rule, months, cutoff, count))
    return outcomes


@transaction.atomic
def _apply_rule(
    rule: RetentionRule, youth_office: YouthOffice, months: int, cutoff: dt.date, actor: Any, command: str
) -> int:
    count = rule.apply(records=rule.find_due(youth_office=youth_office, cutoff=cutoff))
    if count:
        user = actor if getattr(actor, "is_authenticated", False) else None
        log = DeletionLog(
            youth_office=youth_office,
            record_type=rule.record_type,
            action=rule.action,
            count=count,
            months=months,
            cutoff=cutoff,
            actor_name=user.get_username() if user else SYSTEM_ACTOR,
            command=command[:100],
        )
        log.full_clean()
        log.save()
        audit_record(actor=actor, action=AuditEntry.Action.PURGE, instance=log, changes=snapshot(log))
    return count
