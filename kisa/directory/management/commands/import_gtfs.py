"""`manage.py import_gtfs <zip>`: make a GTFS feed the current timetable (the previous one stays on error)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kisa.directory.gtfs import GtfsError
from kisa.directory.services import gtfs_feed_import


class Command(BaseCommand):
    help = "Import a GTFS feed (zip); errors name file, row and field, and the previous feed is kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--name", help="Name shown for the feed (default: the file name).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        started = time.monotonic()
        try:
            with path.open("rb") as source:
                feed = gtfs_feed_import(actor=None, source=source, name=options["name"] or path.name)
        except GtfsError as error:
            raise CommandError(
                f"Feed not imported, the previous one is still current. Errors:\n{error}"
            ) from error
        self.stdout.write(
            f"Imported {feed} ({feed.stops.count()} stops, {feed.trips.count()} trips"
            f"{', SYNTHETIC' if feed.is_synthetic else ''}) in {time.monotonic() - started:.1f} s."
        )
