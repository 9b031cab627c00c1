"""`manage.py cleanup_report_jobs [--dry-run]`: run daily (cron or systemd timer, docs/reports.md).

Marks stale report jobs failed (a process that died left them queued or running), then removes the jobs
requested more than `KISA_REPORT_JOB_RETENTION_DAYS` days ago (default 30) with their files, and files of the
reports folder that no job names. Prints counts only.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kisa.reports.jobs import report_jobs_clean_up, retention_period


class Command(BaseCommand):
    help = "Fail stale report jobs and remove report jobs and their files past the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would go; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        result = report_jobs_clean_up(dry_run=dry_run)
        verb = "would be" if dry_run else "were"
        days = retention_period().days
        self.stdout.write(f"{result.stale} stale report job(s) {verb} marked failed.")
        self.stdout.write(
            f"{result.jobs} report job(s) older than {days} days {verb} removed, with {result.files} file(s)."
        )
        self.stdout.write(f"{result.orphans} file(s) without a job {verb} removed.")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
