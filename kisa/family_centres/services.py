"""Family-centre writes: the office's criterion set and a Kita's yearly self-assessment.

Each runs in a transaction, validates (`full_clean()`) and writes an audit entry. Who may call them is
decided in rules.py (views and API check before calling); the services refuse what is wrong whoever asks:
criteria of another office, inactive or unknown criteria, years out of range, a second assessment of a
Kita for the same year.

Evidence: a criterion rated "fulfilled" needs evidence (what shows it: an agreement, a timetable, minutes).
The self-assessment is the office's basis for the family-centre status, and "fulfilled" without anything to
point at cannot be checked. "Partly" and "not yet" may carry a note but need none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kisa.core.audit import audit_record
from kisa.core.models import AuditEntry
from kisa.core.services import audited_create, audited_update
from kisa.family_centres.defaults import DEFAULT_CRITERIA
from kisa.family_centres.models import Area, Criterion, Rating, SelfAssessment
from kisa.registry.models import Kita

EARLIEST_YEAR = 2000
EVIDENCE_MAX_LENGTH = 2000


# --- Criteria -------------------------------------------------------------------------------------------


@transaction.atomic
def criteria_install_defaults(*, actor: Any, youth_office: Any) -> int:
    """Give the office KiSA's default criterion set (defaults.py); returns how many criteria were created.

    Only for an office without criteria: an office that has its own set keeps it untouched (0)."""
    if Criterion.objects.filter(youth_office=youth_office).exists():
        return 0
    created = 0
    for area, criteria in DEFAULT_CRITERIA.items():
        for position, (level, text) in enumerate(criteria, start=1):
            audited_create(
                actor=actor,
                instance=Criterion(
                    youth_office=youth_office, area=area, level=level, text=text, position=position
                ),
            )
            created += 1
    return created


def _criterion_fields(*, area: str, level: str, text: str) -> dict[str, str]:
    text = text.strip()
    if area not in Area.values:
        raise ValidationError({"area": _("Choose one of the eight areas.")})
    if level not in Criterion.Level.values:
        raise ValidationError({"level": _("Choose basic or advanced.")})
    if not text:
        raise ValidationError({"text": _("Describe the criterion.")})
    return {"area": area, "level": level, "text": text}


@transaction.atomic
def criterion_create(
    *, actor: Any, youth_office: Any, area: str, level: str, text: str, position: int | None = None
) -> Criterion:
    """Add a criterion to the office's set; without a position it goes last in its area."""
    fields = _criterion_fields(area=area, level=level, text=text)
    if position is None:
        last = Criterion.objects.filter(youth_office=youth_office, area=area).aggregate(last=Max("position"))
        position = (last["last"] or 0) + 1
    return audited_create(
        actor=actor, instance=Criterion(youth_office=youth_office, position=position, **fields)
    )


def _own(criterion: Criterion, youth_office: Any) -> None:
    if criterion.youth_office_id != youth_office.pk:
        raise ValidationError({"criterion": _("This criterion belongs to another youth office.")})


@transaction.atomic
def criterion_update(
    *,
    actor: Any,
    youth_office: Any,
    criterion: Criterion,
    area: str,
    level: str,
    text: str,
    position: int,
    active: bool = True,
) -> Criterion:
    """Change a criterion. Earlier self-assessments rated it as it was; the audit trail keeps the old text."""
    _own(criterion, youth_office)
    fields: dict[str, Any] = _criterion_fields(area=area, level=level, text=text)
    return audited_update(
        actor=actor, instance=criterion, data={**fields, "position": position, "active": active}
    )


@transaction.atomic
def criterion_deactivate(*, actor: Any, youth_office: Any, criterion: Criterion) -> Criterion:
    """Take a criterion out of new self-assessments; it stays in the ones that rated it."""
    _own(criterion, youth_office)
    return audited_update(actor=actor, instance=criterion, data={"active": False})


# --- Self-assessment ------------------------------------------------------------------------------------


@transaction.atomic
def assessment_start(*, actor: Any, kita: Kita, year: int, today: dt.date | None = None) -> SelfAssessment:
    """Start a Kita's self-assessment for `year`: every active criterion of the office rated "not yet".

    Years from 2000 to next year; one assessment per Kita and year. An office without criteria gets the
    default set first, so a Kita can always start."""
    today = today or timezone.localdate()
    if not EARLIEST_YEAR <= year <= today.year + 1:
        raise ValidationError(
            {
                "year": _("Choose a year from %(first)s to %(last)s.")
                % {"first": EARLIEST_YEAR, "last": today.year + 1}
            }
        )
    if SelfAssessment.objects.filter(kita=kita, year=year).exists():
        raise ValidationError(
            {"year": _("This Kita already has a self-assessment for %(year)s.") % {"year": year}}
        )
    criteria_install_defaults(actor=actor, youth_office=kita.youth_office)
    assessment = audited_create(
        actor=actor, instance=SelfAssessment(youth_office_id=kita.youth_office_id, kita=kita, year=year)
    )
    Rating.objects.bulk_create(
        Rating(assessment=assessment, criterion=criterion, fulfilment=Rating.Fulfilment.NOT_YET)
        for criterion in Criterion.objects.filter(youth_office_id=kita.youth_office_id, active=True)
    )
    return assessment


