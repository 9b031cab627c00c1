"""The planning demo: the 2025 cycle of the surveyed demo Kitas, from findings to review, visible end to end;
2026 plans in different phases; loaded once.

The whole demo, loaded once for all tests (fixture `loaded_demo`), checked from every side; its second load
adds nothing.
"""

from __future__ import annotations

from kisa.documentation.models import Activity
from kisa.planning.demo import RELATED_DIMENSIONS
from kisa.planning.models import ATTAINMENT_LEVELS, Goal, Plan, Project
from kisa.planning.selectors import current_phase, finding_years, plan_phases
from kisa.registry.models import Assignment, Kita
from kisa.surveys.models import SurveyRound
from kisa.surveys.selectors import round_kitas


def test_planning_demo_shows_the_2025_cycle_end_to_end_and_loads_once(loaded_demo):
    assert "Planning: " in loaded_demo.output
    surveyed = set()
    for survey_round in SurveyRound.objects.filter(starts_on__year__in=finding_years(2025)):
        surveyed |= set(round_kitas(survey_round).values_list("pk", flat=True))
    plans = list(Plan.objects.filter(year=2025).select_related("kita"))
    assert len(plans) >= 0.7 * Kita.objects.count(), "most demo Kitas have a 2025 plan"
    assert {plan.kita_id for plan in plans} <= surveyed, "every plan answers a survey of its Kita"
    levels = set()
    for plan in plans:
        assert plan.evaluated_on and plan.evaluation
        assert plan.reviewed_on and plan.review_summary
        workers = set(Assignment.objects.filter(kita=plan.kita).values_list("staff_member_id", flat=True))
        goals = list(plan.goals.prefetch_related("findings", "catalogue_goals", "projects"))
        assert 2 <= len(goals) <= 3
        for goal in goals:
            findings = list(goal.findings.all())
            assert findings, "each goal answers findings"
            assert all(f.kita_id == plan.kita_id for f in findings), "of its own Kita"
            assert all(f.round.starts_on.year in finding_years(2025) for f in findings)
            assert goal.catalogue_goals.exists()
            assert all(text for _level, text in goal.scale())
            assert goal.attainment in ATTAINMENT_LEVELS
            assert goal.status in (Goal.Status.REVIEWED, Goal.Status.CARRIED_OVER)
            assert goal.evidence and goal.lesson
            assert goal.projects.exists(), "each goal is served by a project"
            levels.add(goal.attainment)
        projects = list(plan.projects.all())
        assert 1 <= len(projects) <= 2
        for project in projects:
            assert project.responsible_id in workers, "the Kita's social worker is responsible"
            for activity in project.activities.prefetch_related("kitas"):
                assert plan.kita in activity.kitas.all()
                assert activity.worker_id == project.responsible_id
                assert activity.date.year == 2025
                assert activity.dimension in (
                    project.dimension,
                    *RELATED_DIMENSIONS.get(project.dimension, ()),
                )
        phases = plan_phases(plan=plan, today=loaded_demo.day)
        assert current_phase(phases) is None or current_phase(phases).key == "implementation"
    assert len(levels) >= 4, "attainment spread over the scale"
    with_work = Project.objects.filter(plan__year=2025, activities__isnull=False).distinct().count()
    assert with_work >= 0.8 * Project.objects.filter(plan__year=2025).count()
    assert Goal.objects.filter(plan__year=2025, indicator_source__in=("activities", "participants")).exists()

    carried = Goal.objects.filter(plan__year=2026, carried_from__isnull=False).select_related("carried_from")
    assert carried.exists()
    assert all(goal.carried_from.status == Goal.Status.CARRIED_OVER for goal in carried)
    next_phases = {
        getattr(current_phase(plan_phases(plan=plan, today=loaded_demo.day)), "key", None)
        for plan in Plan.objects.filter(year=2026)
    }
    assert len(next_phases) >= 3, "the 2026 plans stand in different phases"
    assert Activity.objects.filter(project__plan__year=2026, date__year=2026).exists()

    assert "Planning: " in loaded_demo.again
    assert loaded_demo.after_again == loaded_demo.before_again
