"""The planning pages' rows of the access matrix (kisa/core/access.py)."""

from typing import Any

from kisa.core.access import Access
from kisa.planning.tests.factories import CatalogueGoalFactory, GoalFactory, PlanFactory, ProjectFactory

P = "/planung"

READERS = {
    "coordinator": 200,
    "worker_a": 200,
    "worker_b": 200,
    "kita_lead": 200,
    "provider": 200,
    "read_only": 200,
    "outsider": 200,
}
# Kita St. Martin's plan: its worker and lead write; coordinator, its provider (church) and read_only read;
# worker B does not see the Kita (404); the other office's coordinator neither.
PLAN_A = {
    "coordinator": 200,
    "worker_a": 200,
    "kita_lead": 200,
    "provider": 200,
    "read_only": 200,
    "worker_b": 404,
    "outsider": 404,
}
EDIT_A = {"worker_a": 200, "kita_lead": 200, "worker_b": 404}
# The other office's plan: every reader of this office gets 404; the other office's coordinator reads it.
OTHER_OFFICE = {
    **dict.fromkeys(["worker_a", "worker_b", "kita_lead", "provider", "coordinator", "read_only"], 404),
    "outsider": 200,
}


def _plan_a(w: Any) -> str:
    plan = PlanFactory(kita=w.kita_a, year=2026)
    return f"{P}/kitas/{plan.kita_id}/{plan.year}/"


def _goal_a(w: Any) -> str:
    goal = GoalFactory(plan=PlanFactory(kita=w.kita_a, year=2026))
    return f"{P}/kitas/{w.kita_a.pk}/2026/ziele/{goal.pk}/"


def _project_a(w: Any) -> str:
    project = ProjectFactory(plan=PlanFactory(kita=w.kita_a, year=2026), responsible=w.worker_a)
    return f"{P}/kitas/{w.kita_a.pk}/2026/vorhaben/{project.pk}/"


ROWS = [
    Access("planning plan index", lambda w: f"{P}/", READERS),
    Access("planning plan of a kita", _plan_a, PLAN_A),
    Access("planning plan pdf", lambda w: f"{_plan_a(w)}plan.pdf", PLAN_A),
    Access("planning plan create", lambda w: f"{P}/kitas/{w.kita_a.pk}/2026/anlegen/", EDIT_A),
    Access("planning goal create", lambda w: f"{_plan_a(w)}ziele/neu/", EDIT_A),
    Access("planning goal edit", _goal_a, EDIT_A),
    Access("planning goal review", lambda w: f"{_goal_a(w)}bewertung/", EDIT_A),
    Access("planning project create", lambda w: f"{_plan_a(w)}vorhaben/neu/", EDIT_A),
    Access("planning project edit", _project_a, EDIT_A),
    Access(
        "planning plan of the other office",
        lambda w: f"{P}/kitas/{PlanFactory(kita=w.other_kita, year=2026).kita_id}/2026/",
        OTHER_OFFICE,
    ),
    Access(
        "planning goal create in the other office",
        lambda w: f"{P}/kitas/{PlanFactory(kita=w.other_kita, year=2026).kita_id}/2026/ziele/neu/",
        {"worker_a": 404, "worker_b": 404, "kita_lead": 404},
    ),
    # Writes by POST: editors get the form back (422: nothing valid sent), readers 403, unseen Kitas 404.
    Access(
        "planning plan evaluation",
        lambda w: f"{_plan_a(w)}auswertung/",
        {"worker_a": 422, "kita_lead": 422, "worker_b": 404},
        method="post",
        data=lambda w: {"evaluation": ""},
    ),
    Access(
        "planning review completion",
        lambda w: f"{_plan_a(w)}abschluss/",
        {"worker_a": 422, "kita_lead": 422, "worker_b": 404},
        method="post",
        data=lambda w: {"review_summary": ""},
    ),
    Access(
        "planning plan evaluation in the other office",
        lambda w: f"{P}/kitas/{PlanFactory(kita=w.other_kita, year=2026).kita_id}/2026/auswertung/",
        {"worker_a": 404, "worker_b": 404, "kita_lead": 404},
        method="post",
        data=lambda w: {"evaluation": "Fremd"},
    ),
    Access("planning goal catalogue", lambda w: f"{P}/ziele/", READERS),
    Access(
        "planning catalogue goal create", lambda w: f"{P}/ziele/neu/", {"coordinator": 200, "outsider": 200}
    ),
    Access(
        "planning catalogue goal edit",
        lambda w: f"{P}/ziele/{CatalogueGoalFactory(youth_office=w.office).pk}/",
        {"coordinator": 200, "outsider": 404},
    ),
    Access(
        "planning catalogue goal of the other office",
        lambda w: f"{P}/ziele/{CatalogueGoalFactory(youth_office=w.other_office).pk}/",
        {"coordinator": 404, "outsider": 200},
    ),
    Access("planning principles", lambda w: f"{P}/grundsaetze/", READERS),
]
