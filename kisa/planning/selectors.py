"""Reads of the planning cycle: which Kitas' plans a user sees or edits, and where each plan stands.

Scope: coordinators and the read-only role see every Kita of the office; a social worker the Kitas they are
assigned to today; Kita leadership the Kitas they lead; a provider its Kitas (read only). System
administrators run the system and see no plans.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.documentation.models import Activity, Dimension
from kisa.planning.models import CatalogueGoal, Goal, Plan, Project
from kisa.registry.models import Kita
from kisa.registry.selectors import kita_list_visible_to
from kisa.surveys.models import Finding

READER_ROLES = frozenset(
    {Role.COORDINATOR, Role.READ_ONLY, Role.SOCIAL_WORKER, Role.KITA_LEAD, Role.PROVIDER}
)
EDITOR_ROLES = frozenset({Role.SOCIAL_WORKER, Role.KITA_LEAD})
OVERVIEW_ROLES = frozenset({Role.COORDINATOR, Role.READ_ONLY})


def _role(user: Any) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def plan_kitas_visible_to(*, user: Any) -> QuerySet[Kita]:
    """Kitas whose plans `user` may read."""
    if _role(user) not in READER_ROLES:
        return Kita.objects.none()
    return kita_list_visible_to(user=user)


def plan_kitas_editable_by(*, user: Any) -> QuerySet[Kita]:
    """Kitas whose plans `user` may write: the Kita's social worker and its leadership."""
    if _role(user) not in EDITOR_ROLES:
        return Kita.objects.none()
    return kita_list_visible_to(user=user)


def plan_list_visible_to(*, user: Any) -> QuerySet[Plan]:
    return Plan.objects.filter(kita__in=plan_kitas_visible_to(user=user)).select_related("kita")


def goal_list_visible_to(*, user: Any) -> QuerySet[Goal]:
    return Goal.objects.filter(plan__in=plan_list_visible_to(user=user)).select_related("plan", "plan__kita")


def project_list_visible_to(*, user: Any) -> QuerySet[Project]:
    return Project.objects.filter(plan__in=plan_list_visible_to(user=user)).select_related(
        "plan", "plan__kita", "responsible"
    )


def catalogue_for(*, youth_office_id: int, include_inactive: bool = False) -> QuerySet[CatalogueGoal]:
    goals = CatalogueGoal.objects.filter(youth_office_id=youth_office_id)
    return goals if include_inactive else goals.filter(active=True)


def finding_years(plan_year: int) -> tuple[int, int]:
    """A plan answers the findings of the previous year's round and of a round early in its own year."""
    return (plan_year - 1, plan_year)


# --- Phases -------------------------------------------------------------------------------------------------

PHASES = ("survey", "evaluation", "goals", "projects", "implementation", "review")


@dataclass(frozen=True)
class Phase:
    key: str
    label: str
    done: bool
    missing: list[str] = field(default_factory=list)
    due_on: dt.date | None = None
    overdue: bool = False


def phase_deadline(*, key: str, year: int) -> dt.date | None:
    """The date by which a phase should be done (KISA_PLANNING_DEADLINES: month and day, relative to the plan
    year; the review falls in the following year)."""
    month_day = settings.KISA_PLANNING_DEADLINES.get(key)
    if month_day is None:
        return None
    month, day = month_day
    return dt.date(year + 1 if key == "review" else year, month, day)


def _labels() -> dict[str, str]:
    return {
        "survey": _("Survey"),
        "evaluation": _("Evaluation"),
        "goals": _("Goals"),
        "projects": _("Projects"),
        "implementation": _("Implementation"),
        "review": _("Review"),
    }


@dataclass
class _GoalFacts:
    title: str
    status: str
    answers_something: bool
    served: bool


@dataclass
class _ProjectFacts:
    title: str
    starts_on: dt.date
    status: str
    has_work: bool


