"""The documentation app's rows of the access matrix (kisa/core/access.py)."""

from typing import Any

from kisa.core.access import Access, everyone
from kisa.documentation.models import Dimension
from kisa.documentation.tests.factories import ActivityFactory

D = "/dokumentation"
API = "/api/v1"

WORKERS = {"worker_a": 200, "worker_b": 200}
LISTS = {**WORKERS, "coordinator": 200, "outsider": 200}
STATISTICS = everyone(200, admin=403)  # every domain role sees (suppressed) figures; the admin none


def _activity_a(w: Any) -> int:
    """Worker A's activity at Kita St. Martin."""
    return ActivityFactory(worker=w.worker_a, dimension=Dimension.NON_CASE, kitas=[w.kita_a]).pk


def _activity_of_other_office(w: Any) -> int:
    return ActivityFactory(worker=w.other_worker, dimension=Dimension.NON_CASE, kitas=[w.other_kita]).pk


ROWS = [
    Access("documentation activity list", lambda w: f"{D}/", LISTS),
    Access("documentation fast entry", lambda w: f"{D}/erfassen/", WORKERS),
    Access(
        "documentation activity detail",
        lambda w: f"{D}/{_activity_a(w)}/",
        {"worker_a": 200, "worker_b": 404, "coordinator": 200, "outsider": 404},
    ),
    Access(
        "documentation activity detail of the other office",
        lambda w: f"{D}/{_activity_of_other_office(w)}/",
        {"worker_a": 404, "worker_b": 404, "coordinator": 404, "outsider": 200},
    ),
    Access(
        "documentation activity correction",
        lambda w: f"{D}/{_activity_a(w)}/korrigieren/",
        {"worker_a": 200, "worker_b": 404},  # corrections by the author only
    ),
    Access("documentation my time", lambda w: f"{D}/meine-zeit/", WORKERS),
    Access("documentation statistics", lambda w: f"{D}/statistik/", STATISTICS),
    Access("documentation referral statistics", lambda w: f"{D}/statistik/vermittlungen/", STATISTICS),
    Access("documentation catalogues", lambda w: f"{D}/kataloge/", {"coordinator": 200, "outsider": 200}),
    Access("documentation api activities", lambda w: f"{API}/activities", LISTS, json=True),
    Access(
        "documentation api activity statistics", lambda w: f"{API}/stats/activities", STATISTICS, json=True
    ),
    Access(
        "documentation api activity create",
        lambda w: f"{API}/activities",
        {"worker_a": 422, "worker_b": 422},  # allowed; the unknown activity type is refused by name
        method="post",
        data=lambda w: {
            "client_id": "0b7e4d1c-3a57-4c1e-9a77-2f1f0c9e6a10",
            "date": "2025-03-05",
            "duration_minutes": 45,
            "dimension": "non_case",
            "activity_type_id": 999999,
        },
        json=True,
    ),
]
