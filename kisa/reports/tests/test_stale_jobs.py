"""Jobs whose process died: marked failed when viewed (or on cleanup), and asked for again from their page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from kisa.core.models import AuditEntry
from kisa.core.tests.ui import ui
from kisa.reports import jobs
from kisa.reports.models import ReportJob
from kisa.reports.tests.report_factories import make_done_job, make_job, make_report

STALE_MESSAGE = (
    "Cancelled, please request it again: the report was not finished after %(minutes)s minutes without "
    "progress; the process generating it has stopped."
)


def _job_url(job: ReportJob) -> str:
    return f"/berichte/auftraege/{job.pk}/"


def _last_sign_of_life(job: ReportJob, minutes: float) -> ReportJob:
    """The job's last progress `minutes` ago (as if its process stopped then)."""
    ago = timezone.now() - dt.timedelta(minutes=minutes)
    ReportJob.objects.filter(pk=job.pk).update(updated_at=ago, created_at=ago)
    job.refresh_from_db()
    return job


def _stopped(world: Any, *, minutes: float = 31, **fields: Any) -> ReportJob:
    fields.setdefault("status", ReportJob.Status.RUNNING)
    fields.setdefault("progress", 60)
    fields.setdefault("step", "Rendering the PDF file")
    return _last_sign_of_life(make_job(world, **fields), minutes)


# --- the rule -------------------------------------------------------------------------------------------------


def test_running_and_queued_jobs_without_progress_for_30_minutes_are_failed(world):
    running = _stopped(world)
    queued = _stopped(world, status=ReportJob.Status.QUEUED, progress=0, step="")
    alive = _stopped(world, minutes=29)
    done = _stopped(world, status=ReportJob.Status.DONE, progress=100)

    assert jobs.report_jobs_fail_stale() == 2

    for job in (running, queued):
        job.refresh_from_db()
        assert job.status == ReportJob.Status.FAILED and job.finished_at
        assert job.error == ui(STALE_MESSAGE, minutes=30)
        assert not job.step
    alive.refresh_from_db()
    done.refresh_from_db()
    assert alive.status == ReportJob.Status.RUNNING and done.status == ReportJob.Status.DONE


@pytest.mark.parametrize("limit", [5, dt.timedelta(minutes=5)])
def test_the_limit_is_a_setting(world, settings, limit):
    settings.KISA_REPORT_JOB_STALE_AFTER = limit
    job = _stopped(world, minutes=6)

    assert jobs.report_jobs_fail_stale() == 1

    job.refresh_from_db()
    assert job.error == ui(STALE_MESSAGE, minutes=5)


