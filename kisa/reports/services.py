"""Writes of the reports app.

Sachbericht (ActivityReport) workflow: the Kita's social worker drafts the report (one per Kita and year),
submits it (summary and outlook required; the year's figures are frozen into `figures`), the coordinator
accepts it (final, read only from then on) or returns it with a comment; a returned report is revised and
submitted again. Every transition is audited and recorded as an ActivityReportEvent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kisa.core.services import audited_create, audited_update
from kisa.registry.models import Kita, StaffMember
from kisa.reports.activity_reports import kita_year_figures
from kisa.reports.models import ActivityReport, ActivityReportEvent

# --- activity reports (helper 3) ---

TEXT_FIELDS = ("summary", "highlights", "challenges", "cooperation", "outlook")
EDITABLE = frozenset({ActivityReport.Status.DRAFT, ActivityReport.Status.RETURNED})


def _require_status(report: ActivityReport, allowed: frozenset[str] | set[str], message: str) -> None:
    if report.status not in allowed:
        raise ValidationError({"status": message % {"status": report.get_status_display()}})


def _texts(data: dict[str, Any]) -> dict[str, str]:
    return {field: str(data.get(field) or "").strip() for field in TEXT_FIELDS if field in data}


@transaction.atomic
def activity_report_create(
    *, actor: Any, kita: Kita, year: int, author: StaffMember, data: dict[str, Any] | None = None
) -> ActivityReport:
    """Start the Kita's Sachbericht for `year` as a draft."""
    if author.youth_office_id != kita.youth_office_id:
        raise ValidationError({"author": _("The author must work for the same youth office as the Kita.")})
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("Choose a year between 2000 and 2100.")})
    if ActivityReport.objects.filter(kita=kita, year=year).exists():
        raise ValidationError(
            {"year": _("This Kita already has an activity report for %(year)s.") % {"year": year}}
        )
    report = ActivityReport(
        youth_office_id=kita.youth_office_id, kita=kita, year=year, author=author, **_texts(data or {})
    )
    return audited_create(actor=actor, instance=report)


@transaction.atomic
def activity_report_update(*, actor: Any, report: ActivityReport, data: dict[str, Any]) -> ActivityReport:
    """Change the texts of a draft or returned report."""
    report = ActivityReport.objects.select_for_update().get(pk=report.pk)
    _require_status(report, EDITABLE, _("A report that is %(status)s can no longer be changed."))
    return audited_update(actor=actor, instance=report, data=_texts(data))


def _event(*, report: ActivityReport, actor: Any, comment: str = "") -> None:
    event = ActivityReportEvent(report=report, status=report.status, comment=comment, actor=actor)
    event.full_clean()
    event.save()


@transaction.atomic
def activity_report_submit(*, actor: Any, report: ActivityReport, today: dt.date) -> ActivityReport:
    """Submit a draft or returned report to the coordinator; the year's figures are kept as submitted."""
    report = ActivityReport.objects.select_for_update().select_related("kita").get(pk=report.pk)
    _require_status(report, EDITABLE, _("A report that is %(status)s cannot be submitted."))
    errors = {}
    if not report.summary.strip():
        errors["summary"] = _("Summarise the year before submitting.")
    if not report.outlook.strip():
        errors["outlook"] = _("Give an outlook before submitting.")
    if errors:
        raise ValidationError(errors)
    report = audited_update(
        actor=actor,
        instance=report,
        data={
            "status": ActivityReport.Status.SUBMITTED,
            "figures": kita_year_figures(kita=report.kita, year=report.year),
            "submitted_on": today,
            "decided_on": None,
        },
    )
    _event(report=report, actor=actor)
    return report


@transaction.atomic
def activity_report_accept(*, actor: Any, report: ActivityReport, today: dt.date) -> ActivityReport:
    """The coordinator accepts a submitted report; it is final from then on."""
    report = ActivityReport.objects.select_for_update().get(pk=report.pk)
    _require_status(
        report,
        {ActivityReport.Status.SUBMITTED},
        _("Only a submitted report can be accepted; this one is %(status)s."),
    )
    report = audited_update(
        actor=actor, instance=report, data={"status": ActivityReport.Status.ACCEPTED, "decided_on": today}
    )
    _event(report=report, actor=actor)
    return report


@transaction.atomic
def activity_report_return(
    *, actor: Any, report: ActivityReport, comment: str, today: dt.date
) -> ActivityReport:
    """The coordinator returns a submitted report with a comment saying what to revise."""
    report = ActivityReport.objects.select_for_update().get(pk=report.pk)
    _require_status(
        report,
        {ActivityReport.Status.SUBMITTED},
        _("Only a submitted report can be returned; this one is %(status)s."),
    )
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what should be revised.")})
    if len(comment) > 3000:
        raise ValidationError({"comment": _("Keep the comment under 3000 characters.")})
    report = audited_update(
        actor=actor, instance=report, data={"status": ActivityReport.Status.RETURNED, "decided_on": today}
    )
    _event(report=report, actor=actor, comment=comment)
    return report
