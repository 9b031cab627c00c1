"""Retention rules of the cases app (kisa.core.retention), registered in `settings.KISA_RETENTION_RULES`.

Defaults (docs/cases.md gives the reasons; each office may set its own period on the retention page):
- closed cases: 120 months (10 years) after closing, then deleted together with their consents;
- withdrawn or expired consents: 36 months after withdrawal or expiry, then deleted (the regular
  limitation period of three years, § 195 BGB, during which a past transfer may still need proving).
Cases under legal hold, and their consents, are never due. Open cases are never due.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from kisa.cases.models import Case, Consent
from kisa.core.retention import RetentionRule
from kisa.registry.models import YouthOffice


def closed_cases_due(*, youth_office: YouthOffice, cutoff: dt.date) -> QuerySet[Case]:
    return Case.objects.filter(
        youth_office=youth_office, status=Case.Status.CLOSED, closed_on__lt=cutoff, legal_hold=False
    )


def delete_cases(*, records: QuerySet[Case]) -> int:
    """Delete the cases and their consents; returns the number of cases.

    Only primary keys are loaded, so no encrypted contact is decrypted on the way out.
    """
    cases = Case.objects.filter(pk__in=list(records.values_list("pk", flat=True))).only("pk")
    count = cases.count()
    cases.delete()
    return count


def ended_consents_due(*, youth_office: YouthOffice, cutoff: dt.date) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(youth_office=youth_office, case__legal_hold=False)
        .filter(Q(withdrawn_on__isnull=False) | Q(expires_on__isnull=False))
        .annotate(ended_on=Coalesce("withdrawn_on", "expires_on"))
        .filter(ended_on__lt=cutoff)
    )


def delete_consents(*, records: QuerySet[Consent]) -> int:
    count, _details = Consent.objects.filter(pk__in=list(records.values_list("pk", flat=True))).delete()
    return count


def retention_rules() -> list[RetentionRule]:
    return [
        RetentionRule(
            record_type="cases.case",
            label=_("Closed cases (with their consents)"),
            default_months=120,
            action="delete",
            find_due=closed_cases_due,
            apply=delete_cases,
        ),
        RetentionRule(
            record_type="cases.consent",
            label=_("Withdrawn or expired consents"),
            default_months=36,
            action="delete",
            find_due=ended_consents_due,
            apply=delete_consents,
        ),
    ]
