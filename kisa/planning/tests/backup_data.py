"""Planning records for the backup/restore test (kisa/core/tests/test_backup.py collects every app's)."""

from typing import Any

from kisa.documentation.tests.factories import ActivityFactory
from kisa.planning.models import Goal, Plan
from kisa.planning.tests.factories import CatalogueGoalFactory, GoalFactory, PlanFactory, ProjectFactory


def populate(*, world: Any, settings: Any) -> None:
    catalogue = CatalogueGoalFactory(youth_office=world.office, title="Familien vernetzen sich untereinander")
    plan = PlanFactory(kita=world.kita_a, year=2025, evaluation="Austausch fehlt.")
    goal = GoalFactory(plan=plan, catalogue_goals=[catalogue], status=Goal.Status.REVIEWED, attainment=-1)
    goal.responsible.set([world.worker_a])
    project = ProjectFactory(plan=plan, responsible=world.worker_a, goals=[goal])
    project.partner_providers.set([world.church])
    ActivityFactory(worker=world.worker_a, project=project, kitas=[world.kita_a])
    carried = GoalFactory(plan=PlanFactory(kita=world.kita_a, year=2026), carried_from=goal)
    goal.status = Goal.Status.CARRIED_OVER
    goal.save(update_fields=["status"])
    assert carried.carried_from_id == goal.pk


def verify(*, world: Any) -> None:
    plan = Plan.objects.get(kita=world.kita_a, year=2025)
    goal = plan.goals.get()
    assert plan.evaluation == "Austausch fehlt."
    assert goal.status == Goal.Status.CARRIED_OVER and goal.attainment == -1
    assert [c.title for c in goal.catalogue_goals.all()] == ["Familien vernetzen sich untereinander"]
    assert list(goal.responsible.all()) == [world.worker_a]
    project = goal.projects.get()
    assert list(project.partner_providers.all()) == [world.church]
    assert project.activities.count() == 1
    assert goal.carried_into.get().plan.year == 2026
