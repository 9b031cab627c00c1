"""Response times of the participation pages and API with several years of feedback.

    .venv/bin/python benchmarks/participation.py            # SQLite (var/bench_participation.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kisa .venv/bin/python benchmarks/participation.py

Builds a fresh database, loads the Mayen-Koblenz demo, adds synthetic feedback (bulk-created: this
measures reads, not writes), then requests each page and prints the median and 95th percentile of the
response time and the number of database queries per request.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from kisa.accounts.models import User  # noqa: E402
from kisa.participation.models import FeedbackItem  # noqa: E402
from kisa.participation.services import hash_receipt_code  # noqa: E402
from kisa.registry.models import Kita, YouthOffice  # noqa: E402

SYNTHETIC_ITEMS = 20_000
REPEAT = 20


def build_database() -> str:
    """A fresh database: the test database of the configured one, so production data is never touched."""
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(ROOT / "var" / "bench_participation.sqlite3")
    setup_test_environment()
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)


def add_feedback() -> None:
    rng = random.Random(9)  # noqa: S311 - reproducible synthetic data
    office = YouthOffice.objects.get()
    kitas = list(Kita.objects.filter(youth_office=office))
    today = timezone.localdate()
    items = []
    for n in range(SYNTHETIC_ITEMS):
        created = today - dt.timedelta(days=rng.randint(0, 3 * 365))
        answered = rng.random() < 0.7
        items.append(
            FeedbackItem(
                youth_office=office,
                kita=rng.choice(kitas),
                kind=rng.choice(FeedbackItem.Kind.values),
                topic=rng.choice(FeedbackItem.Topic.values),
                message="Synthetische Rückmeldung",
                receipt_code_hash=hash_receipt_code(f"BENCH{n:07d}"),
                routed_to_social_worker=rng.random() < 0.3,
                status="answered" if answered else "received",
                answer_text="Danke" if answered else "",
                answer_channel="published" if answered else "",
                answered_at=timezone.make_aware(
                    dt.datetime.combine(created + dt.timedelta(days=rng.randint(1, 20)), dt.time(12))
                )
                if answered
                else None,
                due_on=created + dt.timedelta(days=14),
            )
        )
    FeedbackItem.objects.bulk_create(items, batch_size=2000)


def measure(client: Client, url: str, method: str = "get") -> tuple[float, float, int]:
    timings = []
    queries = 0
    for _ in range(REPEAT):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = getattr(client, method)(url, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries


def main() -> None:
    build_database()
    with Path(os.devnull).open("w") as quiet:
        call_command("load_demo", force=True, stdout=quiet)
    add_feedback()
    kita = Kita.objects.order_by("pk").first()
    year = timezone.localdate().year
    pages = [
        ("kitaleitung1", "/beteiligung/eingang/"),
        ("fachkraft1", "/beteiligung/eingang/?status=open"),
        ("koordination", f"/beteiligung/auswertung/?year={year}"),
        ("koordination", f"/beteiligung/kitas/{kita.pk}/jahresbilanz/?year={year}"),
        ("kitaleitung1", "/api/v1/feedback"),
        (None, f"/beteiligung/k/{kita.pk}/?lang=tr"),
    ]
    print(f"{FeedbackItem.objects.count():,} feedback items, database {connection.vendor}")
    print(f"{'user':14} {'page':52} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for username, url in pages:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        median, p95, queries = measure(client, url)
        print(f"{username or 'anonymous':14} {url:52} {median:10.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
