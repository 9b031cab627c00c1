"""The coordinator's planning overview: cycle status per Kita, goals by catalogue goal, attainment, family
centres; computed in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kisa.core.tests.ui import ui
from kisa.documentation.tests.factories import ActivityFactory
from kisa.family_centres.tests.factories import CriterionFactory, RatingFactory, SelfAssessmentFactory
from kisa.planning import overview, selectors
from kisa.planning.models import Goal
from kisa.planning.tests.factories import CatalogueGoalFactory, GoalFactory, PlanFactory, ProjectFactory
from kisa.registry.tests.factories import KitaFactory
from kisa.surveys.models import Finding
from kisa.surveys.tests.factories import make_round

URL = reverse("planning:overview")
TODAY = dt.date(2026, 6, 15)


def finding(office, kita, survey_round, text="Eltern wünschen sich Austausch"):
    return Finding.objects.create(youth_office=office, round=survey_round, kita=kita, kind="need", text=text)


@pytest.fixture
def cycle(world):
    """kita_a: a 2026 plan, evaluated, two goals (one answering a finding, one reviewed +1), a project with
    documented work; kita_b: a plan without goals; kita_c: no plan."""
    survey_round = make_round(world.office, kitas=[world.kita_a, world.kita_b], starts_on=dt.date(2025, 3, 1))
    need = finding(world.office, world.kita_a, survey_round)
    finding(world.office, world.kita_b, survey_round, text="Wenig Angebote am Nachmittag")
    catalogue = CatalogueGoalFactory(youth_office=world.office, title="Eltern vernetzen sich")
    plan_a = PlanFactory(kita=world.kita_a, year=2026, evaluated_on=dt.date(2026, 2, 1))
    open_goal = GoalFactory(plan=plan_a, title="Elterncafé", findings=[need], catalogue_goals=[catalogue])
    reviewed = GoalFactory(
        plan=plan_a,
        title="Sprechstunde",
        catalogue_goals=[catalogue],
        status=Goal.Status.REVIEWED,
        attainment=1,
        reviewed_on=dt.date(2026, 6, 1),
    )
    project = ProjectFactory(plan=plan_a, goals=[open_goal, reviewed], responsible=world.worker_a)
    ActivityFactory(worker=world.worker_a, project=project, date=dt.date(2026, 3, 4), kitas=[world.kita_a])
    plan_b = PlanFactory(kita=world.kita_b, year=2026)
    return {"plan_a": plan_a, "plan_b": plan_b, "catalogue": catalogue, "open_goal": open_goal}


def test_phases_show_what_each_plan_has_done_and_what_is_missing(world, cycle):
    empty = PlanFactory(kita=KitaFactory(youth_office=world.office), year=2026)
    unserved_plan = PlanFactory(kita=world.kita_c, year=2026, evaluated_on=dt.date(2026, 5, 1))
    GoalFactory(plan=unserved_plan, title="Ohne Vorhaben")
    ProjectFactory(plan=unserved_plan, title="Ohne Tätigkeit", responsible=world.worker_b)
    plans = [cycle["plan_a"], cycle["plan_b"], empty, unserved_plan]

    bulk = selectors.plan_phases_bulk(kitas=[plan.kita for plan in plans], year=2026, today=TODAY)

    def done(plan):
        return [phase.key for phase in bulk[plan.kita_id][1] if phase.done]

    def missing(plan, key):
        return " ".join(next(p for p in bulk[plan.kita_id][1] if p.key == key).missing)

    assert [bulk[plan.kita_id][0] for plan in plans] == plans
    assert done(cycle["plan_a"]) == ["survey", "evaluation", "goals", "projects", "implementation"]
    assert done(cycle["plan_b"]) == ["survey"]
    assert done(empty) == []
    assert done(unserved_plan) == ["evaluation", "goals"]
    assert "Ohne Vorhaben" in missing(unserved_plan, "goals")  # it answers no finding and no catalogue goal
    assert "Ohne Vorhaben" in missing(unserved_plan, "projects")
    assert "Ohne Tätigkeit" in missing(unserved_plan, "implementation")
    assert bulk[cycle["plan_a"].kita_id][1] == selectors.plan_phases(plan=cycle["plan_a"], today=TODAY)


def test_overview_rows_show_plan_phase_overdue_steps_goals_and_reviews(world, cycle):
    result = overview.overview_for(user=world.users["coordinator"], year=2026, today=TODAY)

    rows = {row.kita.name: row for row in result.rows}
    a, b, c = rows["Kita St. Martin"], rows["Kita Regenbogen"], rows["Kita Arche Noah"]
    assert (a.plan, a.goals, a.reviewed) == (cycle["plan_a"], 2, 1)
    assert a.current.key == "review" and a.overdue == []
    assert b.current.key == "evaluation"
    assert [phase.key for phase in b.overdue] == ["evaluation", "goals", "projects"]
    assert c.plan is None and c.current.key == "survey" and (c.goals, c.reviewed) == (0, 0)
    assert "other" not in rows and result.plans == 2
    assert (cycle["catalogue"], 2) in result.by_catalogue_goal
    assert dict(result.attainment) == {-2: 0, -1: 0, 0: 0, 1: 1, 2: 0}


def test_read_only_sees_small_attainment_counts_suppressed_the_coordinator_exact_ones(world, cycle):
    coordinator = world.client_for("coordinator").get(URL, {"year": 2026}).content.decode()
    read_only = world.client_for("read_only").get(URL, {"year": 2026}).content.decode()

    attainment_rows = '<th scope="row" class="kern-table__cell">+1</th>\n      <td class="kern-table__cell kern-table__cell--numeric">'
    assert attainment_rows + "1</td>" in coordinator
    assert attainment_rows + "&lt; 5</td>" in read_only
    for page in (coordinator, read_only):
        assert "Kita St. Martin" in page and "Kita Fremd" not in page
        assert ui("no plan") in page and "Eltern vernetzen sich" in page


def test_filters_by_social_area_and_year(world, cycle):
    client = world.client_for("coordinator")

    area = client.get(URL, {"year": 2026, "social_area": world.social_area.pk}).content.decode()
    last_year = overview.overview_for(user=world.users["coordinator"], year=2025, today=TODAY)

    assert "Kita St. Martin" in area and "Kita Arche Noah" not in area
    assert last_year.plans == 0 and all(row.plan is None for row in last_year.rows)
    assert client.get(URL, {"year": "abc", "social_area": "x"}).status_code == 200


def test_family_centre_progress_per_kita_and_in_sum(world, cycle):
    criterion = CriterionFactory(youth_office=world.office)
    assessment = SelfAssessmentFactory(kita=world.kita_a, year=2026)
    RatingFactory(assessment=assessment, criterion=criterion, evidence="Beleg")

    result = overview.overview_for(user=world.users["coordinator"], year=2026, today=TODAY)

    rows = {row.kita.pk: row for row in result.rows}
    assert rows[world.kita_a.pk].family_centre.basic.percent == 100
    assert rows[world.kita_b.pk].family_centre is None
    assert (result.family_centres.assessed, result.family_centres.kitas) == (1, 3)
    assert result.family_centres.basic_percent == 100


def _more_kitas_with_plans(world, count):
    for index in range(count):
        kita = KitaFactory(youth_office=world.office, social_area=world.social_area, name=f"Kita Nr. {index}")
        plan = PlanFactory(kita=kita, year=2026, evaluated_on=dt.date(2026, 2, 1))
        goal = GoalFactory(plan=plan, catalogue_goals=[CatalogueGoalFactory(youth_office=world.office)])
        project = ProjectFactory(plan=plan, goals=[goal], responsible=world.worker_a)
        ActivityFactory(worker=world.worker_a, project=project, date=dt.date(2026, 3, 4), kitas=[kita])
        criterion = CriterionFactory(youth_office=world.office)
        RatingFactory(
            assessment=SelfAssessmentFactory(kita=kita, year=2026), criterion=criterion, evidence="x"
        )


def test_the_overview_takes_the_same_number_of_queries_for_few_and_many_kitas(
    world, cycle, django_assert_max_num_queries
):
    client = world.client_for("coordinator")
    RatingFactory(
        assessment=SelfAssessmentFactory(kita=world.kita_a, year=2026),
        criterion=CriterionFactory(youth_office=world.office),
        evidence="Beleg",
    )
    client.get(URL, {"year": 2026})

    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"year": 2026})
    _more_kitas_with_plans(world, 6)

    with django_assert_max_num_queries(len(few)):
        response = client.get(URL, {"year": 2026})

    assert response.content.decode().count("Kita Nr.") == 6
