"""`manage.py apply_retention [--dry-run] [--office ID]`: delete or anonymise what is due (DOMAIN.md §9).

Meant to run daily from the scheduler (cron or Celery beat). Runs every rule of
`kisa.core.retention.retention_rules()` for every youth office (or one), with the office's own periods,
and writes a DeletionLog entry per rule that removed something: record type, action, count, when, by
which command. Never content. `--dry-run` only lists what would go and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kisa.cases.services import retention_apply
from kisa.registry.models import YouthOffice


class Command(BaseCommand):
    help = "Delete or anonymise records whose retention period has passed, and log counts (never content)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would go; change nothing.")
        parser.add_argument("--office", type=int, help="Only this youth office (id); default: every office.")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help="Reference day (YYYY-MM-DD) instead of today, e.g. to preview a coming run.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        offices = YouthOffice.objects.order_by("pk")
        if options["office"] is not None:
            offices = offices.filter(pk=options["office"])
            if not offices.exists():
                raise CommandError(f"No youth office with id {options['office']}.")
        today = options["today"] or timezone.localdate()
        dry_run = options["dry_run"]
        verb = "would" if dry_run else "did"
        for office in offices:
            outcomes = retention_apply(
                youth_office=office, today=today, dry_run=dry_run, command="apply_retention"
            )
            for outcome in outcomes:
                self.stdout.write(
                    f"{office.name}: {outcome.rule.record_type} ({outcome.months} months, before "
                    f"{outcome.cutoff:%Y-%m-%d}): {verb} {outcome.rule.action} {outcome.count}"
                )
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
