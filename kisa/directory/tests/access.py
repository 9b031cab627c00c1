"""The directory's rows of the access matrix (kisa/core/access.py)."""

from typing import Any

from kisa.core.access import Access, everyone
from kisa.directory.tests.factories import ServiceFactory

A = "/angebote"
API = "/api/v1"

STAFF = {"coordinator": 200, "worker_a": 200, "worker_b": 200, "outsider": 200}
COORDINATION = {"coordinator": 200, "outsider": 200}


def _service(w: Any) -> int:
    return ServiceFactory(youth_office=w.office).pk


def _service_of_other_office(w: Any) -> int:
    return ServiceFactory(youth_office=w.other_office).pk


ROWS = [
    Access("directory public search", lambda w: f"{A}/", everyone(200), anonymous=200),
    Access("directory public offer", lambda w: f"{A}/{_service(w)}/", everyone(200), anonymous=200),
    Access("directory offer list", lambda w: f"{A}/verwaltung/", STAFF),
    Access("directory offer detail", lambda w: f"{A}/verwaltung/{_service(w)}/", {**STAFF, "outsider": 404}),
    Access(
        "directory offer detail of the other office",
        lambda w: f"{A}/verwaltung/{_service_of_other_office(w)}/",
        everyone(404, outsider=200),  # as if it did not exist, whatever the role
    ),
    Access("directory offer create form", lambda w: f"{A}/verwaltung/neu/", COORDINATION),
    Access("directory import", lambda w: f"{A}/import/", COORDINATION),
    Access("directory hsds export", lambda w: f"{A}/export.json", COORDINATION),
    Access("directory reachability", lambda w: f"{A}/erreichbarkeit/", {**STAFF, "read_only": 200}),
    Access("directory api public offers", lambda w: f"{API}/offers", everyone(200), anonymous=200, json=True),
    Access(
        "directory api reachability",
        lambda w: f"{API}/reachability?category=parenting_counselling",
        {**STAFF, "read_only": 200},
        json=True,
    ),
]
