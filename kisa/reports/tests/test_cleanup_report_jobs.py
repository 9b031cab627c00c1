"""`manage.py cleanup_report_jobs`: old jobs and their files go, recent ones stay, stale ones are failed."""

from __future__ import annotations

import datetime as dt
import io
import os
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from kisa.core.models import AuditEntry
from kisa.reports.models import ReportJob
from kisa.reports.tests.report_factories import make_job


def _aged(job: ReportJob, *, days: float = 0, minutes: float = 0) -> ReportJob:
    ago = timezone.now() - dt.timedelta(days=days, minutes=minutes)
    ReportJob.objects.filter(pk=job.pk).update(created_at=ago, updated_at=ago)
    job.refresh_from_db()
    return job


def _done(world: Any, *, days: float, name: str) -> ReportJob:
    """A finished job requested `days` ago with its file in reports/2025/ (where the runner stores files)."""
    job = make_job(world, status=ReportJob.Status.DONE, progress=100)
    job.file.name = job.file.storage.save(f"reports/2025/{name}", ContentFile(b"%PDF-1.4"))
    job.save(update_fields=["file"])
    return _aged(job, days=days)


def _file(settings: Any, name: str, *, days: float) -> Any:
    """A file in the media folder, last modified `days` ago."""
    path = settings.MEDIA_ROOT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4")
    when = (timezone.now() - dt.timedelta(days=days)).timestamp()
    os.utime(path, (when, when))
    return path


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("cleanup_report_jobs", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def history(world: Any, settings: Any) -> Any:
    """Jobs: done 40 days ago (with its file), failed 31 days ago, done 2 days ago (with its file), "running"
    but stopped 40 days ago and an hour ago. Files without a job: one 40 days old, one of today (both in the
    runner's year folders), and one 40 days old outside them."""
    w = world
    w.old = _done(w, days=40, name="jahresbericht-2024-office.pdf")
    w.old_failed = _aged(make_job(w, status=ReportJob.Status.FAILED, error="x"), days=31)
    w.recent = _done(w, days=2, name="jahresbericht-2025-office.pdf")
    w.old_stopped = _aged(make_job(w, status=ReportJob.Status.RUNNING, progress=60), days=40)
    w.stopped = _aged(make_job(w, status=ReportJob.Status.RUNNING, progress=60), minutes=60)
    w.old_orphan = _file(settings, "reports/2024/jahresbericht-2024-x1y2z3.pdf", days=40)
    w.new_orphan = _file(settings, "reports/2025/jahresbericht-2025-a1b2c3.pdf", days=0)
    w.elsewhere = _file(settings, "reports/tests/jahresbericht-2025.pdf", days=40)
    return w


def test_old_jobs_and_their_files_go_recent_ones_stay(history, settings):
    w = history
    old_file = settings.MEDIA_ROOT / w.old.file.name
    recent_file = settings.MEDIA_ROOT / w.recent.file.name

    output = _run()

    assert set(ReportJob.objects.values_list("pk", flat=True)) == {w.recent.pk, w.stopped.pk}
    assert not old_file.exists() and recent_file.exists()
    assert not w.old_orphan.exists()  # left by a process that died between storing and recording it
    assert w.new_orphan.exists()  # may belong to a job being stored right now
    assert w.elsewhere.exists()  # only the runner's year folders are cleaned
    assert "3 report job(s) older than 30 days were removed, with 1 file(s)." in output
    assert "1 file(s) without a job were removed." in output


def test_the_stale_rule_is_applied_too(history):
    output = _run()

    stopped = ReportJob.objects.get(pk=history.stopped.pk)
    assert stopped.status == ReportJob.Status.FAILED and stopped.error
    assert "2 stale report job(s) were marked failed." in output  # the recent one and the 40-day-old one


def test_every_removed_job_is_audited(history):
    _run()

    purged = AuditEntry.objects.filter(action=AuditEntry.Action.PURGE, model_label="reports.ReportJob")
    assert set(purged.values_list("object_id", flat=True)) == {
        str(history.old.pk),
        str(history.old_failed.pk),
        str(history.old_stopped.pk),
    }
    assert all(entry.actor is None and entry.youth_office_id == history.office.pk for entry in purged)


def test_the_retention_is_a_setting(history, settings):
    settings.KISA_REPORT_JOB_RETENTION_DAYS = 1

    _run()

    assert set(ReportJob.objects.values_list("pk", flat=True)) == {history.stopped.pk}
    assert not (settings.MEDIA_ROOT / history.recent.file.name).exists()


def test_a_dry_run_changes_nothing(history):
    before = list(ReportJob.objects.order_by("pk").values_list("pk", "status"))

    output = _run("--dry-run")

    assert list(ReportJob.objects.order_by("pk").values_list("pk", "status")) == before
    assert history.old_orphan.exists()
    assert "3 report job(s) older than 30 days would be removed, with 1 file(s)." in output
    assert "Dry run: nothing was changed." in output
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PURGE).exists()


def test_a_job_whose_file_is_already_gone_is_still_removed(history, settings):
    (settings.MEDIA_ROOT / history.old.file.name).unlink()

    output = _run()

    assert not ReportJob.objects.filter(pk=history.old.pk).exists()
    assert "with 0 file(s)" in output


def test_nothing_to_do_without_a_reports_folder(world):
    assert "0 report job(s)" in _run()
