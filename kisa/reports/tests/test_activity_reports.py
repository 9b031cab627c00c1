"""The Sachbericht workflow (services) and its scopes (activity_reports.py): draft → submitted → accepted, or
returned with a comment and submitted again; figures frozen at submission; who sees which report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kisa.cases.tests.factories import CaseFactory
from kisa.core.models import AuditEntry
from kisa.directory.categories import ServiceCategory
from kisa.documentation.models import Dimension, Referral
from kisa.documentation.tests.factories import ActivityFactory
from kisa.reports import activity_reports as selectors
from kisa.reports import services
from kisa.reports.models import ActivityReport
from kisa.reports.tests.factories import ActivityReportFactory

TODAY = dt.date(2026, 2, 1)
TEXTS = {"summary": "Ein gutes Jahr.", "outlook": "Väterangebote.", "highlights": "Elterncafé"}


def _draft(world, **texts):
    return services.activity_report_create(
        actor=world.users["worker_a"],
        kita=world.kita_a,
        year=2025,
        author=world.worker_a,
        data=texts or TEXTS,
    )


def _documented_work(world):
    case = CaseFactory(kita=world.kita_a, responsible=world.worker_a)
    ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], case=case, duration_minutes=60)
    ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], case=case, duration_minutes=30)
    ActivityFactory(
        worker=world.worker_a, kitas=[world.kita_a], duration_minutes=30
    )  # a family without a case
    group = ActivityFactory(
        worker=world.worker_a,
        kitas=[world.kita_a],
        dimension=Dimension.CROSS_CASE,
        adults=6,
        children=4,
        duration_minutes=90,
    )
    Referral.objects.create(
        youth_office=world.kita_a.youth_office, activity=group, category=ServiceCategory.PARENTING_COUNSELLING
    )
    # A network meeting is no group offer, whoever came.
    ActivityFactory(
        worker=world.worker_a,
        kitas=[world.kita_a],
        dimension=Dimension.NON_CASE,
        adults=3,
        professionals=5,
        duration_minutes=30,
    )
    # Not counted: another Kita, another year.
    ActivityFactory(worker=world.worker_b, kitas=[world.kita_b], duration_minutes=600)
    ActivityFactory(
        worker=world.worker_a, kitas=[world.kita_a], date=dt.date(2024, 5, 1), duration_minutes=600
    )


def test_the_figures_count_the_kitas_documented_work_of_the_year(world):
    _documented_work(world)

    figures = selectors.kita_year_figures(kita=world.kita_a, year=2025)

    assert figures["activities"] == 5
    assert figures["hours"] == 4.0
    by_dimension = {row["key"]: row for row in figures["dimensions"]}
    assert by_dimension[Dimension.CASE]["activities"] == 3
    assert by_dimension[Dimension.CASE]["hours"] == 2.0
    assert by_dimension[Dimension.CROSS_CASE]["hours"] == 1.5
    assert figures["families_reached"] == 2  # one case, one family without a case
    assert figures["group_offers"] == 1
    assert figures["group_participants"] == 10
    assert [(row["category"], row["count"]) for row in figures["referrals"]] == [
        (ServiceCategory.PARENTING_COUNSELLING, 1)
    ]


def test_a_year_without_documented_work_gives_zero_figures(world):
    figures = selectors.kita_year_figures(kita=world.kita_c, year=2031)

    assert figures["activities"] == 0
    assert figures["families_reached"] == 0
    assert figures["referrals"] == []


def test_submit_freezes_the_figures_and_records_the_event(world):
    _documented_work(world)
    report = _draft(world)

    report = services.activity_report_submit(actor=world.users["worker_a"], report=report, today=TODAY)

    assert report.status == ActivityReport.Status.SUBMITTED
    assert report.submitted_on == TODAY
    assert report.figures["activities"] == 5
    ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], duration_minutes=45)
    report.refresh_from_db()
    assert selectors.figures_of(report=report)["activities"] == 5, "kept as submitted"
    assert list(report.events.values_list("status", flat=True)) == [ActivityReport.Status.SUBMITTED]
    assert AuditEntry.objects.filter(object_id=str(report.pk)).count() >= 2


@pytest.mark.parametrize("missing", ["summary", "outlook"])
def test_submit_needs_summary_and_outlook(world, missing):
    report = _draft(world, **{**TEXTS, missing: "  "})

    with pytest.raises(ValidationError) as error:
        services.activity_report_submit(actor=world.users["worker_a"], report=report, today=TODAY)

    assert missing in error.value.message_dict
    report.refresh_from_db()
    assert report.status == ActivityReport.Status.DRAFT
    assert not report.events.exists()


def test_returned_report_is_revised_and_submitted_again_then_accepted_and_final(world):
    worker, coordinator = world.users["worker_a"], world.users["coordinator"]
    report = services.activity_report_submit(actor=worker, report=_draft(world), today=TODAY)

    report = services.activity_report_return(
        actor=coordinator, report=report, comment="Bitte Kooperation ergänzen.", today=TODAY
    )
    assert report.status == ActivityReport.Status.RETURNED
    assert report.events.last().comment == "Bitte Kooperation ergänzen."

    report = services.activity_report_update(
        actor=worker, report=report, data={"cooperation": "Frühe Hilfen"}
    )
    report = services.activity_report_submit(actor=worker, report=report, today=TODAY)
    report = services.activity_report_accept(actor=coordinator, report=report, today=TODAY)

    assert report.status == ActivityReport.Status.ACCEPTED
    assert report.cooperation == "Frühe Hilfen"
    assert list(report.events.values_list("status", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]
    with pytest.raises(ValidationError) as error:
        services.activity_report_update(actor=worker, report=report, data={"summary": "anders"})
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.activity_report_submit(actor=worker, report=report, today=TODAY)
    assert "status" in error.value.message_dict


def test_return_needs_a_comment(world):
    report = services.activity_report_submit(actor=world.users["worker_a"], report=_draft(world), today=TODAY)

    with pytest.raises(ValidationError) as error:
        services.activity_report_return(
            actor=world.users["coordinator"], report=report, comment=" ", today=TODAY
        )

    assert "comment" in error.value.message_dict
    report.refresh_from_db()
    assert report.status == ActivityReport.Status.SUBMITTED


@pytest.mark.parametrize("action", ["accept", "return"])
def test_only_submitted_reports_are_reviewed(world, action):
    report = _draft(world)
    with pytest.raises(ValidationError) as error:
        if action == "accept":
            services.activity_report_accept(actor=world.users["coordinator"], report=report, today=TODAY)
        else:
            services.activity_report_return(
                actor=world.users["coordinator"], report=report, comment="x", today=TODAY
            )
    assert "status" in error.value.message_dict


def test_one_report_per_kita_and_year(world):
    _draft(world)

    with pytest.raises(ValidationError) as error:
        _draft(world)

    assert "year" in error.value.message_dict


def test_the_author_must_belong_to_the_kitas_office(world):
    with pytest.raises(ValidationError) as error:
        services.activity_report_create(
            actor=world.users["worker_a"], kita=world.kita_a, year=2025, author=world.other_worker
        )
    assert "author" in error.value.message_dict


def test_scopes_who_sees_which_report(world):
    draft = ActivityReportFactory(kita=world.kita_a, author=world.worker_a)
    accepted = ActivityReportFactory(
        kita=world.kita_a, author=world.worker_a, year=2024, status=ActivityReport.Status.ACCEPTED
    )
    other = ActivityReportFactory(kita=world.other_kita, author=world.other_worker)

    def visible(persona):
        return set(selectors.activity_report_list_visible_to(user=world.users[persona]))

    assert visible("coordinator") == {draft, accepted}
    assert visible("worker_a") == {draft, accepted}
    assert visible("worker_b") == set()
    assert visible("kita_lead") == {accepted}
    assert visible("provider") == {accepted}
    assert visible("read_only") == set()
    assert visible("admin") == set()
    assert visible("outsider") == {other}


def test_the_coordinator_sees_every_kita_with_missing_reports(world):
    ActivityReportFactory(kita=world.kita_a, author=world.worker_a, status=ActivityReport.Status.SUBMITTED)

    rows = selectors.kita_statuses(user=world.users["coordinator"], year=2025)

    statuses = {row.kita: row.status for row in rows}
    assert statuses[world.kita_a] == ActivityReport.Status.SUBMITTED
    assert statuses[world.kita_b] == selectors.MISSING
    assert world.other_kita not in statuses
    missing = selectors.kita_statuses(user=world.users["coordinator"], year=2025, status=selectors.MISSING)
    assert world.kita_a not in {row.kita for row in missing}
    assert world.kita_b in {row.kita for row in missing}


def test_only_the_assigned_social_worker_writes(world):
    assert list(selectors.report_kitas_writable_by(user=world.users["worker_a"])) == [world.kita_a]
    for persona in ("kita_lead", "coordinator", "provider", "read_only", "admin"):
        assert not selectors.report_kitas_writable_by(user=world.users[persona]).exists()
