"""Report jobs: asking for the annual report (validated, audited) and generating it in the background.

`request_annual_report` stores a queued job and hands it to the runner named by `settings.KISA_REPORT_RUNNER`:

- "celery": the Celery task (Redis worker), started once the request's transaction is committed;
- "thread": an in-process daemon thread, also started on commit, so the request returns at once and the job
  page shows the progress (the zero-setup default); the thread closes its database connection at the end;
- "inline": at once, in the caller (tests).

`job_run` computes the figures as the requester (so the report shows only what they may see, always
suppressed), renders the file and stores it; the job page follows `progress` and `step`. A failure leaves
the job FAILED with a short message and no file.

A process that dies (a restarted web server takes its threads with it, a killed worker) leaves its job
QUEUED or RUNNING for ever. Such a job is *stale* once it showed no progress for longer than
`KISA_REPORT_JOB_STALE_AFTER` (minutes, or a timedelta; default 30 minutes): `report_jobs_fail_stale` marks it
FAILED with a message asking to request it again, when its page or list is viewed and on cleanup; the runner
only writes to a job that is still RUNNING, so a job given up stays given up. `report_job_retry` asks for the
same report again. `report_jobs_clean_up` (`manage.py cleanup_report_jobs`) removes jobs and their files older
than `KISA_REPORT_JOB_RETENTION_DAYS` (default 30), and files of the reports folder that no job names.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kisa.core.audit import audit_record
from kisa.core.models import AuditEntry
from kisa.reports import figures
from kisa.reports.models import ReportJob

logger = logging.getLogger(__name__)

FIRST_YEAR = 2000
PENDING = (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING)
# The folders FileField(upload_to="reports/%Y/") writes to; nothing else of the storage is ever touched.
YEAR_FOLDER = re.compile(r"^\d{4}$")
FILE_FOLDER = "reports"


def year_error() -> str:
    return _("Choose a year between %(first)d and %(last)d.") % {
        "first": FIRST_YEAR,
        "last": timezone.localdate().year,
    }


@transaction.atomic
def request_annual_report(
    *, actor: Any, youth_office: Any, year: Any, territory: str, output_format: str
) -> ReportJob:
    """Queue the annual report of `year` for `territory` as `output_format` and start it; bad input is
    refused on its field and nothing is saved."""
    errors: dict[str, str] = {}
    this_year = timezone.localdate().year
    try:
        year = int(year)
    except (TypeError, ValueError):
        errors["year"] = _("Enter a year.")
    else:
        if not FIRST_YEAR <= year <= this_year:
            errors["year"] = year_error()
    if output_format not in ReportJob.Format.values:
        errors["output_format"] = _("Choose PDF, Word (DOCX) or Excel (XLSX).")
    try:
        figures.resolve_territory(youth_office_id=youth_office.pk, key=territory)
    except ValidationError as error:
        errors["territory"] = " ".join(error.message_dict.get("territory", error.messages))
    if errors:
        raise ValidationError(errors)
    job = ReportJob(
        youth_office=youth_office,
        kind=ReportJob.Kind.ANNUAL,
        year=year,
        territory=territory,
        output_format=output_format,
        requested_by=actor,
    )
    job.full_clean()
    job.save()
    # Not `audited_create`: its snapshot cannot yet serialise a FileField (kisa/core/audit.py `_plain`);
    # the request is what the trail needs.
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=job,
        changes={"kind": job.kind, "year": year, "territory": territory, "output_format": output_format},
    )
    start_job(job_id=job.pk)
    return job


def start_job(*, job_id: int) -> None:
    """Hand the job to the configured runner (see the module docstring)."""
    runner = settings.KISA_REPORT_RUNNER
    if runner == "inline":
        job_run(job_id)
    elif runner == "celery":
        from kisa.reports.tasks import run_report_job

        transaction.on_commit(lambda: run_report_job.delay(job_id))
    elif runner == "thread":
        transaction.on_commit(lambda: _start_thread(job_id))
    else:
        raise ValueError(f"Unknown KISA_REPORT_RUNNER {runner!r}: use celery, thread or inline.")


def _start_thread(job_id: int) -> None:
    threading.Thread(target=_run_in_thread, args=(job_id,), name=f"report-job-{job_id}", daemon=True).start()


def _run_in_thread(job_id: int) -> None:
    try:
        job_run(job_id)
    finally:
        connections.close_all()


def _set(job_id: int, *, only_if: tuple[str, ...] = (ReportJob.Status.RUNNING,), **fields: Any) -> bool:
    """Record progress at once (outside any transaction), so the job page shows it while the job runs; only
    while the job's status is one of `only_if`, so a job given up as stale stays failed. False: not written."""
    changed = ReportJob.objects.filter(pk=job_id, status__in=only_if).update(
        **fields, updated_at=timezone.now()
    )
    return bool(changed)