def _phases(
    *,
    year: int,
    today: dt.date,
    has_plan: bool,
    has_findings: bool,
    evaluated: bool,
    goals: list[_GoalFacts],
    projects: list[_ProjectFacts],
) -> list[Phase]:
    """The phases of one Kita's cycle from facts gathered in bulk; Without a plan only the survey can be done."""
    missing: dict[str, list[str]] = {key: [] for key in PHASES}
    done: dict[str, bool] = {"survey": has_findings}
    if not has_findings:
        missing["survey"].append(
            _("No survey findings for this Kita from %(first)s or %(second)s.")
            % dict(zip(("first", "second"), finding_years(year), strict=True))
        )
    done["evaluation"] = evaluated
    if not evaluated:
        missing["evaluation"].append(
            _("The findings have not been evaluated yet.") if has_plan else _("No plan for this year yet.")
        )
    done["goals"] = bool(goals)
    if not goals:
        missing["goals"].append(_("No goals yet."))
    missing["goals"] += [
        _("“%(goal)s” answers no finding and no catalogue goal.") % {"goal": goal.title}
        for goal in goals
        if not goal.answers_something
    ]
    unserved = [goal for goal in goals if goal.status == Goal.Status.OPEN and not goal.served]
    done["projects"] = bool(projects) and not unserved
    if not projects:
        missing["projects"].append(_("No projects yet."))
    missing["projects"] += [_("No project serves “%(goal)s”.") % {"goal": goal.title} for goal in unserved]
    with_work = [p for p in projects if p.has_work]
    started = [p for p in projects if p.starts_on <= today and p.status != Project.Status.CANCELLED]
    without_work = [p for p in started if not p.has_work]
    done["implementation"] = bool(with_work) and not without_work
    if not with_work:
        missing["implementation"].append(_("No documented activity is linked to a project yet."))
    missing["implementation"] += [
        _("No documented activity for “%(project)s”.") % {"project": p.title} for p in without_work
    ]
    unreviewed = [goal for goal in goals if goal.status == Goal.Status.OPEN]
    done["review"] = bool(goals) and not unreviewed
    if unreviewed:
        missing["review"].append(
            _("%(count)s of %(total)s goals not reviewed yet.")
            % {"count": len(unreviewed), "total": len(goals)}
        )
    elif not goals:
        missing["review"].append(_("Nothing to review yet."))
    labels = _labels()
    phases = []
    for key in PHASES:
        due_on = phase_deadline(key=key, year=year)
        phases.append(
            Phase(
                key=key,
                label=labels[key],
                done=done[key],
                missing=missing[key] if not done[key] or missing[key] else [],
                due_on=due_on,
                overdue=not done[key] and due_on is not None and today > due_on,
            )
        )
    return phases


def plan_phases_bulk(
    *, kitas: list[Kita], year: int, today: dt.date
) -> dict[int, tuple[Plan | None, list[Phase]]]:
    """For each Kita: its plan of `year` (or None) and the plan's phases. Four queries for any number of
    Kitas: plans, Kitas with findings, goals (with their links counted), projects (with documented work)."""
    kita_ids = [kita.pk for kita in kitas]
    plans = {plan.kita_id: plan for plan in Plan.objects.filter(kita_id__in=kita_ids, year=year)}
    with_findings = set(
        Finding.objects.filter(kita_id__in=kita_ids, round__starts_on__year__in=finding_years(year))
        .order_by()
        .values_list("kita_id", flat=True)
        .distinct()
    )
    plan_ids = [plan.pk for plan in plans.values()]
    goals: dict[int, list[_GoalFacts]] = defaultdict(list)
    for row in (
        Goal.objects.filter(plan_id__in=plan_ids)
        .annotate(
            n_findings=Count("findings", distinct=True),
            n_catalogue=Count("catalogue_goals", distinct=True),
            n_projects=Count("projects", distinct=True),
        )
        .order_by("plan", "target_date", "id")
        .values("plan_id", "title", "status", "n_findings", "n_catalogue", "n_projects")
    ):
        goals[row["plan_id"]].append(
            _GoalFacts(
                title=row["title"],
                status=row["status"],
                answers_something=bool(row["n_findings"] or row["n_catalogue"]),
                served=bool(row["n_projects"]),
            )
        )
    projects: dict[int, list[_ProjectFacts]] = defaultdict(list)
    for project_row in (
        Project.objects.filter(plan_id__in=plan_ids)
        .annotate(has_work=Exists(Activity.objects.filter(project=OuterRef("pk"))))
        .order_by("plan", "starts_on", "id")
        .values("plan_id", "title", "starts_on", "status", "has_work")
    ):
        projects[project_row["plan_id"]].append(
            _ProjectFacts(
                title=project_row["title"],
                starts_on=project_row["starts_on"],
                status=project_row["status"],
                has_work=project_row["has_work"],
            )
        )
    result: dict[int, tuple[Plan | None, list[Phase]]] = {}
    for kita_id in kita_ids:
        plan = plans.get(kita_id)
        result[kita_id] = (
            plan,
            _phases(
                year=year,
                today=today,
                has_plan=plan is not None,
                has_findings=kita_id in with_findings,
                evaluated=plan is not None and plan.evaluated_on is not None,
                goals=goals[plan.pk] if plan else [],
                projects=projects[plan.pk] if plan else [],
            ),
        )
    return result


