"""Response time of the dashboard and computing time of the annual report's figures at state scale.

    .venv/bin/python benchmarks/reports.py                       # SQLite (var/bench_reports.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kisa_bench_reports .venv/bin/python benchmarks/reports.py
    BENCH_KEEP=1 ...                                              # keep the built database for the next run

Builds a fresh test database, loads the Mayen-Koblenz demo, adds 40 synthetic youth offices as
benchmarks/registry_pages.py does (~2,500 Kitas in all), then bulk-creates activities up to 1,000,000 in all,
spread evenly over the 41 offices and the years 2024 and 2025 (each with one Kita of its worker's assignments
and 0–2 topics), and recomputes the monthly figures of the offices measured. Prints the dashboard's median
and p95 (ms) for the coordinator of one synthetic office over REPEAT requests through the test client (page and
API), the time to compute the annual report's figures (2025, whole office) for the demo office and for
that synthetic office, and for both the time to generate the report file from those figures in each format
(PDF, DOCX, XLSX, through the renderers the report job uses; median of 3) with the file's size.
Target: dashboard median under 500 ms on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import translation  # noqa: E402

from kisa.accounts.models import Membership, Role  # noqa: E402
from kisa.documentation.models import Activity, ActivityType, Dimension, Topic  # noqa: E402
from kisa.documentation.services import figures_rebuild  # noqa: E402
from kisa.registry.models import Assignment, Kita, StaffMember, YouthOffice  # noqa: E402
from kisa.reports import renderers  # noqa: E402
from kisa.reports.annual import annual_report  # noqa: E402
from kisa.reports.models import ReportJob  # noqa: E402

TOTAL = int(os.environ.get("BENCH_ACTIVITIES", "1000000"))
CHUNK = 20_000
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
FILE_REPEAT = 3
YEAR = 2025
# BENCH_KEEP=1: keep the built database and reuse it on the next run (building takes ~20 minutes).
KEEP = os.environ.get("BENCH_KEEP") == "1"


def _registry_bench() -> object:
    spec = importlib.util.spec_from_file_location("registry_pages", ROOT / "benchmarks" / "registry_pages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_database() -> str:
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(ROOT / "var" / "bench_reports.sqlite3")
    setup_test_environment()
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=KEEP)


def add_activities(count: int) -> None:
    """`count` activities spread evenly over every office's social workers, dates in 2024 and 2025."""
    rng = random.Random(7)  # noqa: S311 - reproducible synthetic data, not security
    offices = list(YouthOffice.objects.order_by("pk"))
    per_office = count // len(offices)
    start = dt.date(YEAR - 1, 1, 1)
    span = (dt.date(YEAR, 12, 31) - start).days + 1
    dimensions = list(Dimension.values)
    weights = [42, 14, 18, 14, 12]
    for office in offices:
        types = {}
        for d in dimensions:
            types[d] = list(ActivityType.objects.filter(youth_office=office, dimension=d)) or [
                ActivityType.objects.create(youth_office=office, dimension=d, name=f"Typ {d}")
            ]
        topic_ids = list(Topic.objects.filter(youth_office=office).values_list("pk", flat=True)) or [
            Topic.objects.create(youth_office=office, name=f"Thema {i}").pk for i in range(6)
        ]
        workers = list(
            StaffMember.objects.filter(youth_office=office, function=StaffMember.Function.SOCIAL_WORKER)
        )
        kitas: dict[int, list[int]] = {w.pk: [] for w in workers}
        for assignment in Assignment.objects.filter(staff_member__in=workers):
            kitas[assignment.staff_member_id].append(assignment.kita_id)
        workers = [w for w in workers if kitas[w.pk]]
        made = 0
        while made < per_office:
            size = min(CHUNK, per_office - made)
            rows = []
            for _ in range(size):
                dimension = rng.choices(dimensions, weights=weights)[0]
                rows.append(
                    Activity(
                        youth_office=office,
                        client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        worker=workers[rng.randrange(len(workers))],
                        date=start + dt.timedelta(days=rng.randrange(span)),
                        duration_minutes=rng.randrange(15, 136, 15),
                        dimension=dimension,
                        activity_type=rng.choice(types[dimension]),
                        adults=rng.randint(0, 6),
                        children=rng.randint(0, 4),
                        professionals=rng.randint(0, 3),
                    )
                )
            with transaction.atomic():
                Activity.objects.bulk_create(rows, batch_size=2000)
                Activity.kitas.through.objects.bulk_create(
                    (
                        Activity.kitas.through(activity_id=a.pk, kita_id=rng.choice(kitas[a.worker_id]))
                        for a in rows
                        if a.dimension != Dimension.ORGANISATION
                    ),
                    batch_size=5000,
                )
                Activity.topics.through.objects.bulk_create(
                    (
                        Activity.topics.through(activity_id=a.pk, topic_id=t)
                        for a in rows
                        for t in rng.sample(topic_ids, min(len(topic_ids), rng.randint(0, 2)))
                    ),
                    batch_size=5000,
                )
            made += size


