"""The coordinator's overview of all Kitas' planning cycles in one year (issue 5, item 7).

One row per Kita of the office: whether a plan exists, its current phase, overdue steps, goals and reviewed
goals; besides, goals by catalogue goal, the distribution of goal attainment (−2 … +2) and the family-centre
progress. The figures are computed in a fixed number of queries, whatever the number of Kitas:
`plan_phases_bulk` answers what `selectors.plan_phases` answers for one plan, for all plans at once.

Small numbers: the read-only role sees aggregates only, so its attainment counts of 1 to N−1 goals are
suppressed (kisa/core/suppression.py); the coordinator sees every count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.core.suppression import suppressed
from kisa.documentation.models import Activity
from kisa.family_centres.selectors import ProgressSummary, progress_summary
from kisa.planning.models import ATTAINMENT_LEVELS, CatalogueGoal, Goal, Plan, Project
from kisa.planning.selectors import (
    PHASES,
    Phase,
    _labels,
    current_phase,
    finding_years,
    phase_deadline,
    plan_kitas_visible_to,
)
from kisa.registry.models import Kita, SocialArea
from kisa.surveys.models import Finding


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
    """The phases of one Kita's cycle from facts gathered in bulk; the same rules and messages as
    `selectors.plan_phases` (a test keeps the two in step). Without a plan only the survey can be done."""
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
    for row in (
        Project.objects.filter(plan_id__in=plan_ids)
        .annotate(has_work=Exists(Activity.objects.filter(project=OuterRef("pk"))))
        .order_by("plan", "starts_on", "id")
        .values("plan_id", "title", "starts_on", "status", "has_work")
    ):
        projects[row["plan_id"]].append(
            _ProjectFacts(
                title=row["title"], starts_on=row["starts_on"], status=row["status"], has_work=row["has_work"]
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


@dataclass
class KitaRow:
    kita: Kita
    plan: Plan | None
    phases: list[Phase]
    current: Phase | None
    overdue: list[Phase]
    goals: int
    reviewed: int
    family_centre: Any  # kisa.family_centres.selectors.AssessmentProgress | None


@dataclass
class Overview:
    year: int
    social_area: SocialArea | None
    rows: list[KitaRow]
    plans: int
    by_catalogue_goal: list[tuple[CatalogueGoal, int]]
    attainment: list[tuple[int, int | None]]  # (level, count or None when suppressed)
    attainment_total: int | None
    suppressed: bool
    family_centres: ProgressSummary
    phase_counts: list[tuple[str, int]] = field(default_factory=list)


def overview_kitas(*, user: Any, social_area_id: int | None = None) -> QuerySet[Kita]:
    kitas = plan_kitas_visible_to(user=user).order_by("name", "pk")
    if social_area_id is not None:
        kitas = kitas.filter(social_area_id=social_area_id)
    return kitas


def social_areas_of(*, user: Any) -> QuerySet[SocialArea]:
    membership = membership_of(user)
    if membership is None:
        return SocialArea.objects.none()
    return SocialArea.objects.filter(youth_office_id=membership.youth_office_id).order_by("name")


def overview_for(*, user: Any, year: int, social_area_id: int | None = None, today: dt.date) -> Overview:
    """The planning overview for `user` (coordinator or read only: every Kita of the office)."""
    membership = membership_of(user)
    social_area = (
        social_areas_of(user=user).filter(pk=social_area_id).first() if social_area_id is not None else None
    )
    kitas_qs = overview_kitas(user=user, social_area_id=social_area.pk if social_area else None)
    kitas = list(kitas_qs)
    phases = plan_phases_bulk(kitas=kitas, year=year, today=today)
    plan_ids = [plan.pk for plan, _phases_ in phases.values() if plan is not None]
    goal_counts = {
        row["plan_id"]: row
        for row in Goal.objects.filter(plan_id__in=plan_ids)
        .order_by()
        .values("plan_id")
        .annotate(total=Count("id"), reviewed=Count("id", filter=Q(status=Goal.Status.REVIEWED)))
    }
    centres = progress_summary(kitas=kitas_qs, year=year)
    rows = []
    for kita in kitas:
        plan, kita_phases = phases[kita.pk]
        counts = goal_counts.get(plan.pk, {}) if plan else {}
        rows.append(
            KitaRow(
                kita=kita,
                plan=plan,
                phases=kita_phases,
                current=current_phase(kita_phases),
                overdue=[phase for phase in kita_phases if phase.overdue],
                goals=counts.get("total", 0),
                reviewed=counts.get("reviewed", 0),
                family_centre=centres.by_kita.get(kita.pk),
            )
        )
    office_id = membership.youth_office_id if membership else None
    in_scope = Q(goals__plan_id__in=plan_ids)
    by_catalogue = [
        (goal, goal.n)
        for goal in CatalogueGoal.objects.filter(youth_office_id=office_id)
        .annotate(n=Count("goals", filter=in_scope, distinct=True))
        .order_by("level", "audience", "position", "id")
        if goal.n or goal.active
    ]
    raw = dict(
        Goal.objects.filter(plan_id__in=plan_ids, attainment__isnull=False)
        .order_by()
        .values_list("attainment")
        .annotate(n=Count("id"))
        .values_list("attainment", "n")
    )
    aggregate_only = membership is not None and membership.role == Role.READ_ONLY
    attainment = [
        (
            level,
            suppressed(raw.get(level, 0), count=raw.get(level, 0)) if aggregate_only else raw.get(level, 0),
        )
        for level in ATTAINMENT_LEVELS
    ]
    total = sum(raw.values())
    current_keys: dict[str, int] = defaultdict(int)
    for row in rows:
        current_keys[row.current.key if row.current else "complete"] += 1
    return Overview(
        year=year,
        social_area=social_area,
        rows=rows,
        plans=len(plan_ids),
        by_catalogue_goal=by_catalogue,
        attainment=attainment,
        attainment_total=suppressed(total, count=total) if aggregate_only else total,
        suppressed=aggregate_only,
        family_centres=centres,
        phase_counts=[(key, current_keys[key]) for key in (*PHASES, "complete")],
    )
