"""The planning services: each bad-input rule refused naming its field, carry-over, review, catalogue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from kisa.core.models import AuditEntry
from kisa.directory.tests.factories import ServiceFactory
from kisa.planning import services
from kisa.planning.models import CatalogueGoal, Goal, Plan
from kisa.planning.tests.conftest import goal_arguments, make_finding
from kisa.planning.tests.factories import CatalogueGoalFactory, GoalFactory, PlanFactory, ProjectFactory
from kisa.registry.tests.factories import ProviderFactory

AFTER_2026 = dt.date(2027, 1, 15)
DURING_2026 = dt.date(2026, 6, 1)


def _fields(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(error.value.message_dict)


@pytest.fixture
def plan(world):
    return services.plan_create(actor=world.users["worker_a"], kita=world.kita_a, year=2026)


# --- Plan ---------------------------------------------------------------------------------------------------


def test_a_plan_runs_the_calendar_year_and_is_audited(world):
    plan = services.plan_create(actor=world.users["worker_a"], kita=world.kita_a, year=2026)

    assert (plan.starts_on, plan.ends_on) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert plan.youth_office == world.office
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_repr=str(plan)).exists()


def test_a_second_plan_for_the_same_kita_and_year_is_refused(world, plan):
    with pytest.raises(ValidationError) as error:
        services.plan_create(actor=world.users["worker_a"], kita=world.kita_a, year=2026)
    assert _fields(error) == {"year"}


def test_evaluating_needs_text_and_records_the_day(world, plan):
    with pytest.raises(ValidationError) as error:
        services.plan_evaluate(actor=None, plan=plan, evaluation="  ", today=DURING_2026)
    assert _fields(error) == {"evaluation"}

    services.plan_evaluate(actor=None, plan=plan, evaluation="Austausch fehlt.", today=DURING_2026)

    plan.refresh_from_db()
    assert (plan.evaluation, plan.evaluated_on) == ("Austausch fehlt.", DURING_2026)


# --- Carry-over ---------------------------------------------------------------------------------------------


def test_open_and_missed_goals_of_last_year_can_be_carried_over(world):
    old_plan = PlanFactory(kita=world.kita_a, year=2025)
    still_open = GoalFactory(plan=old_plan, title="Offen")
    missed = GoalFactory(
        plan=old_plan, title="Verfehlt", status=Goal.Status.REVIEWED, attainment=-1, actual_value=4
    )
    reached = GoalFactory(plan=old_plan, title="Erreicht", status=Goal.Status.REVIEWED, attainment=1)
    catalogue = CatalogueGoalFactory(youth_office=world.office)
    missed.catalogue_goals.set([catalogue])
    missed.responsible.set([world.worker_a])

    candidates = set(services.carry_over_candidates(kita=world.kita_a, year=2026))
    plan = services.plan_create(
        actor=world.users["worker_a"], kita=world.kita_a, year=2026, carry_over_goal_ids=[missed.pk]
    )

    assert candidates == {still_open, missed}
    new = plan.goals.get()
    assert (new.title, new.carried_from, new.status) == ("Verfehlt", missed, Goal.Status.OPEN)
    assert new.baseline == 4  # last year's actual value is the new starting point
    assert new.target_date == dt.date(2026, 12, 31)
    assert list(new.catalogue_goals.all()) == [catalogue]
    assert list(new.responsible.all()) == [world.worker_a]
    missed.refresh_from_db()
    still_open.refresh_from_db()
    reached.refresh_from_db()
    assert missed.status == Goal.Status.CARRIED_OVER
    assert (still_open.status, reached.status) == (Goal.Status.OPEN, Goal.Status.REVIEWED)


def test_a_reached_goal_cannot_be_carried_over(world):
    old_plan = PlanFactory(kita=world.kita_a, year=2025)
    reached = GoalFactory(plan=old_plan, status=Goal.Status.REVIEWED, attainment=0)

    with pytest.raises(ValidationError) as error:
        services.plan_create(actor=None, kita=world.kita_a, year=2026, carry_over_goal_ids=[reached.pk])

    assert _fields(error) == {"goals"}
    assert not Plan.objects.filter(year=2026).exists()  # all or nothing


def test_another_kitas_goal_cannot_be_carried_over(world):
    other = GoalFactory(plan=PlanFactory(kita=world.kita_b, year=2025))

    with pytest.raises(ValidationError) as error:
        services.plan_create(actor=None, kita=world.kita_a, year=2026, carry_over_goal_ids=[other.pk])

    assert _fields(error) == {"goals"}


def test_carried_findings_stay_only_within_the_new_plans_finding_years(world):
    old_plan = PlanFactory(kita=world.kita_a, year=2025)
    from_2024 = make_finding(world, year=2024)
    from_2025 = make_finding(world, year=2025, text="Ressource Sportverein")
    goal = GoalFactory(plan=old_plan, findings=[from_2024, from_2025])

    plan = services.plan_create(actor=None, kita=world.kita_a, year=2026, carry_over_goal_ids=[goal.pk])

    assert list(plan.goals.get().findings.all()) == [from_2025]


# --- Goals --------------------------------------------------------------------------------------------------


def test_a_goal_is_created_with_findings_catalogue_goals_and_responsible(world, plan):
    finding = make_finding(world, year=2025)
    catalogue = CatalogueGoalFactory(youth_office=world.office)

    goal = services.goal_create(
        actor=world.users["worker_a"],
        plan=plan,
        findings=[finding],
        catalogue_goals=[catalogue],
        responsible=[world.worker_a],
        **goal_arguments(),
    )

    assert list(goal.findings.all()) == [finding]
    assert list(goal.catalogue_goals.all()) == [catalogue]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_repr=goal.title)
    assert entry.changes["findings"] == [finding.pk]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"indicator": "  "}, "indicator"),
        ({"target_value": None}, "target_value"),
        ({"level_plus_2": ""}, "level_plus_2"),
        ({"level_minus_2": " "}, "level_minus_2"),
        ({"target_date": dt.date(2025, 12, 31)}, "target_date"),
    ],
)
def test_bad_goal_input_is_refused_naming_the_field(world, plan, overrides, field):
    with pytest.raises(ValidationError) as error:
        services.goal_create(actor=None, plan=plan, **goal_arguments(**overrides))

    assert _fields(error) == {field}
    assert not plan.goals.exists()


def test_a_target_without_an_indicator_gets_a_clear_message(world, plan):
    with pytest.raises(ValidationError) as error:
        services.goal_create(actor=None, plan=plan, **goal_arguments(indicator=""))

    assert error.value.message_dict["indicator"] == [
        gettext(
            "A target without an indicator cannot be measured: name the indicator that shows the goal is "
            "reached."
        )
    ]


def test_a_target_date_after_the_plan_period_is_allowed(world, plan):
    goal = services.goal_create(actor=None, plan=plan, **goal_arguments(target_date=dt.date(2027, 3, 31)))
    assert goal.target_date == dt.date(2027, 3, 31)


@pytest.mark.parametrize("case", ["other kita", "old year", "other office"])
def test_findings_of_another_kita_or_year_are_refused(world, plan, case):
    finding = {
        "other kita": lambda: make_finding(world, kita=world.kita_b, year=2025),
        "old year": lambda: make_finding(world, year=2023),
        "other office": lambda: make_finding(world, kita=world.other_kita, year=2025),
    }[case]()

    with pytest.raises(ValidationError) as error:
        services.goal_create(actor=None, plan=plan, findings=[finding], **goal_arguments())

    assert _fields(error) == {"findings"}


def test_catalogue_goals_and_staff_of_another_office_are_refused(world, plan):
    foreign_goal = CatalogueGoalFactory(youth_office=world.other_office)

    with pytest.raises(ValidationError) as error:
        services.goal_create(
            actor=None,
            plan=plan,
            catalogue_goals=[foreign_goal],
            responsible=[world.other_worker],
            **goal_arguments(),
        )

    assert _fields(error) == {"catalogue_goals", "responsible"}


def test_a_goal_update_is_audited_with_its_changes(world, plan):
    goal = services.goal_create(actor=None, plan=plan, **goal_arguments())

    services.goal_update(
        actor=world.users["worker_a"],
        goal=goal,
        responsible=[world.worker_a],
        **goal_arguments(target_value=15),
    )

    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_repr=goal.title)
    assert set(entry.changes) == {"target_value", "responsible"}
    assert entry.changes["responsible"] == [[], [world.worker_a.pk]]


def test_a_reviewed_goal_cannot_be_changed(world, plan):
    goal = GoalFactory(plan=plan, status=Goal.Status.REVIEWED, attainment=0)

    with pytest.raises(ValidationError):
        services.goal_update(actor=None, goal=goal, **goal_arguments())


# --- Review -------------------------------------------------------------------------------------------------


def _review(goal, **overrides):
    arguments = {
        "actor": None,
        "goal": goal,
        "attainment": 1,
        "actual_value": 16,
        "evidence": "Teilnahmelisten",
        "lesson": "Freitags klappt es am besten",
        "reason": "",
        "today": AFTER_2026,
    }
    arguments.update(overrides)
    return services.goal_review(**arguments)


def test_a_review_after_the_period_sets_status_and_date(world, plan):
    goal = GoalFactory(plan=plan)

    _review(goal)

    goal.refresh_from_db()
    assert (goal.status, goal.attainment, goal.reviewed_on) == (Goal.Status.REVIEWED, 1, AFTER_2026)
    assert goal.early_review_reason == ""


@pytest.mark.parametrize("attainment", [-3, 3, None])
def test_attainment_outside_the_scale_is_refused(world, plan, attainment):
    goal = GoalFactory(plan=plan)

    with pytest.raises(ValidationError) as error:
        _review(goal, attainment=attainment)

    assert _fields(error) == {"attainment"}
    goal.refresh_from_db()
    assert goal.status == Goal.Status.OPEN


def test_a_review_before_the_period_ends_needs_a_reason(world, plan):
    goal = GoalFactory(plan=plan)

    with pytest.raises(ValidationError) as error:
        _review(goal, today=DURING_2026)
    assert _fields(error) == {"early_review_reason"}

    _review(goal, today=DURING_2026, reason="Das Projekt endet im Juni.")
    goal.refresh_from_db()
    assert (goal.status, goal.early_review_reason) == (Goal.Status.REVIEWED, "Das Projekt endet im Juni.")


def test_the_review_is_completed_only_when_every_goal_is_reviewed(world, plan):
    first, second = GoalFactory(plan=plan), GoalFactory(plan=plan, title="Zweites Ziel")
    _review(first)

    with pytest.raises(ValidationError) as error:
        services.plan_complete_review(actor=None, plan=plan, summary="Gutes Jahr", today=AFTER_2026)
    assert _fields(error) == {"review_summary"}

    services.goal_review(
        actor=None,
        goal=second,
        attainment=-1,
        actual_value=None,
        evidence="",
        lesson="",
        reason="",
        today=AFTER_2026,
    )
    services.plan_complete_review(actor=None, plan=plan, summary="Gutes Jahr", today=AFTER_2026)
    plan.refresh_from_db()
    assert (plan.review_summary, plan.reviewed_on) == ("Gutes Jahr", AFTER_2026)


def test_a_plan_without_goals_has_no_review_to_complete(world, plan):
    with pytest.raises(ValidationError) as error:
        services.plan_complete_review(actor=None, plan=plan, summary="x", today=AFTER_2026)
    assert _fields(error) == {"review_summary"}


# --- Projects -----------------------------------------------------------------------------------------------


def _project_arguments(world, **overrides):
    arguments = {
        "title": "Elterncafé am Freitag",
        "description": "",
        "dimension": "cross_case",
        "starts_on": dt.date(2026, 2, 1),
        "ends_on": dt.date(2026, 11, 30),
        "responsible": world.worker_a,
        "planned_hours": 40,
        "planned_costs": 200,
        "actual_costs": 0,
        "status": "planned",
    }
    arguments.update(overrides)
    return arguments


def test_a_project_serves_goals_of_its_plan_with_partners(world, plan):
    goal = GoalFactory(plan=plan)
    service = ServiceFactory(youth_office=world.office)

    project = services.project_create(
        actor=None,
        plan=plan,
        goals=[goal],
        partner_providers=[world.church],
        partner_services=[service],
        **_project_arguments(world),
    )

    assert list(project.goals.all()) == [goal]
    assert list(project.partner_services.all()) == [service]


def test_bad_project_input_is_refused_naming_the_fields(world, plan):
    other_goal = GoalFactory(plan=PlanFactory(kita=world.kita_b, year=2026))
    foreign_provider = ProviderFactory(youth_office=world.other_office)
    foreign_service = ServiceFactory(youth_office=world.other_office)

    with pytest.raises(ValidationError) as error:
        services.project_create(
            actor=None,
            plan=plan,
            goals=[other_goal],
            partner_providers=[foreign_provider],
            partner_services=[foreign_service],
            **_project_arguments(
                world,
                starts_on=dt.date(2026, 5, 1),
                ends_on=dt.date(2026, 4, 1),
                responsible=world.other_worker,
            ),
        )

    assert _fields(error) == {"goals", "partner_providers", "partner_services", "ends_on", "responsible"}


def test_a_project_update_keeps_the_period_in_order(world, plan):
    project = ProjectFactory(plan=plan, responsible=world.worker_a)

    with pytest.raises(ValidationError) as error:
        services.project_update(
            actor=None, project=project, **_project_arguments(world, ends_on=dt.date(2026, 1, 15))
        )
    assert _fields(error) == {"ends_on"}

    services.project_update(actor=None, project=project, **_project_arguments(world, status="running"))
    project.refresh_from_db()
    assert project.status == "running"


# --- Catalogue ----------------------------------------------------------------------------------------------


def test_the_coordinator_adds_and_retires_catalogue_goals(world):
    goal = services.catalogue_goal_create(
        actor=world.users["coordinator"],
        youth_office=world.office,
        level=CatalogueGoal.Level.FINE,
        audience=CatalogueGoal.Audience.CHILDREN,
        title="Kinder bewegen sich täglich",
    )
    services.catalogue_goal_update(actor=world.users["coordinator"], goal=goal, active=False)

    goal.refresh_from_db()
    assert not goal.active
    assert AuditEntry.objects.filter(object_repr="Kinder bewegen sich täglich").count() == 2


def test_a_catalogue_title_is_unique_within_the_office(world):
    CatalogueGoalFactory(youth_office=world.office, title="Familien vernetzen sich")
    CatalogueGoalFactory(youth_office=world.other_office, title="Eigenes Ziel")

    with pytest.raises(ValidationError) as error:
        services.catalogue_goal_create(
            actor=None,
            youth_office=world.office,
            level="fine",
            audience="families",
            title="familien vernetzen sich",
        )
    assert _fields(error) == {"title"}
    services.catalogue_goal_create(
        actor=None, youth_office=world.office, level="rough", audience="general", title="Eigenes Ziel"
    )


def test_the_seed_catalogue_installs_once(world):
    assert services.catalogue_install_defaults(actor=None, youth_office=world.office) == 12
    assert services.catalogue_install_defaults(actor=None, youth_office=world.office) == 0
