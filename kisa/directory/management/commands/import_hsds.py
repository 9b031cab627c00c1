"""`manage.py import_hsds <file>`: load an HSDS data package (zip with CSV tables, or JSON) into a directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kisa.directory.hsds import HsdsError, import_package
from kisa.directory.management.commands._office import add_office_argument, office_from


class Command(BaseCommand):
    help = "Import an HSDS data package; every row is checked first and nothing is written on any error."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="datapackage zip (CSV tables) or JSON data package")
        add_office_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        office = office_from(options["office"])
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            summary = import_package(actor=None, youth_office=office, source=path.read_bytes())
        except HsdsError as error:
            raise CommandError(f"Nothing was imported. Errors:\n{error}") from error
        self.stdout.write(f"Imported into {office}: {summary}")