def _clean_ratings(
    assessment: SelfAssessment, ratings: Mapping[int, tuple[str, str]]
) -> dict[int, tuple[str, str]]:
    """Check every rating; errors are keyed `rating_<criterion id>` (the form field of the criterion)."""
    already = set(assessment.ratings.values_list("criterion_id", flat=True))
    criteria = Criterion.objects.in_bulk([pk for pk in ratings if isinstance(pk, int)])
    errors: dict[str, str] = {}
    cleaned: dict[int, tuple[str, str]] = {}
    for pk, (fulfilment, evidence) in ratings.items():
        key = f"rating_{pk}"
        criterion = criteria.get(pk) if isinstance(pk, int) else None
        evidence = (evidence or "").strip()
        if criterion is None or criterion.youth_office_id != assessment.youth_office_id:
            errors[key] = _("This criterion does not exist.")
        elif not criterion.active and pk not in already:
            errors[key] = _("“%(criterion)s” is no longer in use.") % {"criterion": criterion.text}
        elif fulfilment not in Rating.Fulfilment.values:
            errors[key] = _("Choose not yet, partly or fulfilled.")
        elif fulfilment == Rating.Fulfilment.FULFILLED and not evidence:
            errors[f"evidence_{pk}"] = _("Say what shows that “%(criterion)s” is fulfilled.") % {
                "criterion": criterion.text
            }
        elif len(evidence) > EVIDENCE_MAX_LENGTH:
            errors[f"evidence_{pk}"] = _("At most %(max)s characters.") % {"max": EVIDENCE_MAX_LENGTH}
        else:
            cleaned[pk] = (fulfilment, evidence)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def assessment_save(
    *, actor: Any, assessment: SelfAssessment, ratings: Mapping[int, tuple[str, str]]
) -> SelfAssessment:
    """Record ratings: `{criterion id: (fulfilment, evidence)}`. All or nothing: one wrong rating refuses the
    whole save, each error keyed by the criterion's field. A completed assessment is reopened first.

    The audit entry lists which criteria changed and to what fulfilment, never the evidence text."""
    if assessment.completed_on is not None:
        raise ValidationError(
            {"completed_on": _("This self-assessment is completed. Reopen it to change ratings.")}
        )
    cleaned = _clean_ratings(assessment, ratings)
    existing = {r.criterion_id: r for r in assessment.ratings.all()}
    changes: dict[str, Any] = {}
    for pk, (fulfilment, evidence) in cleaned.items():
        rating = existing.get(pk)
        if rating is None:
            rating = Rating(assessment=assessment, criterion_id=pk)
        elif (rating.fulfilment, rating.evidence) == (fulfilment, evidence):
            continue
        before = rating.fulfilment or None
        rating.fulfilment, rating.evidence = fulfilment, evidence
        rating.full_clean()
        rating.save()
        changes[f"criterion {pk}"] = [before, fulfilment]
    if changes:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, instance=assessment, changes=changes)
        assessment.save(update_fields=["updated_at"])
    return assessment


@transaction.atomic
def assessment_complete(
    *, actor: Any, assessment: SelfAssessment, today: dt.date | None = None
) -> SelfAssessment:
    """Mark the self-assessment done. Every criterion it holds must be rated with the evidence required; active
    criteria added since it started join it as "not yet"."""
    if assessment.completed_on is not None:
        raise ValidationError({"completed_on": _("This self-assessment is already completed.")})
    rated = set(assessment.ratings.values_list("criterion_id", flat=True))
    Rating.objects.bulk_create(
        Rating(assessment=assessment, criterion=criterion, fulfilment=Rating.Fulfilment.NOT_YET)
        for criterion in Criterion.objects.filter(youth_office_id=assessment.youth_office_id, active=True)
        if criterion.pk not in rated
    )
    missing = assessment.ratings.filter(fulfilment=Rating.Fulfilment.FULFILLED, evidence="")
    if missing.exists():
        raise ValidationError({f"evidence_{r.criterion_id}": _("Evidence is missing.") for r in missing})
    return audited_update(
        actor=actor, instance=assessment, data={"completed_on": today or timezone.localdate()}
    )


@transaction.atomic
def assessment_reopen(*, actor: Any, assessment: SelfAssessment) -> SelfAssessment:
    """Open a completed self-assessment again for corrections."""
    if assessment.completed_on is None:
        raise ValidationError({"completed_on": _("This self-assessment is not completed.")})
    return audited_update(actor=actor, instance=assessment, data={"completed_on": None})