def file_name(job: ReportJob) -> str:
    """The download's name, e.g. `jahresbericht-2025-office.pdf`."""
    return f"{slugify(_('annual report'))}-{job.year}-{slugify(job.territory)}.{job.output_format}"


def job_run(job_id: int) -> None:
    """Generate the job's file: RUNNING with progress steps, then DONE with the stored file, or FAILED with a
    short message and no file. A job marked stale meanwhile (`report_jobs_fail_stale`) is left as it is."""
    from kisa.reports import annual, renderers

    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.status not in (ReportJob.Status.QUEUED, ReportJob.Status.FAILED):
        return  # already running or done (a task delivered twice)
    with translation.override(settings.LANGUAGE_CODE):
        started = _set(
            job_id,
            only_if=(ReportJob.Status.QUEUED, ReportJob.Status.FAILED),
            status=ReportJob.Status.RUNNING,
            progress=10,
            step=_("Computing the figures"),
            error="",
            started_at=timezone.now(),
        )
        if not started:
            return  # another runner took it in the meantime
        stored = None
        try:
            report = annual.annual_report(user=job.requested_by, year=job.year, territory_key=job.territory)
            rendering = _set(
                job_id,
                progress=60,
                step=_("Rendering the %(format)s file") % {"format": job.output_format.upper()},
            )
            if not rendering:
                return  # given up as stale while the figures were computed
            content = renderers.render(report, job.output_format)
            stored = job.file.storage.save(
                job.file.field.generate_filename(job, file_name(job)), ContentFile(content)
            )
            done = _set(
                job_id,
                status=ReportJob.Status.DONE,
                progress=100,
                step=_("Stored"),
                file=stored,
                finished_at=timezone.now(),
            )
            if not done:
                job.file.storage.delete(stored)  # given up as stale: its page asks for a new request
        except Exception as error:
            logger.exception("Report job %s failed", job_id)
            if stored:
                job.file.storage.delete(stored)
            reason = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
            message = _("The report could not be generated: %(error)s") % {"error": reason}
            _set(
                job_id,
                status=ReportJob.Status.FAILED,
                step="",
                error=message[:500],
                file="",
                finished_at=timezone.now(),
            )


# --- Stale jobs, asking again, cleanup ---------------------------------------------------------------------


def stale_after() -> dt.timedelta:
    """How long a queued or running job may show no progress before it counts as abandoned."""
    value = settings.KISA_REPORT_JOB_STALE_AFTER
    return value if isinstance(value, dt.timedelta) else dt.timedelta(minutes=float(value))


def retention_period() -> dt.timedelta:
    return dt.timedelta(days=settings.KISA_REPORT_JOB_RETENTION_DAYS)


def _stale(jobs: QuerySet[ReportJob], now: dt.datetime) -> QuerySet[ReportJob]:
    return jobs.filter(status__in=PENDING, updated_at__lt=now - stale_after())


