"""`manage.py export_hsds <file>`: write the directory as an HSDS data package (.zip with CSV, or .json)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kisa.directory.hsds import export_json, export_zip
from kisa.directory.management.commands._office import add_office_argument, office_from


class Command(BaseCommand):
    help = "Export the offer directory as an HSDS data package (.json: inline JSON, otherwise zip with CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        add_office_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        office = office_from(options["office"])
        path = Path(options["path"])
        data = export_json(youth_office=office) if path.suffix == ".json" else export_zip(youth_office=office)
        path.write_bytes(data)
        self.stdout.write(f"Wrote {path} ({len(data)} bytes).")
