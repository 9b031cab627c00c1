"""The coordinator's overview of all Kitas' planning cycles in one year (issue 5, item 7).

One row per Kita of the office: whether a plan exists, its current phase, overdue steps, goals and reviewed
goals; besides, goals by catalogue goal, the distribution of goal attainment (−2 … +2) and the family-centre
progress. The figures are computed in a fixed number of queries, whatever the number of Kitas:
`selectors.plan_phases_bulk` gives every Kita's phases at once.

Small numbers: the read-only role sees aggregates only, so its attainment counts of 1 to N−1 goals are
suppressed (kisa/core/suppression.py); the coordinator sees every count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.core.suppression import suppressed
from kisa.family_centres.selectors import ProgressSummary, progress_summary
from kisa.planning.models import ATTAINMENT_LEVELS, CatalogueGoal, Goal, Plan
from kisa.planning.selectors import (
    PHASES,
    Phase,
    current_phase,
    plan_kitas_visible_to,
    plan_phases_bulk,
)
from kisa.registry.models import Kita, SocialArea


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