def test_a_job_given_up_while_computing_stays_failed_and_stores_nothing(world, monkeypatch, settings):
    job = make_job(world)

    def annual_report(**kwargs: Any) -> Any:
        # The process hangs long enough to be given up (someone opens the page meanwhile).
        _last_sign_of_life(job, 45)
        jobs.report_jobs_fail_stale()
        return make_report()

    monkeypatch.setattr("kisa.reports.annual.annual_report", annual_report)

    jobs.job_run(job.pk)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED and job.error == ui(STALE_MESSAGE, minutes=30)
    assert not job.file
    assert not [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


def test_a_job_given_up_while_rendering_removes_its_late_file(world, monkeypatch, settings):
    job = make_job(world)
    monkeypatch.setattr("kisa.reports.annual.annual_report", lambda **kwargs: make_report())

    def render(report: Any, output_format: str) -> bytes:
        _last_sign_of_life(job, 45)
        jobs.report_jobs_fail_stale()
        return b"%PDF-1.4 late"

    monkeypatch.setattr("kisa.reports.renderers.render", render)

    jobs.job_run(job.pk)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED and not job.file
    assert not [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


# --- on the pages -----------------------------------------------------------------------------------------------


def test_the_job_page_shows_a_stopped_job_failed_with_the_way_to_ask_again(world):
    job = _stopped(world)

    page = world.client_for("coordinator").get(_job_url(job)).content.decode()

    assert ui(STALE_MESSAGE, minutes=30) in page
    assert 'http-equiv="refresh"' not in page  # no longer waits for a process that is gone
    assert f'action="{_job_url(job)}neu-erzeugen/"' in page and ui("Generate again") in page
    assert ReportJob.objects.get(pk=job.pk).status == ReportJob.Status.FAILED


def test_a_job_still_making_progress_is_left_running(world):
    job = _stopped(world, minutes=10)

    page = world.client_for("coordinator").get(_job_url(job)).content.decode()

    assert '<meta http-equiv="refresh" content="2">' in page
    assert "neu-erzeugen" not in page
    assert ReportJob.objects.get(pk=job.pk).status == ReportJob.Status.RUNNING


@pytest.mark.parametrize("page", ["/berichte/jahresbericht/", "/"])
def test_the_lists_show_a_stopped_job_failed(world, page):
    job = _stopped(world)

    content = world.client_for("coordinator").get(page).content.decode()

    assert _job_url(job) in content and ui("failed") in content and ui("being generated") not in content


# --- asking again -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "read_only"])
def test_asking_again_queues_a_new_job_with_the_same_parameters(world, annual_figures, persona):
    territory = f"social-area-{world.social_area.pk}"
    failed = _stopped(
        world, requested_by=world.users[persona], year=2024, territory=territory, output_format="xlsx"
    )
    jobs.report_jobs_fail_stale()

    response = world.client_for(persona).post(f"{_job_url(failed)}neu-erzeugen/")

    again = ReportJob.objects.exclude(pk=failed.pk).get()
    assert response.status_code == 302 and response["Location"] == _job_url(again)
    assert (again.year, again.territory, again.output_format) == (2024, territory, "xlsx")
    assert again.requested_by == world.users[persona]
    assert again.status == ReportJob.Status.DONE and again.file.name.endswith(".xlsx")  # the inline runner
    assert annual_figures == [{"user": world.users[persona], "year": 2024, "territory_key": territory}]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_id=str(again.pk)).exists()
    assert ReportJob.objects.get(pk=failed.pk).status == ReportJob.Status.FAILED  # kept with its message


def test_a_finished_report_can_be_generated_again(world, annual_figures):
    done = make_done_job(world)

    page = world.client_for("coordinator").get(_job_url(done)).content.decode()
    response = world.client_for("coordinator").post(f"{_job_url(done)}neu-erzeugen/")

    assert ui("Generate again") in page
    assert response.status_code == 302 and ReportJob.objects.count() == 2


def test_the_coordinator_asks_again_for_the_read_only_roles_job_as_themself(world, annual_figures):
    theirs = make_job(world, requested_by=world.users["read_only"], status=ReportJob.Status.FAILED, error="x")

    world.client_for("coordinator").post(f"{_job_url(theirs)}neu-erzeugen/")

    assert ReportJob.objects.exclude(pk=theirs.pk).get().requested_by == world.users["coordinator"]


def test_a_job_still_running_is_not_doubled(world, annual_figures):
    running = _stopped(world, minutes=1)

    response = world.client_for("coordinator").post(f"{_job_url(running)}neu-erzeugen/", follow=True)

    assert ReportJob.objects.count() == 1
    assert ui("This report is still being generated.") in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("worker_a", 403), ("provider", 403), ("outsider", 404)])
def test_others_cannot_ask_again(world, annual_figures, persona, status):
    failed = make_job(world, status=ReportJob.Status.FAILED, error="x")

    response = world.client_for(persona).post(f"{_job_url(failed)}neu-erzeugen/")

    assert response.status_code == status
    assert ReportJob.objects.count() == 1


def test_the_read_only_role_cannot_ask_again_for_the_coordinators_job(world, annual_figures):
    failed = make_job(world, status=ReportJob.Status.FAILED, error="x")

    assert world.client_for("read_only").post(f"{_job_url(failed)}neu-erzeugen/").status_code == 403
    assert ReportJob.objects.count() == 1


def test_asking_again_needs_a_post(world, annual_figures):
    failed = make_job(world, status=ReportJob.Status.FAILED, error="x")

    assert world.client_for("coordinator").get(f"{_job_url(failed)}neu-erzeugen/").status_code == 405
    assert ReportJob.objects.count() == 1
