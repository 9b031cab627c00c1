"""Background jobs of the reports app (Celery with Redis when configured; see jobs.py for the runners)."""

from __future__ import annotations

from celery import shared_task


@shared_task
def run_report_job(job_id: int) -> None:
    """Generate a queued report job's file (kisa.reports.jobs.job_run)."""
    from kisa.reports.jobs import job_run

    job_run(job_id)
