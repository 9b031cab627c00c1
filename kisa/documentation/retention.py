"""Retention of activities (DOMAIN.md §9), run by the retention command of kisa.cases.

Two rules, chosen so that statistics survive while personal detail goes early:

- `documentation.activity_note` – after 24 months the free text of an activity (short note, partner
  institutions named as text) is emptied. Notes are short-lived working notes; the yearly activity report
  and the evaluation need the figures, never the text. Counts, minutes, Kita, topics and referrals stay.
- `documentation.activity` – after 120 months the activity is deleted (with its Kitas, topics and
  referrals): the common 10-year default for general youth-welfare records.

Activities under legal hold are never due. The office can override both periods on the retention page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kisa.core.retention import RetentionRule
from kisa.documentation.models import Activity
from kisa.documentation.services import figures_subtract

NOTE_MONTHS = 24
ACTIVITY_MONTHS = 120


def _notes_due(*, youth_office: Any, cutoff: dt.date) -> QuerySet[Activity]:
    return Activity.objects.filter(
        youth_office=youth_office, date__lt=cutoff, legal_hold=False, anonymised_on__isnull=True
    ).filter(~Q(note="") | ~Q(partner_names=[]))


def _anonymise(*, records: QuerySet[Activity]) -> int:
    # A retention run, logged by the retention command in counts; there is nothing left to audit per row.
    return records.update(note="", partner_names=[], anonymised_on=timezone.localdate())


def _activities_due(*, youth_office: Any, cutoff: dt.date) -> QuerySet[Activity]:
    return Activity.objects.filter(youth_office=youth_office, date__lt=cutoff, legal_hold=False)


def _delete(*, records: QuerySet[Activity]) -> int:
    with transaction.atomic():
        count = records.count()
        figures_subtract(records=records)  # the statistics keep only what is still stored
        records.delete()
    return count


def retention_rules() -> list[RetentionRule]:
    return [
        RetentionRule(
            record_type="documentation.activity_note",
            label=_("Notes of activities"),
            default_months=NOTE_MONTHS,
            action="anonymise",
            find_due=_notes_due,
            apply=_anonymise,
        ),
        RetentionRule(
            record_type="documentation.activity",
            label=_("Activities"),
            default_months=ACTIVITY_MONTHS,
            action="delete",
            find_due=_activities_due,
            apply=_delete,
        ),
    ]