def plan_phases(*, plan: Plan, today: dt.date) -> list[Phase]:
    """Where the plan stands: each phase with what is done and what is still missing."""
    return plan_phases_bulk(kitas=[plan.kita], year=plan.year, today=today)[plan.kita_id][1]


def current_phase(phases: list[Phase]) -> Phase | None:
    """The first phase not done yet; None when the cycle is complete."""
    return next((phase for phase in phases if not phase.done), None)


@dataclass(frozen=True)
class PlanStatus:
    """One Kita's plan of a year at a glance: the plan (or None), its current phase and overdue steps."""

    kita: Kita
    plan: Plan | None
    current: Phase | None
    overdue: int


def plan_statuses(*, kitas: QuerySet[Kita], year: int, today: dt.date) -> list[PlanStatus]:
    """Each Kita's plan of `year` and where it stands, in a fixed number of queries."""
    kitas_list = list(kitas)
    phases = plan_phases_bulk(kitas=kitas_list, year=year, today=today)
    statuses = []
    for kita in kitas_list:
        plan, kita_phases = phases[kita.pk]
        statuses.append(
            PlanStatus(
                kita=kita,
                plan=plan,
                current=current_phase(kita_phases) if plan else None,
                overdue=sum(phase.overdue for phase in kita_phases) if plan else 0,
            )
        )
    return statuses


# --- Implementation: what documented work shows ------------------------------------------------------------


def with_effort(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Projects annotated with their documented work: `activity_count` and `actual_minutes` (the duration
    of the activities linked to each project)."""
    return projects.annotate(
        activity_count=Count("activities", distinct=True),
        actual_minutes=Coalesce(Sum("activities__duration_minutes"), 0),
    )


def documented_value(*, goal: Goal) -> int | None:
    """The goal's indicator as documented work shows it, over the activities linked to the projects that serve
    the goal within the plan period; None when the indicator is not taken from documented work.

    Families reached counts the distinct cases worked on plus each case-specific activity without a case
    (as the worker's summary does); participants adds up adults and children of the activities."""
    if goal.indicator_source not in DOCUMENTED_SOURCES:
        return None
    activities = Activity.objects.filter(
        project__goals=goal, date__gte=goal.plan.starts_on, date__lte=goal.plan.ends_on
    ).distinct()
    if goal.indicator_source == Goal.IndicatorSource.ACTIVITIES:
        return activities.count()
    if goal.indicator_source == Goal.IndicatorSource.PARTICIPANTS:
        totals = Activity.objects.filter(pk__in=activities.values("pk")).aggregate(
            people=Coalesce(Sum("adults"), 0) + Coalesce(Sum("children"), 0)
        )
        return int(totals["people"])
    cases = activities.exclude(case__isnull=True).values("case").distinct().count()
    return cases + activities.filter(dimension=Dimension.CASE, case__isnull=True).count()


DOCUMENTED_SOURCES = frozenset(
    {
        Goal.IndicatorSource.FAMILIES_REACHED,
        Goal.IndicatorSource.PARTICIPANTS,
        Goal.IndicatorSource.ACTIVITIES,
    }
)
