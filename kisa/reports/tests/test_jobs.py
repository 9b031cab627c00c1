"""Report jobs: asked for with valid input only, generated as the requester, with progress; a failure leaves
a message and no file."""

from __future__ import annotations

import io
from typing import Any

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kisa.core.models import AuditEntry
from kisa.reports import jobs
from kisa.reports.models import ReportJob
from kisa.reports.tests.report_factories import make_job


def _request(world: Any, **overrides: Any) -> ReportJob:
    arguments: dict[str, Any] = {
        "actor": world.users["coordinator"],
        "youth_office": world.office,
        "year": 2025,
        "territory": "office",
        "output_format": "pdf",
    }
    arguments.update(overrides)
    return jobs.request_annual_report(**arguments)


def test_a_requested_report_is_generated_as_the_requester_and_stored(world, annual_figures):
    job = _request(world, territory=f"social-area-{world.social_area.pk}")

    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    assert job.progress == 100 and job.step
    assert job.started_at and job.finished_at and not job.error
    assert annual_figures == [
        {
            "user": world.users["coordinator"],
            "year": 2025,
            "territory_key": f"social-area-{world.social_area.pk}",
        }
    ]
    with job.file.open("rb") as handle:
        assert (
            "Jahresbericht Kita-Sozialarbeit"
            in pypdf.PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
        )
    assert job.requested_by == world.users["coordinator"]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_id=str(job.pk)).exists()


@pytest.mark.parametrize("output_format", ["docx", "xlsx"])
def test_every_format_is_stored_with_its_extension(world, annual_figures, output_format):
    job = _request(world, output_format=output_format)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    assert job.file.name.endswith(f".{output_format}")


def test_the_job_goes_from_queued_through_running_to_done_with_progress(world, monkeypatch):
    job = make_job(world)
    seen: list[tuple[str, int, str]] = []

    def annual_report(*, user: Any, year: int, territory_key: str) -> Any:
        from kisa.reports.tests.report_factories import make_report

        current = ReportJob.objects.get(pk=job.pk)
        seen.append((current.status, current.progress, current.step))
        return make_report()

    def render(report: Any, output_format: str) -> bytes:
        current = ReportJob.objects.get(pk=job.pk)
        seen.append((current.status, current.progress, current.step))
        return b"%PDF-1.4"

    monkeypatch.setattr("kisa.reports.annual.annual_report", annual_report)
    monkeypatch.setattr("kisa.reports.renderers.render", render)
    assert job.status == ReportJob.Status.QUEUED and job.progress == 0

    jobs.job_run(job.pk)

    job.refresh_from_db()
    assert [(status, progress) for status, progress, _step in seen] == [("running", 10), ("running", 60)]
    assert all(step for _status, _progress, step in seen)
    assert (job.status, job.progress) == ("done", 100)


def test_a_failure_leaves_the_job_failed_with_a_short_message_and_no_file(world, monkeypatch, settings):
    def annual_report(**kwargs: Any) -> Any:
        raise RuntimeError("database gone")

    monkeypatch.setattr("kisa.reports.annual.annual_report", annual_report)

    job = _request(world)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED
    assert "database gone" in job.error and len(job.error) <= 500
    assert not job.file
    assert not [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


def test_a_failure_while_storing_removes_the_half_written_file(world, annual_figures, monkeypatch, settings):
    original = jobs._set

    def failing_set(job_id: int, **fields: Any) -> bool:
        if fields.get("status") == ReportJob.Status.DONE:
            raise RuntimeError("disk full")
        return original(job_id, **fields)

    monkeypatch.setattr(jobs, "_set", failing_set)

    job = _request(world)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED and "disk full" in job.error
    assert not job.file
    assert not [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("year", {"year": 1999}),
        ("year", {"year": timezone.localdate().year + 1}),
        ("year", {"year": "zwanzig"}),
        ("territory", {"territory": "nowhere"}),
        ("territory", {"territory": "social-area-999999"}),
        ("output_format", {"output_format": "odt"}),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(world, annual_figures, field, overrides):
    with pytest.raises(ValidationError) as refused:
        _request(world, **overrides)

    assert field in refused.value.message_dict
    assert not ReportJob.objects.exists()
    assert annual_figures == []


def test_another_offices_social_area_is_refused(world, annual_figures):
    from kisa.registry.tests.factories import SocialAreaFactory

    theirs = SocialAreaFactory(youth_office=world.other_office, name="Ahr")

    with pytest.raises(ValidationError) as refused:
        _request(world, territory=f"social-area-{theirs.pk}")

    assert "territory" in refused.value.message_dict
    assert not ReportJob.objects.exists()


def test_the_thread_runner_starts_after_commit_and_returns_at_once(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.KISA_REPORT_RUNNER = "thread"
    started: list[int] = []
    monkeypatch.setattr(jobs, "_start_thread", started.append)

    with django_capture_on_commit_callbacks(execute=True):
        job = _request(world)

    assert started == [job.pk]
    assert ReportJob.objects.get(pk=job.pk).status == ReportJob.Status.QUEUED


def test_the_thread_closes_its_database_connection(world, monkeypatch):
    ran: list[int] = []
    closed: list[bool] = []
    monkeypatch.setattr(jobs, "job_run", ran.append)
    monkeypatch.setattr(jobs.connections, "close_all", lambda: closed.append(True))

    jobs._run_in_thread(7)

    assert ran == [7] and closed == [True]


def test_the_celery_runner_sends_the_task_after_commit(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from kisa.reports import tasks

    settings.KISA_REPORT_RUNNER = "celery"
    sent: list[int] = []
    monkeypatch.setattr(tasks.run_report_job, "delay", sent.append)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = _request(world)
    assert sent == []
    for callback in callbacks:
        callback()

    assert sent == [job.pk]


def test_the_celery_task_runs_the_job(world, annual_figures):
    from kisa.reports.tasks import run_report_job

    job = make_job(world)

    run_report_job(job.pk)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE


@pytest.mark.django_db(transaction=True)
def test_the_thread_runner_generates_the_report_in_the_background(
    world, annual_figures, settings, monkeypatch
):
    import threading

    settings.KISA_REPORT_RUNNER = "thread"
    started: list[threading.Thread] = []

    class RecordedThread(threading.Thread):
        def start(self) -> None:
            started.append(self)
            super().start()

    monkeypatch.setattr(jobs.threading, "Thread", RecordedThread)

    job = _request(world)

    assert [thread.daemon for thread in started] == [True]
    started[0].join(timeout=60)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.file
