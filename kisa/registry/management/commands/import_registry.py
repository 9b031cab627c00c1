from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kisa.accounts.selectors import membership_of
from kisa.registry.forms_import import ImportKind
from kisa.registry.imports import registry_import
from kisa.registry.models import YouthOffice


class Command(BaseCommand):
    help = (
        "Import municipalities, responsibility-area periods or Kitas from a CSV or XLSX file (column layout: "
        "docs/import.md). Writes nothing if any row has an error. Run by an operator, so no role is "
        "required; --user only names the author in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file", type=Path)
        parser.add_argument("--office", required=True, help="Name of the importing youth office.")
        parser.add_argument(
            "--user", help="Member of the office recorded as the author in the audit trail (default: system)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file only; write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        office = YouthOffice.objects.select_related("district").filter(name=options["office"]).first()
        if office is None:
            raise CommandError(f"No youth office named {options['office']!r}.")
        actor = self._actor(options["user"], office)
        path: Path = options["file"]
        try:
            with path.open("rb") as file:
                result = registry_import(
                    kind=options["kind"],
                    file=file,
                    filename=path.name,
                    youth_office=office,
                    actor=actor,
                    dry_run=options["dry_run"],
                )
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        for error in result.errors:
            self.stderr.write(str(error))
        if not result.ok:
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        self.stdout.write(result.summary)
        if result.created_associations:
            self.stdout.write(f"New municipal associations: {', '.join(result.created_associations)}")
        if result.dry_run:
            self.stdout.write("Dry run: nothing was written.")

    def _actor(self, username: str | None, office: YouthOffice) -> Any:
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        membership = membership_of(user)
        if membership is None or membership.youth_office_id != office.pk:
            raise CommandError(f"{username!r} is not a member of {office.name}.")
        return user
