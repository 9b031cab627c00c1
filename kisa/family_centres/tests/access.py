"""The family-centre app's rows of the access matrix (kisa/core/access.py)."""

from typing import Any

from kisa.core.access import Access, everyone
from kisa.family_centres.tests.factories import CriterionFactory, SelfAssessmentFactory

F = "/familienzentren"
API = "/api/v1"

READERS = everyone(200, admin=403)
# A Kita's self-assessment (Kita St. Martin): its worker and lead, the coordinator, the provider (church) and
# the read-only role read; worker B does not work there; the other office does not see it.
ASSESSMENT_A = {
    "coordinator": 200,
    "read_only": 200,
    "worker_a": 200,
    "kita_lead": 200,
    "provider": 200,
    "worker_b": 404,
    "outsider": 404,
}
OTHER_OFFICE_ASSESSMENT = {**dict.fromkeys(ASSESSMENT_A, 404), "outsider": 200}
PROGRESS = {"coordinator": 200, "read_only": 200, "provider": 200, "outsider": 200}


def _criterion(w: Any) -> int:
    return CriterionFactory(youth_office=w.office).pk


def _assessment_a(w: Any) -> str:
    SelfAssessmentFactory(kita=w.kita_a, year=2025)
    return f"{F}/kitas/{w.kita_a.pk}/2025/"


def _assessment_of_other_office(w: Any) -> str:
    SelfAssessmentFactory(kita=w.other_kita, year=2025)
    return f"{F}/kitas/{w.other_kita.pk}/2025/"


ROWS = [
    Access("family_centres criteria", lambda w: f"{F}/kriterien/", READERS),
    Access(
        "family_centres new criterion", lambda w: f"{F}/kriterien/neu/", {"coordinator": 200, "outsider": 200}
    ),
    Access(
        "family_centres edit criterion",
        lambda w: f"{F}/kriterien/{_criterion(w)}/",
        {"coordinator": 200, "outsider": 404},
    ),
    Access(
        "family_centres edit criterion of the other office",
        lambda w: f"{F}/kriterien/{CriterionFactory(youth_office=w.other_office).pk}/",
        {"coordinator": 404, "outsider": 200},
    ),
    Access("family_centres self-assessment index", lambda w: f"{F}/kitas/", READERS),
    Access("family_centres self-assessment", _assessment_a, ASSESSMENT_A),
    Access(
        "family_centres self-assessment of the other office",
        _assessment_of_other_office,
        OTHER_OFFICE_ASSESSMENT,
    ),
    Access(
        "family_centres start a self-assessment",
        lambda w: f"{F}/kitas/{w.kita_a.pk}/2025/starten/",
        {"worker_a": 302, "kita_lead": 302, "worker_b": 404},
        method="post",
    ),
    Access(
        "family_centres start a self-assessment in the other office",
        lambda w: f"{F}/kitas/{w.other_kita.pk}/2025/starten/",
        {"worker_a": 404, "kita_lead": 404, "worker_b": 404},
        method="post",
    ),
    Access("family_centres progress", lambda w: f"{F}/fortschritt/", PROGRESS),
    Access("family_centres api progress", lambda w: f"{API}/family-centres/progress", PROGRESS, json=True),
]
