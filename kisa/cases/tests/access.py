"""The cases app's rows of the access matrix (kisa/core/access.py): case content for the responsible worker
and the deputy only; another worker 404, every other role 403; counts for every domain role."""

from typing import Any

from kisa.cases.tests.factories import CaseFactory
from kisa.core.access import Access, everyone

F = "/faelle"
API = "/api/v1"

WORKERS = {"worker_a": 200, "worker_b": 200}
CASE_A = {"worker_a": 200, "worker_b": 404}  # worker A's case; worker B is not on it
OTHER_OFFICE = {"worker_a": 404, "worker_b": 404}
COUNTS = everyone(200, admin=403)


def _case_a(w: Any) -> int:
    """Worker A's open case at Kita St. Martin, without contact data (no keys needed)."""
    return CaseFactory(kita=w.kita_a, responsible=w.worker_a).pk


def _case_of_other_office(w: Any) -> int:
    return CaseFactory(kita=w.other_kita, responsible=w.other_worker).pk


ROWS = [
    Access("cases my cases", lambda w: f"{F}/", WORKERS),
    Access("cases new case form", lambda w: f"{F}/neu/", WORKERS),
    Access("cases case detail", lambda w: f"{F}/{_case_a(w)}/", CASE_A),
    Access(
        "cases case detail of the other office", lambda w: f"{F}/{_case_of_other_office(w)}/", OTHER_OFFICE
    ),
    Access("cases case edit form", lambda w: f"{F}/{_case_a(w)}/bearbeiten/", CASE_A),
    Access("cases case close form", lambda w: f"{F}/{_case_a(w)}/abschliessen/", CASE_A),
    Access("cases consent form", lambda w: f"{F}/{_case_a(w)}/einwilligungen/neu/", CASE_A),
    Access("cases gdpr export", lambda w: f"{F}/{_case_a(w)}/auskunft/", CASE_A),
    Access(
        "cases gdpr export of the other office",
        lambda w: f"{F}/{_case_of_other_office(w)}/auskunft/",
        OTHER_OFFICE,
    ),
    Access("cases gdpr erase page", lambda w: f"{F}/{_case_a(w)}/loeschen/", CASE_A),
    Access(
        "cases gdpr erase of an open case",
        lambda w: f"{F}/{_case_a(w)}/loeschen/",
        {"worker_a": 409, "worker_b": 404},  # allowed to ask, refused while open
        method="post",
        data=lambda w: {},
    ),
    Access("cases counts", lambda w: f"{F}/zahlen/", COUNTS),
    Access("cases retention", lambda w: f"{F}/aufbewahrung/", {"coordinator": 200, "outsider": 200}),
    Access("cases api my cases", lambda w: f"{API}/cases", WORKERS, json=True),
    Access("cases api case", lambda w: f"{API}/cases/{_case_a(w)}", CASE_A, json=True),
    Access(
        "cases api case of the other office",
        lambda w: f"{API}/cases/{_case_of_other_office(w)}",
        OTHER_OFFICE,
        json=True,
    ),
    Access("cases api counts", lambda w: f"{API}/stats/cases", COUNTS, json=True),
]
