"""Response times of the activity statistics and a worker's "my month" page with 1,000,000 activities.

    .venv/bin/python benchmarks/documentation.py                       # SQLite (var/bench_documentation.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kisa_documentation .venv/bin/python benchmarks/documentation.py

Builds a fresh test database, loads the Mayen-Koblenz demo (40 social workers, ~28,000
activities since 1 January of last year), then bulk-creates activities of the same 40 workers over ten years up to 1,000,000 in all
(~100,000 a year, each with its Kita and 0-2 topics), and requests each page as a logged-in user: median
and 95th percentile of the response time and the number of queries. Target: median under 300 ms.
"""

from __future__ import annotations

import datetime as dt
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
from django.utils import timezone  # noqa: E402

from kisa.documentation.models import Activity, ActivityFigure, ActivityType, Dimension, Topic  # noqa: E402
from kisa.documentation.services import figures_rebuild  # noqa: E402
from kisa.registry.models import Assignment, StaffMember, YouthOffice  # noqa: E402

TOTAL = int(os.environ.get("BENCH_ACTIVITIES", "1000000"))
YEARS = 10
CHUNK = 20_000
REPEAT = 20


def build_database() -> str:
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(ROOT / "var" / "bench_documentation.sqlite3")
    setup_test_environment()
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)


def add_activities(count: int) -> None:
    """`count` more activities of the demo office's workers, spread over the last ten years."""
    rng = random.Random(7)  # noqa: S311 - reproducible synthetic data, not security
    office = YouthOffice.objects.get(name__startswith="Kreisjugendamt Mayen")
    workers = list(
        StaffMember.objects.filter(youth_office=office, function=StaffMember.Function.SOCIAL_WORKER)
    )
    kitas = {w.pk: [] for w in workers}
    for assignment in Assignment.objects.filter(staff_member__in=workers):
        kitas[assignment.staff_member_id].append(assignment.kita_id)
    types = {d: list(ActivityType.objects.filter(youth_office=office, dimension=d)) for d in Dimension.values}
    topic_ids = list(Topic.objects.filter(youth_office=office).values_list("pk", flat=True))
    dimensions = list(Dimension.values)
    weights = [42, 14, 18, 14, 12]
    end = timezone.localdate()
    span = 365 * YEARS
    made = 0
    while made < count:
        size = min(CHUNK, count - made)
        rows = []
        for _ in range(size):
            worker = workers[rng.randrange(len(workers))]
            dimension = rng.choices(dimensions, weights=weights)[0]
            rows.append(
                Activity(
                    youth_office=office,
                    client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    worker=worker,
                    date=end - dt.timedelta(days=rng.randrange(span)),
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
                    if a.dimension != Dimension.ORGANISATION and kitas[a.worker_id]
                ),
                batch_size=5000,
            )
            Activity.topics.through.objects.bulk_create(
                (
                    Activity.topics.through(activity_id=a.pk, topic_id=t)
                    for a in rows
                    for t in rng.sample(topic_ids, rng.randint(0, 2))
                ),
                batch_size=5000,
            )
        made += size
    # Bulk-created rows bypass the services, which keep the monthly figures: recompute them once.
    figures_rebuild(youth_office=office)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


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
    return statistics.median(timings), statistics.quantiles(timings, n=20)[18], len(queries)


def pages() -> dict[str, list[str]]:
    year = timezone.localdate().year
    stats = [
        f"/api/v1/stats/activities?group_by={g}&year={year}"
        for g in ("dimension", "kita", "type", "topic", "month")
    ]
    return {
        "koordination": [*stats, f"/dokumentation/statistik/?group_by=kita&year={year}", "/dokumentation/"],
        "jha": [f"/api/v1/stats/activities?group_by=dimension&year={year}"],
        "fachkraft1": [
            "/dokumentation/meine-zeit/",
            "/dokumentation/meine-zeit/?period=week",
            "/dokumentation/",
            "/api/v1/activities",
            f"/api/v1/stats/activities?group_by=month&year={year}",
        ],
    }


def main() -> None:
    started = time.perf_counter()
    name = build_database()
    with Path(os.devnull).open("w") as quiet:
        call_command("load_demo", force=True, stdout=quiet)
    add_activities(TOTAL - Activity.objects.count())
    settings.ALLOWED_HOSTS = ["testserver"]
    print(f"database: {connection.vendor} ({name}), built in {time.perf_counter() - started:.1f} s")
    print(
        f"rows: {Activity.objects.count():,} activities of "
        f"{Activity.objects.values('worker').distinct().count()} workers, "
        f"{Activity.kitas.through.objects.count():,} activity-Kita links, "
        f"{Activity.topics.through.objects.count():,} activity-topic links, "
        f"{ActivityFigure.objects.count():,} monthly figure rows"
    )
    print(f"{'user':<13} {'page':<55} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for username, urls in pages().items():
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for url in urls:
            median, p95, queries = measure(client, url)
            print(f"{username:<13} {url:<55} {median:>10.1f} {p95:>8.1f} {queries:>8}", flush=True)
    connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
