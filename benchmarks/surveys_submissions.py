"""A burst of anonymous survey submissions against a running server on PostgreSQL.

    .venv/bin/python benchmarks/surveys_submissions.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kisa_surveys_bench BENCH_WORKERS=3 ...

Creates a fresh PostgreSQL database (dropped first if it exists; default `kisa_surveys_bench`), migrates it,
creates one office, Kita, the parents' questionnaire and an open round, starts gunicorn on it, then lets
50 concurrent clients POST 500 responses to the public API (`/api/v1/surveys/rounds/{id}/responses`),
each carrying a unique marker in a free-text answer. Prints throughput and latency, and checks that every
submission was stored exactly once (one response per marker, no more, no fewer). The rate limit is raised
for the run: all clients share one address, which in production would be limited per round and source.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kisa_surveys_bench")
SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "500"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))

ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "false",
    "SECRET_KEY": "benchmark-only-not-secret",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SURVEY_RATE_LIMIT": "100000/h",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def recreate_database() -> None:
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=ENV, check=True)  # noqa: S603


SETUP = """
import datetime as dt, django, json
django.setup()
from kisa.registry.tests.factories import KitaFactory, YouthOfficeFactory
from kisa.surveys import services
from kisa.surveys.models import Questionnaire
office = YouthOfficeFactory(name="Benchmark-Jugendamt")
kita = KitaFactory(youth_office=office, number="B1", name="Kita Benchmark")
services.questionnaire_templates_install(actor=None, youth_office=office)
parents = Questionnaire.objects.get(youth_office=office, actor_group="parents")
survey_round = services.round_create(actor=None, youth_office=office, name="Benchmark", starts_on=dt.date(2025, 1, 1),
    ends_on=dt.date(2025, 12, 31), kitas=[kita], questionnaires=[parents])
services.round_set_status(actor=None, survey_round=survey_round, status="open")
print(json.dumps({"round": survey_round.pk, "kita": kita.pk}))
"""

COUNT = """
import django, json, sys
django.setup()
from kisa.surveys.models import Answer, Response
round_id = int(sys.argv[1])
markers = list(Answer.objects.filter(response__round_id=round_id, question="p_wish").values_list("text", flat=True))
print(json.dumps({"responses": Response.objects.filter(round_id=round_id).count(), "markers": markers}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own local server
            return
        except urllib.error.HTTPError:
            return  # the server answers (e.g. 404/405): it is up
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not start at {url}")


def submit(url: str, kita: int, number: int) -> tuple[int, float]:
    payload = {
        "kita_id": kita,
        "actor_group": "parents",
        "language": ["de", "ar", "tr", "ru", "uk"][number % 5],
        "version": 1,
        "answers": {
            "p_wellbeing": str(1 + number % 5),
            "p_counselling_known": "yes" if number % 2 else "no",
            "p_transport": ["car", "bus", "bike_foot", "hardly"][number % 4],
            "p_counselling_topics": ["health", "money"],
            "p_wish": f"marker-{number:05d}",
        },
    }
    request = urllib.request.Request(  # noqa: S310 - our own local server
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def main() -> None:
    recreate_database()
    ids = json.loads(
        subprocess.run([PYTHON, "-c", SETUP], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True)  # noqa: S603
        .stdout.strip()
        .splitlines()[-1]
    )
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - fixed arguments: our own gunicorn
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/konto/anmelden/")
        url = f"{base}/api/v1/surveys/rounds/{ids['round']}/responses"
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = list(pool.map(lambda n: submit(url, ids["kita"], n), range(SUBMISSIONS)))
        elapsed = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    statuses = Counter(status for status, _ in results)
    latencies = sorted(seconds for _, seconds in results)
    stored = json.loads(
        subprocess.run(  # noqa: S603
            [PYTHON, "-c", COUNT, str(ids["round"])],
            cwd=ROOT,
            env=ENV,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    markers = Counter(stored["markers"])
    expected = {f"marker-{n:05d}" for n in range(SUBMISSIONS)}
    exactly_once = set(markers) == expected and all(count == 1 for count in markers.values())

    print(
        f"Server: gunicorn, {WORKERS} workers x {THREADS} threads, PostgreSQL ({DATABASE_URL.rsplit('/', 1)[1]})"
    )
    print(f"Submissions: {SUBMISSIONS} from {CLIENTS} concurrent clients in {elapsed:.2f} s")
    print(f"Throughput: {SUBMISSIONS / elapsed:.1f} submissions/s")
    print(
        f"Latency: median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(0.95 * (len(latencies) - 1))] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )
    print(f"HTTP status: {dict(sorted(statuses.items()))}")
    print(
        f"Stored responses: {stored['responses']}; each submission stored exactly once: {'yes' if exactly_once else 'NO'}"
    )
    if not exactly_once or stored["responses"] != SUBMISSIONS or statuses != Counter({201: SUBMISSIONS}):
        sys.exit(1)


if __name__ == "__main__":
    main()