def report_jobs_fail_stale(*, jobs: QuerySet[ReportJob] | None = None, now: dt.datetime | None = None) -> int:
    """Mark the stale jobs among `jobs` (default: all) FAILED with a message asking to request the report
    again; returns how many. Reads first and writes only when one is stale, so the pages that call it on every
    view write nothing in the normal case. Not audited, like every status change of the runner."""
    now = now or timezone.now()
    stale_ids = list(
        _stale(jobs if jobs is not None else ReportJob.objects.all(), now).values_list("pk", flat=True)
    )
    if not stale_ids:
        return 0
    minutes = round(stale_after().total_seconds() / 60)
    with translation.override(settings.LANGUAGE_CODE):
        message = _(
            "Cancelled, please request it again: the report was not finished after %(minutes)s minutes without "
            "progress; the process generating it has stopped."
        ) % {"minutes": minutes}
    # The same condition again in the UPDATE: a job that made progress since the read is left alone.
    return _stale(ReportJob.objects.filter(pk__in=stale_ids), now).update(
        status=ReportJob.Status.FAILED, step="", error=message[:500], finished_at=now, updated_at=now
    )


@transaction.atomic
def report_job_retry(*, actor: Any, job: ReportJob) -> ReportJob:
    """Ask again for the report of a finished or failed job: a new job with the same year, territory and
    format, requested (and audited) as `actor`; refused while the job is still queued or running."""
    if job.status in PENDING:
        raise ValidationError({"status": _("This report is still being generated.")})
    return request_annual_report(
        actor=actor,
        youth_office=job.youth_office,
        year=job.year,
        territory=job.territory,
        output_format=job.output_format,
    )


@dataclass(frozen=True)
class CleanupResult:
    stale: int  # jobs marked failed as stale
    jobs: int  # job rows removed
    files: int  # their files removed
    orphans: int  # files in the reports folder that no job names


def _orphaned_files(storage: Any, *, before: dt.datetime) -> list[str]:
    """Files under reports/<year>/ older than `before` that no job names (left by a process that died between
    storing the file and recording it)."""
    try:
        folders, _files = storage.listdir(FILE_FOLDER)
    except FileNotFoundError:
        return []
    named = set(ReportJob.objects.exclude(file="").values_list("file", flat=True))
    orphans = []
    for folder in sorted(f for f in folders if YEAR_FOLDER.match(f)):
        for name in storage.listdir(f"{FILE_FOLDER}/{folder}")[1]:
            path = f"{FILE_FOLDER}/{folder}/{name}"
            if path not in named and storage.get_modified_time(path) < before:
                orphans.append(path)
    return orphans


def report_jobs_clean_up(*, now: dt.datetime | None = None, dry_run: bool = False) -> CleanupResult:
    """Apply the stale rule, then remove the jobs requested before the retention period and their files, and
    orphaned files of the same age. Each job goes in its own transaction with a PURGE audit entry (its request
    was audited); its file is deleted after that, so a failure leaves at worst an orphan for the next run.
    `dry_run` counts only and changes nothing."""
    now = now or timezone.now()
    cutoff = now - retention_period()
    old = ReportJob.objects.filter(created_at__lt=cutoff)
    # Still pending and showing progress: a job that runs right now, whatever its age.
    old = old.exclude(pk__in=old.filter(status__in=PENDING, updated_at__gte=now - stale_after()).values("pk"))
    storage = ReportJob._meta.get_field("file").storage
    orphans = _orphaned_files(storage, before=cutoff)
    if dry_run:
        with_files = old.exclude(file="").count()
        return CleanupResult(
            stale=_stale(ReportJob.objects.all(), now).count(),
            jobs=old.count(),
            files=with_files,
            orphans=len(orphans),
        )
    stale = report_jobs_fail_stale(now=now)
    removed = files = 0
    days = retention_period().days
    for job in old.order_by("pk"):
        name = job.file.name
        with transaction.atomic():
            audit_record(
                actor=None,
                action=AuditEntry.Action.PURGE,
                instance=job,
                changes={"status": job.status, "file": name or "", "retention_days": days},
            )
            job.delete()
        removed += 1
        if name and storage.exists(name):
            storage.delete(name)
            files += 1
    for path in orphans:
        storage.delete(path)
    return CleanupResult(stale=stale, jobs=removed, files=files, orphans=len(orphans))
