"""Report jobs: asking for the annual report (validated, audited) and generating it in the background.

`request_annual_report` stores a queued job and hands it to the runner named by `settings.KISA_REPORT_RUNNER`:

- "celery": the Celery task (Redis worker), started once the request's transaction is committed;
- "thread": an in-process daemon thread, also started on commit, so the request returns at once and the job
  page shows the progress (the zero-setup default); the thread closes its database connection at the end;
- "inline": at once, in the caller (tests).

`job_run` computes the figures as the requester (so the report shows only what they may see, always
suppressed), renders the file and stores it; the job page follows `progress` and `step`. A failure leaves
the job FAILED with a short message and no file.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kisa.core.audit import audit_record
from kisa.core.models import AuditEntry
from kisa.reports import figures
from kisa.reports.models import ReportJob

logger = logging.getLogger(__name__)

FIRST_YEAR = 2000


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


def _set(job_id: int, **fields: Any) -> None:
    """Record progress at once (outside any transaction), so the job page shows it while the job runs."""
    ReportJob.objects.filter(pk=job_id).update(**fields, updated_at=timezone.now())


def file_name(job: ReportJob) -> str:
    """The download's name, e.g. `jahresbericht-2025-office.pdf`."""
    return f"{slugify(_('annual report'))}-{job.year}-{slugify(job.territory)}.{job.output_format}"


def job_run(job_id: int) -> None:
    """Generate the job's file: RUNNING with progress steps, then DONE with the stored file, or FAILED with a
    short message and no file."""
    from kisa.reports import annual, renderers

    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.status not in (ReportJob.Status.QUEUED, ReportJob.Status.FAILED):
        return  # already running or done (a task delivered twice)
    with translation.override(settings.LANGUAGE_CODE):
        _set(
            job_id,
            status=ReportJob.Status.RUNNING,
            progress=10,
            step=_("Computing the figures"),
            error="",
            started_at=timezone.now(),
        )
        stored = None
        try:
            report = annual.annual_report(user=job.requested_by, year=job.year, territory_key=job.territory)
            _set(
                job_id,
                progress=60,
                step=_("Rendering the %(format)s file") % {"format": job.output_format.upper()},
            )
            content = renderers.render(report, job.output_format)
            stored = job.file.storage.save(
                job.file.field.generate_filename(job, file_name(job)), ContentFile(content)
            )
            _set(
                job_id,
                status=ReportJob.Status.DONE,
                progress=100,
                step=_("Stored"),
                file=stored,
                finished_at=timezone.now(),
            )
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
