"""The surveys app's rows of the access matrix (kisa/core/access.py)."""

from typing import Any

from kisa.core.access import Access, everyone
from kisa.surveys.tests.factories import make_round

S = "/befragungen"
API = "/api/v1"

DOMAIN = everyone(200, admin=403)  # every domain role; the admin does no domain work
SURVEY_STAFF = {"coordinator": 200, "worker_a": 200, "worker_b": 200, "outsider": 200}
COORDINATION = {"coordinator": 200, "outsider": 200}
# A round asking Kita St. Martin only: worker B, whose Kita it is not, and the other office do not see it.
ROUND_A = everyone(200, admin=403, worker_b=404, outsider=404)
ROUND_A_STAFF = {"coordinator": 200, "worker_a": 200, "worker_b": 404, "outsider": 404}
OTHER_OFFICE = everyone(404, admin=403, outsider=200)


def _round_a(w: Any) -> Any:
    return make_round(w.office, kitas=[w.kita_a])


def _round_of_other_office(w: Any) -> Any:
    return make_round(w.other_office, kitas=[w.other_kita])


ROWS = [
    Access("surveys round list", lambda w: f"{S}/", DOMAIN),
    Access("surveys round create form", lambda w: f"{S}/runden/neu/", SURVEY_STAFF),
    Access("surveys round detail", lambda w: f"{S}/runden/{_round_a(w).pk}/", ROUND_A),
    Access(
        "surveys round detail of the other office",
        lambda w: f"{S}/runden/{_round_of_other_office(w).pk}/",
        OTHER_OFFICE,
    ),
    Access("surveys results", lambda w: f"{S}/runden/{_round_a(w).pk}/ergebnisse/", ROUND_A),
    Access(
        "surveys results csv export", lambda w: f"{S}/runden/{_round_a(w).pk}/ergebnisse/export.csv", ROUND_A
    ),
    Access(
        "surveys results export of the other office",
        lambda w: f"{S}/runden/{_round_of_other_office(w).pk}/ergebnisse/export.csv",
        OTHER_OFFICE,
    ),
    Access("surveys free texts", lambda w: f"{S}/runden/{_round_a(w).pk}/freitexte/", ROUND_A_STAFF),
    # Kita leadership plans with the worker (issue 5), so it reads its own Kitas' findings.
    Access("surveys findings", lambda w: f"{S}/erkenntnisse/", {**SURVEY_STAFF, "kita_lead": 200}),
    Access("surveys questionnaires", lambda w: f"{S}/frageboegen/", SURVEY_STAFF),
    Access("surveys questionnaire create form", lambda w: f"{S}/frageboegen/neu/", COORDINATION),
    Access(
        "surveys public answer page",
        lambda w: f"{S}/teilnehmen/{_round_a(w).public_key}/{w.kita_a.pk}/parents/",
        everyone(200),
        anonymous=200,
    ),
    Access("surveys api rounds", lambda w: f"{API}/surveys/rounds", DOMAIN, json=True),
    Access(
        "surveys api results", lambda w: f"{API}/surveys/rounds/{_round_a(w).pk}/results", ROUND_A, json=True
    ),
    Access(
        "surveys api results of the other office",
        lambda w: f"{API}/surveys/rounds/{_round_of_other_office(w).pk}/results",
        OTHER_OFFICE,
        json=True,
    ),
]
