"""`manage.py load_demo`: the Landkreis Mayen-Koblenz demo, one login per role, printed at the end.

Idempotent: every loader skips what exists, so running it again writes nothing new (demo passwords are
set again). Refuses to run when DEBUG is off unless forced: demo accounts with a published password do not
belong on a production system.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kisa.accounts.demo import DemoAccountConflict, DemoLogin, load_accounts_demo
from kisa.documentation.demo import load_documentation_demo
from kisa.participation.demo import load_participation_demo
from kisa.registry.demo import DemoRegistry, load_registry_demo
from kisa.registry.models import StaffMember
from kisa.registry.selectors import TerritoryFigures, overview_for
from kisa.surveys.demo import load_surveys_demo

DEMO_URL = "http://127.0.0.1:8000/"


@dataclass
class DemoRun:
    """What the loader steps share: each step reads what earlier steps built and adds its own."""

    stdout: Any
    password: str
    registry: DemoRegistry | None = None
    logins: list[DemoLogin] = field(default_factory=list)


def load_registry(run: DemoRun) -> None:
    run.registry = load_registry_demo(stdout=run.stdout)


def load_accounts(run: DemoRun) -> None:
    assert run.registry is not None, "the registry step runs first"
    run.logins = load_accounts_demo(registry=run.registry, password=run.password)
    run.stdout.write(f"Accounts: {len(run.logins)} demo logins ready.\n")


def load_budget(run: DemoRun) -> None:
    from kisa.budget.demo import load_budget_demo

    assert run.registry is not None, "the registry step runs first"
    budget = load_budget_demo(registry=run.registry)
    years = ", ".join(f"{y.year} ({y.total:,.2f} €)" for y in budget.years)
    run.stdout.write(f"Budget: years {years}, {budget.bookings} bookings.\n")


def load_cases(run: DemoRun) -> None:
    from kisa.cases.demo import load_cases_demo

    assert run.registry is not None, "the registry step runs first"
    run.stdout.write(f"Cases: {load_cases_demo(registry=run.registry)} demo cases created.\n")


def load_directory(run: DemoRun) -> None:
    from kisa.directory.demo import load_directory_demo

    assert run.registry is not None, "the registry step runs first"
    load_directory_demo(youth_office=run.registry.youth_office, stdout=run.stdout)


def load_participation(run: DemoRun) -> None:
    assert run.registry is not None, "the registry step runs first"
    load_participation_demo(youth_office=run.registry.youth_office, stdout=run.stdout)


def load_surveys(run: DemoRun) -> None:
    assert run.registry is not None, "the registry step runs first"
    load_surveys_demo(registry=run.registry, stdout=run.stdout)


def load_planning(run: DemoRun) -> None:
    from kisa.planning.demo import load_planning_demo

    assert run.registry is not None, "the registry step runs first"
    load_planning_demo(registry=run.registry, stdout=run.stdout)


def load_family_centres(run: DemoRun) -> None:
    from kisa.family_centres.demo import load_family_centres_demo

    assert run.registry is not None, "the registry step runs first"
    load_family_centres_demo(youth_office=run.registry.youth_office, stdout=run.stdout)


def load_reports(run: DemoRun) -> None:
    from kisa.reports.demo import load_reports_demo

    assert run.registry is not None, "the registry step runs first"
    load_reports_demo(registry=run.registry, stdout=run.stdout)


def load_documentation(run: DemoRun) -> None:
    assert run.registry is not None, "the registry step runs first"
    load_documentation_demo(registry=run.registry, stdout=run.stdout)


# In order.
STEPS: tuple[Callable[[DemoRun], None], ...] = (
    load_registry,
    load_accounts,
    load_cases,
    load_directory,  # before documentation: demo referrals point to demo offers
    load_documentation,
    load_budget,
    load_participation,
    load_surveys,
    load_planning,  # after surveys and documentation: plans answer demo findings, projects link activities
    load_family_centres,
    load_reports,  # last: activity reports and project costs refer to plans, bookings and documented work
)


def _figures_line(figures: TerritoryFigures) -> str:
    date = f"{figures.reference_date:%d.%m.%Y}" if figures.reference_date else "no date"
    return (
        f"{figures.label}: {figures.municipalities} municipalities, {figures.area_km2:,.2f} km², "
        f"{figures.inhabitants:,} inhabitants ({date}), {figures.kitas} Kitas, {figures.places:,} places"
    )


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]


class Command(BaseCommand):
    help = "Load the Mayen-Koblenz demo data and one login per role (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Load even though DEBUG is off (a production configuration)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off, so this looks like a production configuration: demo data and demo logins "
                "with a published password do not belong there. Use --force to load them anyway."
            )
        started = time.monotonic()
        run = DemoRun(stdout=self.stdout, password=settings.KISA_DEMO_PASSWORD)
        try:
            with transaction.atomic():
                for step in STEPS:
                    step(run)
        except (ValidationError, DemoAccountConflict) as error:
            raise CommandError(f"Demo data rejected, nothing was loaded: {error}") from error
        self._summary(run)
        self._logins(run.logins)
        self.stdout.write(f"\nLoaded in {time.monotonic() - started:.1f} s. Open {DEMO_URL} and log in.")

    def _summary(self, run: DemoRun) -> None:
        assert run.registry is not None
        office = run.registry.youth_office
        overview = overview_for(youth_office=office)
        workers = StaffMember.objects.filter(
            youth_office=office, function=StaffMember.Function.SOCIAL_WORKER, is_active=True
        ).count()
        self.stdout.write("")
        self.stdout.write(_figures_line(overview.district))
        self.stdout.write(_figures_line(overview.responsibility_area))
        self.stdout.write(f"Staff: {workers} Kita social workers, coordinator {run.registry.coordinator}")

    def _logins(self, logins: list[DemoLogin]) -> None:
        self.stdout.write("\nDemo logins (password from DEMO_PASSWORD):")
        rows = [("username", "role", "password", "sees")]
        rows += [(login.username, login.role, login.password, login.sees) for login in logins]
        for line in _table(rows):
            self.stdout.write(line)
