"""`manage.py escalate_overdue_feedback`: run daily (cron/systemd timer) to escalate overdue feedback."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kisa.participation.services import feedback_escalate_overdue


class Command(BaseCommand):
    help = "Escalate feedback that is still open after its due date to the Kita's provider."

    def handle(self, *args: Any, **options: Any) -> None:
        count = feedback_escalate_overdue()
        self.stdout.write(f"{count} overdue feedback item(s) escalated to the provider.")
