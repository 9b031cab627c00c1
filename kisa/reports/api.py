"""Reports endpoints: the annual report's figures (`reports.view_annual`, always suppressed) and the dashboard's
(`reports.view_dashboard`, suppressed for the read-only role and the provider), as the Report shape of
figures.py in JSON. A bad year or a territory the caller may not report on: 422 naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from kisa.core.api import requires_permission
from kisa.reports.annual import annual_report
from kisa.reports.dashboard import dashboard_report
from kisa.reports.figures import report_to_dict

router = Router(tags=["Reports"])
MIN_YEAR, MAX_YEAR = 2000, 2100


def _year(value: str | None) -> int:
    try:
        year = int(value or "")
    except ValueError:
        year = 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {"year": _("Give a year between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}}
        )
    return year


def _id(value: str | None, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError({field: _("Give a number.")}) from None


def _date(value: str | None, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({field: _("Give a date as YYYY-MM-DD.")}) from None


@router.get("/reports/annual", summary="Figures of the annual report")
@requires_permission("reports.view_annual")
def annual(request: HttpRequest, year: str | None = None, territory: str = "office") -> Any:
    """The figures of the annual report for `year` and `territory` (`office`, `social-area-<id>`,
    `association-<id>`); always suppressed: a group below the threshold is null."""
    report = annual_report(user=request.user, year=_year(year), territory_key=territory)
    return report_to_dict(report)


@router.get("/reports/dashboard", summary="Figures of the dashboard")
@requires_permission("reports.view_dashboard")
def dashboard(
    request: HttpRequest,
    year: str | None = None,
    period_from: str | None = None,
    period_to: str | None = None,
    social_area: str | None = None,
    kita: str | None = None,
    employer: str | None = None,
) -> Any:
    start, end = _date(period_from, "period_from"), _date(period_to, "period_to")
    if bool(start) != bool(end):
        raise ValidationError({"period_to" if start else "period_from": _("Give both ends of the period.")})
    report = dashboard_report(
        user=request.user,
        year=_year(year),
        period=(start, end) if start and end else None,
        social_area_id=_id(social_area, "social_area"),
        kita_id=_id(kita, "kita"),
        employer_id=_id(employer, "employer"),
    )
    return report_to_dict(report)
