"""The coordinator's overview of every Kita's planning cycle (`/planung/uebersicht/`): coordinator and the
read-only role. The figures come from kisa/planning/overview.py in a fixed number of queries."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kisa.core.permissions import requires
from kisa.core.suppression import small_number_threshold
from kisa.planning import overview as overview_selectors


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year + 1 else this_year


@requires("planning.view_overview")
def overview(request: HttpRequest) -> HttpResponse:
    raw_area = request.GET.get("social_area", "")
    social_area_id = int(raw_area) if raw_area.isdigit() and len(raw_area) < 18 else None
    today = timezone.localdate()
    year = _year(request)
    result = overview_selectors.overview_for(
        user=request.user, year=year, social_area_id=social_area_id, today=today
    )
    context = {
        "overview": result,
        "year": year,
        "years": list(range(today.year + 1, today.year - 5, -1)),
        "social_areas": list(overview_selectors.social_areas_of(user=request.user)),
        "threshold": small_number_threshold(),
    }
    return render(request, "planning/overview.html", context)
