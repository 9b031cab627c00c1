"""The reports demo: Sachberichte 2025 for the demo Kitas with an assigned worker (most accepted, some
submitted, returned ones with a comment), drafts for 2026, and 2025 budget entries linked to projects of the
same Kita; loaded once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kisa.budget.models import Booking, MaterialCost
from kisa.core.models import AuditEntry
from kisa.reports.models import ActivityReport, ActivityReportEvent

# The demo's activities run from 1 January of last year until yesterday: load it as in 2026, so 2025 is a
# complete year of documented work whenever the test runs.
DEMO_DAY = dt.date(2026, 11, 26)


def _load(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: DEMO_DAY)
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _state() -> dict[str, int]:
    return {
        "reports": ActivityReport.objects.count(),
        "events": ActivityReportEvent.objects.count(),
        "bookings": Booking.objects.filter(project__isnull=False).count(),
        "costs": MaterialCost.objects.filter(project__isnull=False).count(),
        "audit": AuditEntry.objects.count(),
    }


@pytest.mark.django_db
def test_reports_demo_shows_every_step_of_the_review_and_loads_once(settings, monkeypatch):
    settings.DEBUG = True

    output = _load(monkeypatch)

    lines = [line for line in output.splitlines() if line.startswith("Reports: ")]
    assert len(lines) == 1
    reports_2025 = list(ActivityReport.objects.filter(year=2025).select_related("kita", "author"))
    statuses = [report.status for report in reports_2025]
    assert statuses.count(ActivityReport.Status.ACCEPTED) > len(reports_2025) / 2, "most are accepted"
    assert 1 <= statuses.count(ActivityReport.Status.SUBMITTED) <= 5
    assert 1 <= statuses.count(ActivityReport.Status.RETURNED) <= 2
    assert ActivityReport.Status.DRAFT not in statuses
    for report in reports_2025:
        assert report.figures["year"] == 2025
        assert report.summary and report.outlook
        assert report.author.assignments.filter(kita=report.kita).exists(), "written by the Kita's worker"
        if report.status == ActivityReport.Status.RETURNED:
            assert report.events.get(status=ActivityReport.Status.RETURNED).comment
    assert any(report.figures["activities"] > 0 for report in reports_2025), (
        "figures come from documented work"
    )
    drafts = ActivityReport.objects.filter(year=2026)
    assert drafts.exists() and set(drafts.values_list("status", flat=True)) == {ActivityReport.Status.DRAFT}

    linked = list(
        Booking.objects.filter(project__isnull=False).select_related("project__plan", "budget_year")
    )
    linked += list(
        MaterialCost.objects.filter(project__isnull=False).select_related("project__plan", "budget_year")
    )
    assert linked, "some budget entries are linked to projects"
    for row in linked:
        assert row.kita_id == row.project.plan.kita_id
        assert row.budget_year.year == row.project.plan.year == 2025

    before = _state()
    again = _load(monkeypatch)
    assert "Reports: demo activity reports exist already." in again
    assert _state() == before
