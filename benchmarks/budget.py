"""Response times of the budget pages, API and the evidence-of-use report at demo scale.

    .venv/bin/python benchmarks/budget.py                                         # SQLite (var/bench_budget.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kisa .venv/bin/python benchmarks/budget.py   # PostgreSQL

Builds a fresh test database, loads the Mayen-Koblenz demo (98 Kitas, 40 positions, 2025 with a year of
bookings), then requests each page as the coordinator (and the overview as a worker and the committee) and
prints median and 95th percentile of the response time and the queries per request; then times the report
generation (PDF, XLSX) directly.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from kisa.budget import reports  # noqa: E402
from kisa.budget.models import Allocation, Booking, BudgetYear, StaffPosition  # noqa: E402

REPEAT = 15
PAGES = {
    "koordination": [
        "/budget/",
        "/budget/2025/",
        "/budget/2025/verteilung/",
        "/budget/2025/personal/",
        "/budget/2025/buchungen/",
        "/budget/2025/buchungen/?category=material",
        "/api/v1/budget/years",
        "/api/v1/budget/years/2025",
        "/api/v1/budget/years/2025/bookings",
    ],
    "fachkraft1": ["/budget/2025/", "/budget/2025/buchungen/", "/api/v1/budget/years/2025"],
    "jha": ["/budget/2025/", "/api/v1/budget/years/2025"],
}
DOWNLOADS = ["/budget/2025/verwendungsnachweis.pdf", "/budget/2025/verwendungsnachweis.xlsx"]


def build_database() -> str:
    """A fresh database: the test database of the configured one, so production data is never touched."""
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(ROOT / "var" / "bench_budget.sqlite3")
    setup_test_environment()
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)


def timed(action: object, repeat: int = REPEAT) -> tuple[float, float]:
    action()  # type: ignore[operator]  # warm caches and connections
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), statistics.quantiles(timings, n=20)[18]


def measure(client: Client, url: str, repeat: int = REPEAT) -> tuple[float, float, int]:
    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")

    median, p95 = timed(get, repeat)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return median, p95, len(queries)


def main() -> None:
    started = time.perf_counter()
    name = build_database()
    with Path(os.devnull).open("w") as quiet:
        call_command("load_demo", force=True, stdout=quiet)
    settings.ALLOWED_HOSTS = ["testserver"]
    print(f"database: {connection.vendor} ({name}), built in {time.perf_counter() - started:.1f} s")
    print(
        f"rows: {BudgetYear.objects.count()} budget years, {Allocation.objects.count()} allocations, "
        f"{StaffPosition.objects.count()} staff positions, {Booking.objects.count()} bookings"
    )
    print(f"{'user':<13} {'page':<45} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for username, urls in PAGES.items():
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for url in urls:
            median, p95, queries = measure(client, url)
            print(f"{username:<13} {url:<45} {median:>10.1f} {p95:>8.1f} {queries:>8}")
        if username == "koordination":
            for url in DOWNLOADS:
                median, p95, queries = measure(client, url, repeat=5)
                print(f"{username:<13} {url:<45} {median:>10.1f} {p95:>8.1f} {queries:>8}")

    year = BudgetYear.objects.get(year=2025)
    data = reports.evidence_of_use_data(youth_office=year.youth_office, year=2025, budget_year=year)
    print("\nreport generation alone (2025, demo office):")
    for label, build in (
        (
            "collect figures",
            lambda: reports.evidence_of_use_data(youth_office=year.youth_office, year=2025, budget_year=year),
        ),
        ("render PDF", lambda: reports.evidence_of_use_pdf(data)),
        ("render XLSX", lambda: reports.evidence_of_use_xlsx(data)),
    ):
        median, p95 = timed(build, repeat=5)
        print(f"  {label:<20} median {median:>8.1f} ms, p95 {p95:>8.1f} ms")
    print(
        f"  PDF {len(reports.evidence_of_use_pdf(data)) / 1024:.0f} KiB, XLSX {len(reports.evidence_of_use_xlsx(data)) / 1024:.0f} KiB"
    )
    connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
