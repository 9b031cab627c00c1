"""Planning endpoints: a Kita's plan of a year, and the goals the caller may see.

Same rules as the UI (kisa/planning/rules.py, selectors.py): the Kita's social worker and leadership, the
coordinator, the provider (its Kitas) and the read-only role read; the system admin gets 403; a Kita the
caller does not see (another office's, or one they do not work with) answers 404 like a missing plan.
"""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kisa.core.api import Pagination, requires_permission
from kisa.planning import selectors
from kisa.planning.costs import with_booked_costs
from kisa.planning.models import Goal, Plan

router = Router(tags=["Planning"])
PAGE = {"page_size": settings.KISA_API_PAGE_SIZE}

GoalStatus = Literal["open", "reviewed", "carried_over"]
MAX_ID = 2**63 - 1


class KitaRef(Schema):
    id: int
    name: str


class PhaseOut(Schema):
    key: str
    label: str
    done: bool
    missing: list[str]
    due_on: dt.date | None
    overdue: bool


class ScaleLevel(Schema):
    level: int
    description: str


class GoalOut(Schema):
    id: int
    kita: KitaRef
    year: int
    title: str
    finding_ids: list[int]
    catalogue_goal_ids: list[int]
    target_group: str
    indicator: str
    indicator_source: str
    baseline: Decimal
    target_value: Decimal
    target_date: dt.date
    responsible: list[str]
    scale: list[ScaleLevel]
    status: str
    attainment: int | None
    actual_value: Decimal | None
    evidence: str
    lesson: str
    reviewed_on: dt.date | None
    carried_from_id: int | None

    @staticmethod
    def resolve_kita(obj: Goal) -> dict[str, Any]:
        return {"id": obj.plan.kita_id, "name": obj.plan.kita.name}

    @staticmethod
    def resolve_year(obj: Goal) -> int:
        return obj.plan.year

    @staticmethod
    def resolve_finding_ids(obj: Goal) -> list[int]:
        return [finding.pk for finding in obj.findings.all()]

    @staticmethod
    def resolve_catalogue_goal_ids(obj: Goal) -> list[int]:
        return [goal.pk for goal in obj.catalogue_goals.all()]

    @staticmethod
    def resolve_responsible(obj: Goal) -> list[str]:
        return [str(person) for person in obj.responsible.all()]

    @staticmethod
    def resolve_scale(obj: Goal) -> list[dict[str, Any]]:
        return [{"level": level, "description": text} for level, text in obj.scale()]


class PlanGoalOut(GoalOut):
    documented_value: int | None = Field(
        description="The indicator as documented work shows it (activities of the goal's projects in the plan "
        "period); null when the indicator is not taken from documented work."
    )

    @staticmethod
    def resolve_documented_value(obj: Goal) -> int | None:
        return selectors.documented_value(goal=obj)


class ProjectOut(Schema):
    id: int
    title: str
    description: str
    goal_ids: list[int]
    dimension: str
    starts_on: dt.date
    ends_on: dt.date
    responsible: str
    partner_provider_ids: list[int]
    partner_service_ids: list[int]
    planned_hours: Decimal
    actual_hours: Decimal = Field(description="Duration of the documented activities linked to the project.")
    activity_count: int
    planned_costs: Decimal
    actual_costs: Decimal
    booked_costs: Decimal = Field(
        description="Sum of the budget bookings linked to the project (reversals subtract)."
    )
    status: str

    @staticmethod
    def resolve_goal_ids(obj: Any) -> list[int]:
        return [goal.pk for goal in obj.goals.all()]

    @staticmethod
    def resolve_responsible(obj: Any) -> str:
        return str(obj.responsible)

    @staticmethod
    def resolve_partner_provider_ids(obj: Any) -> list[int]:
        return [provider.pk for provider in obj.partner_providers.all()]

    @staticmethod
    def resolve_partner_service_ids(obj: Any) -> list[int]:
        return [service.pk for service in obj.partner_services.all()]

    @staticmethod
    def resolve_actual_hours(obj: Any) -> Decimal:
        return (Decimal(obj.actual_minutes) / 60).quantize(Decimal("0.1"))


class PlanOut(Schema):
    id: int
    kita: KitaRef
    year: int
    starts_on: dt.date
    ends_on: dt.date
    evaluation: str
    evaluated_on: dt.date | None
    review_summary: str
    reviewed_on: dt.date | None
    phases: list[PhaseOut]
    goals: list[PlanGoalOut]
    projects: list[ProjectOut]


class PlanQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Default: this year.")


class GoalFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    status: GoalStatus | None = None
    kita: int | None = Field(None, ge=1, le=MAX_ID)


def _goals(goals: Any) -> Any:
    return goals.select_related("plan", "plan__kita").prefetch_related(
        "findings", "catalogue_goals", "responsible"
    )


@router.get("/kitas/{kita_id}/plan", response=PlanOut, summary="A Kita's plan of a year, with phases")
@requires_permission("planning.view_plan")
def plan_detail(request: HttpRequest, kita_id: int, query: Query[PlanQuery]) -> Any:
    year = query.year or timezone.localdate().year
    if not 1 <= kita_id <= MAX_ID:
        raise Http404
    plan = selectors.plan_list_visible_to(user=request.user).filter(kita_id=kita_id, year=year).first()
    if plan is None:
        raise Http404
    plan = Plan.objects.select_related("kita").get(pk=plan.pk)
    goals = list(_goals(plan.goals.all()))
    projects = with_booked_costs(
        selectors.with_effort(plan.projects.select_related("responsible"))
    ).prefetch_related(
        Prefetch("goals", queryset=Goal.objects.only("pk")), "partner_providers", "partner_services"
    )
    return {
        "id": plan.pk,
        "kita": {"id": plan.kita_id, "name": plan.kita.name},
        "year": plan.year,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "evaluation": plan.evaluation,
        "evaluated_on": plan.evaluated_on,
        "review_summary": plan.review_summary,
        "reviewed_on": plan.reviewed_on,
        "phases": selectors.plan_phases(plan=plan, today=timezone.localdate()),
        "goals": goals,
        "projects": list(projects),
    }


@router.get("/goals", response=list[GoalOut], summary="Goals of the plans the caller may see")
@paginate(Pagination, **PAGE)
@requires_permission("planning.view_plan")
def goal_list(request: HttpRequest, filters: Query[GoalFilters]) -> Any:
    goals = selectors.goal_list_visible_to(user=request.user)
    if filters.year is not None:
        goals = goals.filter(plan__year=filters.year)
    if filters.status is not None:
        goals = goals.filter(status=filters.status)
    if filters.kita is not None:
        goals = goals.filter(plan__kita_id=filters.kita)
    return _goals(goals).order_by("plan__kita__name", "-plan__year", "target_date", "id")
