"""Sozialraumbudget endpoints: budget years with allocated, spent and left, and the bookings.

Same permissions and visibility as the pages (selectors.py): another office's year answers 404.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from kisa.budget import selectors, services
from kisa.budget.models import BudgetYear
from kisa.budget.schemas import (
    BookingCreatedOut,
    BookingFilters,
    BookingIn,
    BookingOut,
    YearDetailOut,
    YearOut,
)
from kisa.core.api import Pagination, requires_permission
from kisa.planning.models import Project
from kisa.registry.models import Kita

router = Router(tags=["Budget"])


def _year_figures(request: HttpRequest, budget_year: BudgetYear, kitas: Any = None) -> dict[str, Any]:
    if not selectors.sees_office_totals(request.user):
        return {"year": budget_year.year}
    summary = selectors.year_summary(budget_year=budget_year, kitas=kitas)
    return {
        "year": budget_year.year,
        "land_share": budget_year.land_share,
        "office_share": budget_year.office_share,
        "total": summary.total,
        "planned_rise_percent": budget_year.planned_rise_percent,
        "central_reserve": budget_year.central_reserve,
        "allocated": summary.allocated,
        "spent": summary.spent,
        "remaining": summary.remaining,
        "spent_by_category": summary.spent_by_category,
    }


def _year(request: HttpRequest, year: int) -> BudgetYear:
    return get_object_or_404(selectors.budget_year_list_visible_to(user=request.user), year=year)


@router.get("/budget/years", response=list[YearOut], summary="Budget years")
@paginate(Pagination, page_size=settings.KISA_API_PAGE_SIZE)
@requires_permission("budget.view_years")
def year_list(request: HttpRequest) -> Any:
    return [_year_figures(request, y) for y in selectors.budget_year_list_visible_to(user=request.user)]


@router.get("/budget/years/{year}", response=YearDetailOut, summary="Budget year: allocated, spent, left")
@requires_permission("budget.view_years")
def year_detail(request: HttpRequest, year: int) -> Any:
    budget_year = _year(request, year)
    kitas = list(selectors.budget_kitas_visible_to(user=request.user))
    summary = selectors.year_summary(budget_year=budget_year, kitas=kitas, viewer=request.user)

    def personnel(value: Any, row: Any) -> Any:
        return None if row.personnel_hidden else value

    rows = [
        {
            "kita": row.kita,
            "allocated": row.allocated,
            "base_amount": row.allocation.base_amount if row.allocation else services.ZERO,
            "social_amount": row.allocation.social_amount if row.allocation else services.ZERO,
            "adjustment": row.allocation.adjustment if row.allocation else services.ZERO,
            "adjustment_reason": row.allocation.adjustment_reason if row.allocation else "",
            "personnel_hidden": row.personnel_hidden,
            "planned_personnel": personnel(row.planned_personnel, row),
            "planned": personnel(row.planned, row),
            "planned_material": row.planned_material,
            "spent_personnel": personnel(row.spent_personnel, row),
            "spent_material": row.spent_material,
            "spent": personnel(row.spent, row),
            "remaining": personnel(row.remaining, row),
        }
        for row in summary.rows
    ]
    return {**_year_figures(request, budget_year), "kitas": rows}


@router.get("/budget/years/{year}/bookings", response=list[BookingOut], summary="Bookings of a year")
@paginate(Pagination, page_size=settings.KISA_API_PAGE_SIZE)
@requires_permission("budget.view_bookings")
def booking_list(request: HttpRequest, year: int, filters: Query[BookingFilters]) -> Any:
    budget_year = _year(request, year)
    params = {k: str(v) for k, v in filters.dict(exclude_none=True).items()}
    return selectors.booking_list_filtered(user=request.user, budget_year=budget_year, filters=params)


@router.post(
    "/budget/years/{year}/bookings", response={201: BookingCreatedOut}, summary="Book an expenditure"
)
@requires_permission("budget.manage")
def booking_create(request: HttpRequest, year: int, payload: BookingIn) -> Any:
    """Beyond the budget the booking is saved with `warnings`, or refused (422 on `amount`) under the office's
    hard stop. Negative amounts are refused."""
    budget_year = _year(request, year)
    data = payload.dict()
    kita_id = data.pop("kita_id")
    kita = None
    if kita_id is not None:
        kita = Kita.objects.filter(youth_office_id=budget_year.youth_office_id, pk=kita_id).first()
        if kita is None:
            raise ValidationError({"kita_id": _("No record with id %(id)s.") % {"id": kita_id}})
    project_id = data.pop("project_id", None)
    project = None
    if project_id is not None:
        project = Project.objects.filter(
            plan__youth_office_id=budget_year.youth_office_id, pk=project_id
        ).first()
        if project is None:
            raise ValidationError({"project_id": _("No record with id %(id)s.") % {"id": project_id}})
    try:
        outcome = services.booking_create(
            actor=request.user, budget_year=budget_year, data={**data, "kita": kita, "project": project}
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field in ("kita", "project"):
                if field in error.error_dict:
                    error.error_dict[f"{field}_id"] = error.error_dict.pop(field)
        raise
    booking: Any = outcome.booking
    booking.warnings = outcome.warnings
    return Status(201, booking)
