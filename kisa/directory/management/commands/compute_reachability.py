"""`manage.py compute_reachability`: recompute stored reachability now (normally a background task)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kisa.directory.services import reachability_compute
from kisa.registry.models import YouthOffice


class Command(BaseCommand):
    help = "Recompute reachability of every municipality and Kita to the nearest offer of each category."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--office", help="Name or id of one youth office (default: all).")

    def handle(self, *args: Any, **options: Any) -> None:
        offices = YouthOffice.objects.all()
        if options["office"]:
            value = options["office"]
            offices = offices.filter(pk=int(value)) if value.isdigit() else offices.filter(name=value)
        for office in offices:
            started = time.monotonic()
            rows = reachability_compute(youth_office=office)
            self.stdout.write(f"{office}: {rows} rows in {time.monotonic() - started:.1f} s.")