def coordinator_of(office: YouthOffice) -> object:
    user, created = get_user_model().objects.get_or_create(username=f"bench-{office.pk}")
    if created:
        Membership.objects.create(user=user, youth_office=office, role=Role.COORDINATOR)
    return user


def measure(client: Client, url: str) -> tuple[float, float, int]:
    client.get(url)
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
    for query in slowest:
        print(f"    slowest query {float(query['time']) * 1000:.1f} ms: {query['sql'][:150]}")
    return statistics.median(timings), statistics.quantiles(timings, n=20)[18], len(queries)


def time_annual(user: object, repeat: int = 5) -> tuple[float, int]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        annual_report(user=user, year=YEAR, territory_key="office")
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        annual_report(user=user, year=YEAR, territory_key="office")
    return statistics.median(timings), len(queries)


def time_files(user: object) -> list[tuple[str, float, float]]:
    """(format, median ms, KB) of rendering the annual report file from its figures, as the job does it."""
    rows = []
    with translation.override(settings.LANGUAGE_CODE):  # the job renders in the site's language
        report = annual_report(user=user, year=YEAR, territory_key="office")
        for output_format in ReportJob.Format.values:
            timings, size = [], 0
            for _ in range(FILE_REPEAT):
                start = time.perf_counter()
                size = len(renderers.render(report, output_format))
                timings.append((time.perf_counter() - start) * 1000)
            rows.append((output_format, statistics.median(timings), size / 1024))
    return rows


def main() -> None:
    started = time.perf_counter()
    name = build_database()
    if not (KEEP and Activity.objects.count() >= TOTAL * 0.99):
        with Path(os.devnull).open("w") as quiet:
            if KEEP:
                call_command("flush", interactive=False, stdout=quiet)  # a run stopped halfway: start again
            call_command("load_demo", force=True, stdout=quiet)
        _registry_bench().add_synthetic_offices()  # type: ignore[attr-defined]
        add_activities(TOTAL - Activity.objects.count())
    demo = YouthOffice.objects.get(name__startswith="Kreisjugendamt Mayen")
    synthetic = (
        YouthOffice.objects.filter(name__startswith="Kreisjugendamt Synthetisch").order_by("pk").first()
    )
    assert synthetic is not None
    for office in (demo, synthetic):
        figures_rebuild(youth_office=office)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    settings.ALLOWED_HOSTS = ["testserver"]
    print(f"database: {connection.vendor} ({name}), built in {time.perf_counter() - started:.1f} s")
    print(
        f"rows: {YouthOffice.objects.count()} youth offices, {Kita.objects.count():,} Kitas, "
        f"{Activity.objects.count():,} activities, {Activity.kitas.through.objects.count():,} activity-Kita links; "
        f"{synthetic}: {Activity.objects.filter(youth_office=synthetic, date__year=YEAR).count():,} activities "
        f"in {YEAR}"
    )
    user = coordinator_of(synthetic)
    client = Client()
    client.force_login(user)
    print(
        f"{'dashboard (coordinator of ' + str(synthetic) + ')':<60} {'median ms':>10} {'p95 ms':>8} {'queries':>8}"
    )
    for url in (f"/berichte/?year={YEAR}", f"/api/v1/reports/dashboard?year={YEAR}"):
        median, p95, queries = measure(client, url)
        print(f"{url:<60} {median:>10.1f} {p95:>8.1f} {queries:>8}", flush=True)
    demo_user = get_user_model().objects.get(username="koordination")
    offices = ((f"demo office ({demo})", demo_user), (f"state-scale office ({synthetic})", user))
    for label, who in offices:
        median, queries = time_annual(who)
        print(f"annual report figures {YEAR}, {label}: median {median:.1f} ms over 5, {queries} queries")
    print(
        f"{'annual report file ' + str(YEAR) + ' (rendering only)':<60} {'format':>6} {'median ms':>10} {'KB':>8}"
    )
    for label, who in offices:
        for output_format, median, kilobytes in time_files(who):
            print(f"{label:<60} {output_format:>6} {median:>10.1f} {kilobytes:>8.1f}", flush=True)
    if not KEEP:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
