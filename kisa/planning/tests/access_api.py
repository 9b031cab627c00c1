"""The planning API's rows of the access matrix, and the overview page's (kisa/planning/tests/access.py)."""

from typing import Any

from kisa.core.access import Access, everyone
from kisa.planning.tests.factories import GoalFactory, PlanFactory

API = "/api/v1"

# Kita St. Martin's plan: its worker and lead, the coordinator, the provider (church) and the read-only role
# read it; worker B does not work there; the other office does not see it; the admin has no plans at all.
PLAN_A = {
    "coordinator": 200,
    "read_only": 200,
    "worker_a": 200,
    "kita_lead": 200,
    "provider": 200,
    "worker_b": 404,
    "outsider": 404,
}
OTHER_OFFICE_PLAN = {**dict.fromkeys(PLAN_A, 404), "outsider": 200}
OVERVIEW = {"coordinator": 200, "read_only": 200, "outsider": 200}


def _plan_a(w: Any) -> str:
    GoalFactory(plan=PlanFactory(kita=w.kita_a, year=2026))
    return f"{API}/kitas/{w.kita_a.pk}/plan?year=2026"


def _plan_of_other_office(w: Any) -> str:
    GoalFactory(plan=PlanFactory(kita=w.other_kita, year=2026))
    return f"{API}/kitas/{w.other_kita.pk}/plan?year=2026"


ROWS = [
    Access("planning api plan", _plan_a, PLAN_A, json=True),
    Access("planning api plan of the other office", _plan_of_other_office, OTHER_OFFICE_PLAN, json=True),
    Access("planning api goals", lambda w: f"{API}/goals?year=2026", everyone(200, admin=403), json=True),
    Access("planning overview", lambda w: "/planung/uebersicht/", OVERVIEW),
]
