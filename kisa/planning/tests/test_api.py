"""The planning API: a Kita's plan with phases, goals and projects; the goal list with filters and scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kisa.documentation.tests.factories import ActivityFactory
from kisa.planning.models import Goal
from kisa.planning.tests.factories import CatalogueGoalFactory, GoalFactory, PlanFactory, ProjectFactory
from kisa.surveys.models import Finding
from kisa.surveys.tests.factories import make_round

API = "/api/v1"


@pytest.fixture
def plan(world):
    survey_round = make_round(world.office, kitas=[world.kita_a], starts_on=dt.date(2025, 3, 1))
    need = Finding.objects.create(
        youth_office=world.office, round=survey_round, kita=world.kita_a, kind="need", text="Wenig Austausch"
    )
    catalogue = CatalogueGoalFactory(youth_office=world.office, title="Eltern vernetzen sich")
    plan = PlanFactory(kita=world.kita_a, year=2026, evaluated_on=dt.date(2026, 2, 1))
    goal = GoalFactory(
        plan=plan,
        title="Elterncafé",
        findings=[need],
        catalogue_goals=[catalogue],
        indicator_source=Goal.IndicatorSource.ACTIVITIES,
    )
    goal.responsible.set([world.worker_a])
    reviewed = GoalFactory(
        plan=plan, title="Sprechstunde", status=Goal.Status.REVIEWED, attainment=-1, actual_value=Decimal("4")
    )
    project = ProjectFactory(
        plan=plan, goals=[goal], responsible=world.worker_a, planned_hours=40, planned_costs=Decimal("250")
    )
    for day in (4, 11):
        ActivityFactory(
            worker=world.worker_a,
            project=project,
            date=dt.date(2026, 3, day),
            duration_minutes=90,
            kitas=[world.kita_a],
        )
    GoalFactory(plan=PlanFactory(kita=world.kita_b, year=2026), title="Regenbogen-Ziel")
    GoalFactory(plan=PlanFactory(kita=world.other_kita, year=2026), title="Fremdes Ziel")
    return {
        "plan": plan,
        "goal": goal,
        "reviewed": reviewed,
        "project": project,
        "need": need,
        "catalogue": catalogue,
    }


def test_plan_returns_phases_goals_with_links_and_projects_with_documented_effort(world, plan):
    response = world.client_for("worker_a").get(f"{API}/kitas/{world.kita_a.pk}/plan", {"year": 2026})

    body = response.json()
    assert response.status_code == 200
    assert (body["kita"], body["year"]) == ({"id": world.kita_a.pk, "name": "Kita St. Martin"}, 2026)
    assert [phase["key"] for phase in body["phases"]] == [
        "survey", "evaluation", "goals", "projects", "implementation", "review"
    ]  # fmt: skip
    phases = {phase["key"]: phase for phase in body["phases"]}
    assert phases["survey"]["done"] and phases["evaluation"]["done"]
    assert not phases["review"]["done"] and phases["review"]["missing"]
    goals = {goal["title"]: goal for goal in body["goals"]}
    cafe = goals["Elterncafé"]
    assert cafe["finding_ids"] == [plan["need"].pk]
    assert cafe["catalogue_goal_ids"] == [plan["catalogue"].pk]
    assert cafe["responsible"] == ["Anna Adler"]
    assert cafe["documented_value"] == 2
    assert [level["level"] for level in cafe["scale"]] == [-2, -1, 0, 1, 2]
    assert (goals["Sprechstunde"]["attainment"], goals["Sprechstunde"]["actual_value"]) == (-1, "4.00")
    assert goals["Sprechstunde"]["status"] == "reviewed"
    [project] = body["projects"]
    assert project["goal_ids"] == [plan["goal"].pk]
    assert project["responsible"] == "Anna Adler"
    assert (project["planned_hours"], project["actual_hours"], project["activity_count"]) == (
        "40.0",
        "3.0",
        2,
    )
    assert project["planned_costs"] == "250.00"


def test_plan_of_a_kita_the_caller_does_not_see_or_without_a_plan_answers_404(world, plan):
    assert (
        world.client_for("worker_b").get(f"{API}/kitas/{world.kita_a.pk}/plan?year=2026").status_code == 404
    )
    assert (
        world.client_for("coordinator").get(f"{API}/kitas/{world.other_kita.pk}/plan?year=2026").status_code
        == 404
    )
    assert (
        world.client_for("coordinator").get(f"{API}/kitas/{world.kita_c.pk}/plan?year=2026").status_code
        == 404
    )
    assert (
        world.client_for("coordinator").get(f"{API}/kitas/{world.kita_a.pk}/plan?year=2025").status_code
        == 404
    )
    assert world.client_for("admin").get(f"{API}/kitas/{world.kita_a.pk}/plan?year=2026").status_code == 403


def test_plan_refuses_a_year_out_of_range_naming_it(world, plan):
    response = world.client_for("coordinator").get(f"{API}/kitas/{world.kita_a.pk}/plan?year=99999")

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["detail"]] == ["year"]


@pytest.mark.parametrize(
    ("persona", "titles"),
    [
        ("coordinator", {"Elterncafé", "Sprechstunde", "Regenbogen-Ziel"}),
        ("read_only", {"Elterncafé", "Sprechstunde", "Regenbogen-Ziel"}),
        ("worker_a", {"Elterncafé", "Sprechstunde"}),
        ("kita_lead", {"Elterncafé", "Sprechstunde"}),
        ("worker_b", {"Regenbogen-Ziel"}),
        ("outsider", {"Fremdes Ziel"}),
    ],
)
def test_goal_list_is_scoped_like_the_plans(world, plan, persona, titles):
    body = world.client_for(persona).get(f"{API}/goals").json()

    assert {goal["title"] for goal in body["items"]} == titles
    assert body["count"] == len(titles)


def test_goal_list_filters_by_year_status_and_kita(world, plan):
    client = world.client_for("coordinator")

    reviewed = client.get(f"{API}/goals", {"status": "reviewed"}).json()
    of_b = client.get(f"{API}/goals", {"kita": world.kita_b.pk, "year": 2026}).json()
    last_year = client.get(f"{API}/goals", {"year": 2025}).json()

    assert [goal["title"] for goal in reviewed["items"]] == ["Sprechstunde"]
    assert [(goal["title"], goal["kita"]["id"], goal["year"]) for goal in of_b["items"]] == [
        ("Regenbogen-Ziel", world.kita_b.pk, 2026)
    ]
    assert last_year["count"] == 0


def test_goal_list_statuses_are_the_models(world):
    from kisa.planning.api import GoalStatus

    assert set(GoalStatus.__args__) == set(Goal.Status.values)


@pytest.mark.parametrize(
    ("field", "value"), [("status", "done"), ("year", "1999"), ("year", "soon"), ("kita", "0")]
)
def test_goal_list_refuses_bad_filters_naming_the_field(world, field, value):
    response = world.client_for("coordinator").get(f"{API}/goals", {field: value})

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["detail"]] == [field]


def test_goal_list_is_refused_to_the_admin(world, plan):
    response = world.client_for("admin").get(f"{API}/goals")

    assert response.status_code == 403


def test_goal_list_queries_do_not_grow_with_the_goals(world, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for("coordinator")
    client.get(f"{API}/goals", {"kita": world.kita_b.pk})
    with CaptureQueriesContext(connection) as one:
        client.get(f"{API}/goals", {"kita": world.kita_b.pk})
    with CaptureQueriesContext(connection) as two:
        client.get(f"{API}/goals", {"kita": world.kita_a.pk})

    assert len(two) == len(one)
