"""The reports demo: Sachberichte 2025 for the demo Kitas with an assigned worker (most accepted, some
submitted, returned ones with a comment), drafts for 2026, and 2025 budget entries linked to projects of the
same Kita; loaded once (the whole demo, shared by the demo tests: fixture `loaded_demo`)."""

from __future__ import annotations

from kisa.budget.models import Booking, MaterialCost
from kisa.reports.models import ActivityReport


def test_reports_demo_shows_every_step_of_the_review_and_loads_once(loaded_demo):
    lines = [line for line in loaded_demo.output.splitlines() if line.startswith("Reports: ")]
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

    assert "Reports: demo activity reports exist already." in loaded_demo.again
    assert loaded_demo.after_again == loaded_demo.before_again
