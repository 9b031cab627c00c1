"""Response times of the registry's pages and API at demo and at state scale.

    make bench                                   # SQLite (var/bench.sqlite3, rebuilt each run)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kisa make bench   # PostgreSQL (database test_kisa)

Builds a fresh database, loads the Mayen-Koblenz demo through the services, adds 40 synthetic youth
offices with their own districts (2,300 municipalities, ~2,500 Kitas, ~1,400 workers in all, bulk-created:
this measures reads, not writes), then requests each page as a logged-in user and prints the median and
95th percentile of the response time and the number of database queries per request.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from kisa.registry.models import (  # noqa: E402
    Assignment,
    District,
    Kita,
    Municipality,
    Provider,
    ResponsibilityArea,
    StaffMember,
    YouthOffice,
)

SYNTHETIC_OFFICES = 40
MUNICIPALITIES_PER_OFFICE = 55
KITAS_PER_OFFICE = 60
WORKERS_PER_OFFICE = 35
REPEAT = 30


def build_database() -> str:
    """A fresh database: the test database of the configured one, so production data is never touched."""
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(ROOT / "var" / "bench.sqlite3")
    setup_test_environment()
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)


def add_synthetic_offices() -> None:
    rng = random.Random(41)  # noqa: S311 - reproducible synthetic data, not security
    reference = dt.date(2021, 12, 31)
    for n in range(SYNTHETIC_OFFICES):
        district = District.objects.create(key=f"{8000 + n:05d}", name=f"Landkreis Synthetisch {n}")
        office = YouthOffice.objects.create(name=f"Kreisjugendamt Synthetisch {n}", district=district)
        municipalities = Municipality.objects.bulk_create(
            Municipality(
                ags=f"{district.key}{i:03d}",
                name=f"Gemeinde {n}-{i}",
                kind=Municipality.Kind.LOCAL,
                district=district,
                area_km2=Decimal(rng.randint(300, 3000)) / 100,
                area_date=reference,
                population=rng.randint(200, 20000),
                population_date=reference,
                latitude=Decimal("50.30000"),
                longitude=Decimal("7.30000"),
            )
            for i in range(MUNICIPALITIES_PER_OFFICE)
        )
        ResponsibilityArea.objects.bulk_create(
            ResponsibilityArea(youth_office=office, municipality=m, valid_from=dt.date(2021, 7, 1))
            for m in municipalities
        )
        providers = Provider.objects.bulk_create(
            Provider(youth_office=office, name=f"Träger {n}-{i}", kind=Provider.Kind.CHURCH)
            for i in range(10)
        )
        kitas = Kita.objects.bulk_create(
            Kita(
                youth_office=office,
                number=f"S{n}-{i}",
                name=f"Kita {n}-{i}",
                municipality=rng.choice(municipalities),
                provider=rng.choice(providers),
                approved_places=rng.randrange(40, 130, 5),
            )
            for i in range(KITAS_PER_OFFICE)
        )
        workers = StaffMember.objects.bulk_create(
            StaffMember(
                youth_office=office,
                first_name="Fachkraft",
                last_name=f"{n}-{i}",
                function=StaffMember.Function.SOCIAL_WORKER,
                employer=rng.choice(providers),
                weekly_hours=Decimal("39.0"),
            )
            for i in range(WORKERS_PER_OFFICE)
        )
        Assignment.objects.bulk_create(
            Assignment(
                youth_office=office,
                staff_member=workers[i % len(workers)],
                kita=kita,
                weekdays=[1 + i % 5],
                hours_per_week=Decimal("8.0"),
                valid_from=dt.date(2021, 7, 1),
            )
            for i, kita in enumerate(kitas)
        )


def measure(client: Client, url: str) -> tuple[float, float, int]:
    client.get(url)  # warm caches and connections
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), statistics.quantiles(timings, n=20)[18], len(queries)


PAGES = {
    "koordination": [
        "/",
        "/register/uebersicht/",
        "/register/kitas/",
        "/register/gemeinden/",
        "/register/personal/",
        "/register/zustaendigkeiten/",
        "/api/v1/overview",
        "/api/v1/kitas",
        "/api/v1/municipalities",
        "/api/v1/staff",
        "/api/v1/assignments",
    ],
    "fachkraft1": ["/", "/register/kitas/", "/api/v1/kitas"],
    "jha": ["/", "/api/v1/overview"],
}


def main() -> None:
    started = time.perf_counter()
    name = build_database()
    with Path(os.devnull).open("w") as quiet:
        call_command("load_demo", force=True, stdout=quiet)
    add_synthetic_offices()
    settings.ALLOWED_HOSTS = ["testserver"]
    print(f"database: {connection.vendor} ({name}), built in {time.perf_counter() - started:.1f} s")
    print(
        f"rows: {YouthOffice.objects.count()} youth offices, {Municipality.objects.count()} municipalities, "
        f"{Kita.objects.count()} Kitas, {StaffMember.objects.count()} staff, "
        f"{Assignment.objects.count()} assignments"
    )
    print(f"{'user':<13} {'page':<30} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    from django.contrib.auth import get_user_model

    for username, urls in PAGES.items():
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for url in urls:
            median, p95, queries = measure(client, url)
            print(f"{username:<13} {url:<30} {median:>10.1f} {p95:>8.1f} {queries:>8}")
    connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
