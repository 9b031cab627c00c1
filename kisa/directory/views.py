"""Directory pages: the public offer search (no login), the staff directory with the referral search, the
coordinator's editing, HSDS import and export, and the reachability analysis.

Rows come from the selectors (own office; the public sees every active offer); writes go through the
services. Maps are server-rendered SVG with the same figures as a table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kisa.accounts.selectors import membership_of
from kisa.core.languages import DEFAULT_PUBLIC_LANGUAGES, public_language, requested_public_language
from kisa.core.permissions import public, requires
from kisa.directory import forms, hsds, selectors, services
from kisa.directory.categories import ServiceCategory
from kisa.directory.maps import CLASSES, UNREACHABLE, MapPoint, colour_for, render_map
from kisa.directory.models import Reachability, Service
from kisa.registry.models import Municipality
from kisa.registry.views import ServiceFormView, ServiceUpdateView, VisibleDetailView

PAGE_SIZE = 25


def _offer_points(services_: list[Service]) -> list[MapPoint]:
    return [
        MapPoint(
            float(s.location.latitude),
            float(s.location.longitude),
            f"{s.name} ({s.location.city})",
            kind="offer",
        )
        for s in services_
    ]


def _context_points(services_: list[Service]) -> list[MapPoint]:
    """The municipalities of the offers' districts, in grey: where the offers lie, without map tiles."""
    offices = {s.youth_office_id for s in services_}
    municipalities = Municipality.objects.filter(district__youth_offices__in=offices).distinct()
    return [
        MapPoint(
            float(m.latitude),
            float(m.longitude),
            m.name,
            colour="#c9d1d9",
            kind="context",
            boundary=m.boundary,
        )
        for m in municipalities
    ]


# --- Public pages ----------------------------------------------------------------------------------------------


def _public_render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    code = requested_public_language(request)
    language = public_language(code)
    with translation.override(code):
        context |= {
            "public_language": language,
            "public_languages": DEFAULT_PUBLIC_LANGUAGES,
            "text_direction": "rtl" if language and language.right_to_left else "ltr",
        }
        response = render(request, template, context)
    response.headers["Content-Language"] = code
    return response


@public
def public_search(request: HttpRequest) -> HttpResponse:
    """Families search offers by place, category, language and age; list and map."""
    form = forms.SearchForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.SearchFilters()
    found = selectors.service_search(selectors.public_service_list(), filters)
    if filters.near:
        rows = selectors.sorted_by_distance(found, filters.near)
    else:
        rows = [(service, None) for service in found.order_by("name", "pk")]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    offers = [service for service, _distance in page.object_list]
    with translation.override(requested_public_language(request)):
        offer_map = render_map(
            _context_points(offers) + _offer_points(offers),
            title=_("Map of the offers found"),
            map_id="offers-map",
        )
    return _public_render(
        request,
        "directory/public_search.html",
        {
            "form": form,
            "page_obj": page,
            "rows": page.object_list,
            "count": len(rows),
            "offer_map": offer_map,
        },
    )


@public
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(selectors.public_service_list().prefetch_related("schedules"), pk=pk)
    with translation.override(requested_public_language(request)):
        offer_map = render_map(
            _context_points([service]) + _offer_points([service]),
            title=_("Location of the offer"),
            map_id="offer-map",
        )
    return _public_render(
        request, "directory/public_detail.html", {"service": service, "offer_map": offer_map}
    )


# --- Staff directory and referral search -------------------------------------------------------------------------


@requires("directory.view_service")
def service_list(request: HttpRequest) -> HttpResponse:
    """The office's offers; with "reachable from", the bus-and-train times from the family's municipality."""
    form = forms.StaffSearchForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.SearchFilters()
    found = list(selectors.service_search(selectors.service_list_visible_to(user=request.user), filters))
    origin = form.cleaned_data.get("origin") if form.is_bound and form.is_valid() else None
    max_minutes = form.cleaned_data.get("max_minutes") if form.is_bound and form.is_valid() else None
    times = selectors.transit_times_from(origin=origin, services=found) if origin else {}
    rows = [(service, times.get(service.pk)) for service in found]
    if origin:
        rows = [
            row
            for row in rows
            if max_minutes is None
            or (row[1] and row[1].median_minutes is not None and row[1].median_minutes <= max_minutes)
        ]
        rows.sort(
            key=lambda row: (
                row[1].median_minutes if row[1] and row[1].median_minutes is not None else 10**6,
                row[0].name,
            )
        )
    elif filters.near:
        distances = {s.pk: d for s, d in selectors.sorted_by_distance(found, filters.near)}
        rows.sort(key=lambda row: (distances[row[0].pk], row[0].name))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "rows": page.object_list,
        "count": len(rows),
        "origin": origin,
        "has_timetable": selectors.current_timetable() is not None if origin else True,
    }
    return render(request, "directory/service_list.html", context)


class ServiceDetailView(VisibleDetailView):
    permission_required = "directory.view_service"
    template_name = "directory/service_detail.html"
    visible = staticmethod(selectors.service_list_visible_to)

    def related(self) -> dict[str, Any]:
        return {
            "schedules": list(self.object.schedules.all()),
            "service_area": list(self.object.service_area.all()),
            "offer_map": render_map(
                _offer_points([self.object]), title=_("Location of the offer"), map_id="offer-map"
            ),
        }


class DirectoryFormMixin:
    permission_required = "directory.manage"
    template_name = "registry/object_form.html"
    detail_url = "directory:service_detail"


class ServiceCreateView(DirectoryFormMixin, ServiceFormView):
    form_class = forms.ServiceForm
    title = gettext_lazy("New offer")

    def save(self, data: Mapping[str, Any]) -> Model:
        values = dict(data)
        area = values.pop("service_area", [])
        schedules = values.pop("opening_times", [])
        return services.service_create(
            actor=self.request.user,
            youth_office=self.office,
            data=values,
            service_area=area,
            schedules=schedules,
        )


class ServiceUpdateViewDirectory(DirectoryFormMixin, ServiceUpdateView):
    form_class = forms.ServiceForm
    visible = staticmethod(selectors.service_list_visible_to)

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        initial["service_area"] = list(self.get_object().service_area.all())
        initial["opening_times"] = forms.format_opening_times(self.get_object().schedules.all())
        return initial

    def save(self, data: Mapping[str, Any]) -> Model:
        values = dict(data)
        area = values.pop("service_area", [])
        schedules = values.pop("opening_times", [])
        return services.service_update(
            actor=self.request.user,
            service=self.get_object(),
            data=values,
            service_area=area,
            schedules=schedules,
        )


class OrganizationCreateView(DirectoryFormMixin, ServiceFormView):
    form_class = forms.OrganizationForm
    title = gettext_lazy("New organization")

    def save(self, data: Mapping[str, Any]) -> Model:
        return services.organization_create(actor=self.request.user, youth_office=self.office, data=data)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        return redirect("directory:location_create") if response.status_code == 302 else response


class LocationCreateView(DirectoryFormMixin, ServiceFormView):
    form_class = forms.LocationForm
    title = gettext_lazy("New location")

    def save(self, data: Mapping[str, Any]) -> Model:
        return services.location_create(actor=self.request.user, youth_office=self.office, data=data)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        return redirect("directory:service_create") if response.status_code == 302 else response


class PlaceUpdateMixin:
    """Edit an organization or a location; back to the offer directory afterwards."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # type: ignore[misc]
        return redirect("directory:service_list") if response.status_code == 302 else response


class OrganizationUpdateView(PlaceUpdateMixin, DirectoryFormMixin, ServiceUpdateView):
    form_class = forms.OrganizationForm
    visible = staticmethod(selectors.organization_list_visible_to)

    def save(self, data: Mapping[str, Any]) -> Model:
        return services.organization_update(
            actor=self.request.user, organization=self.get_object(), data=data
        )


class LocationUpdateView(PlaceUpdateMixin, DirectoryFormMixin, ServiceUpdateView):
    form_class = forms.LocationForm
    visible = staticmethod(selectors.location_list_visible_to)

    def save(self, data: Mapping[str, Any]) -> Model:
        return services.location_update(actor=self.request.user, location=self.get_object(), data=data)


@require_POST
@requires("directory.manage")
def service_verify(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(selectors.service_list_visible_to(user=request.user), pk=pk)
    services.service_verify(actor=request.user, service=service)
    messages.success(request, _("Marked as verified today: %(object)s.") % {"object": service})
    return redirect("directory:service_detail", pk=service.pk)


# --- Import and export -------------------------------------------------------------------------------------------


@requires("directory.import")
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload an HSDS data package: checked whole, nothing written on any error, errors per file/row/column."""
    office = membership_of(request.user).youth_office
    form = forms.HsdsUploadForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    summary = None
    if request.method == "POST" and form.is_valid():
        try:
            summary = hsds.import_package(
                actor=request.user, youth_office=office, source=form.cleaned_data["file"]
            )
        except hsds.HsdsError as error:
            problems = error.problems
    return render(
        request, "directory/import_form.html", {"form": form, "problems": problems, "summary": summary}
    )


@requires("directory.import")
def export_package(request: HttpRequest, kind: str) -> HttpResponse:
    office = membership_of(request.user).youth_office
    if kind == "json":
        data, content_type = hsds.export_json(youth_office=office), "application/json"
    elif kind == "zip":
        data, content_type = hsds.export_zip(youth_office=office), "application/zip"
    else:
        raise Http404
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="angebote-hsds.{kind}"'
    return response


# --- Analysis -----------------------------------------------------------------------------------------------------


@requires("directory.view_analysis")
def analysis(request: HttpRequest) -> HttpResponse:
    """Municipalities coloured by bus-and-train time to the nearest offer of a category, as map and table;
    white spots beyond the threshold with their young children; car against bus."""
    form = forms.AnalysisForm(request.GET or {"category": ServiceCategory.PARENTING_COUNSELLING})
    category = form.cleaned_data["category"] if form.is_valid() else ServiceCategory.PARENTING_COUNSELLING
    threshold = (
        form.cleaned_data.get("threshold") if form.is_valid() else None
    ) or settings.KISA_REACHABILITY_WHITE_SPOT_MINUTES
    rows = selectors.municipality_reachability(user=request.user, category=category)
    spots = selectors.white_spots(user=request.user, category=category, threshold_minutes=threshold)
    points = [
        MapPoint(
            float(r.municipality.latitude),  # type: ignore[union-attr]
            float(r.municipality.longitude),  # type: ignore[union-attr]
            f"{r.municipality}: {_minutes(r.transit_median_minutes)}",
            colour=colour_for(r.transit_median_minutes),
            boundary=r.municipality.boundary,  # type: ignore[union-attr]
        )
        for r in rows
    ]
    offers = {r.transit_service_id: r.transit_service for r in rows if r.transit_service is not None}
    offers |= {r.nearest_service_id: r.nearest_service for r in rows if r.nearest_service is not None}
    offer_list = [o for o in offers.values() if o is not None]
    locations = Service.objects.filter(pk__in=[o.pk for o in offer_list]).select_related("location")
    label = ServiceCategory(category).label
    analysis_map = render_map(
        points + _offer_points(list(locations)),
        title=_("Municipalities by bus-and-train time to the nearest offer: %(category)s")
        % {"category": label},
        map_id="analysis-map",
    )
    context = {
        "form": form,
        "category_label": label,
        "rows": rows,
        "spots": spots,
        "threshold": threshold,
        "children_in_spots": sum(s.children_under_7 or 0 for s in spots),
        "summary": selectors.reachability_summary(rows),
        "kita_rows": selectors.kita_reachability(user=request.user, category=category),
        "analysis_map": analysis_map,
        "legend": [(colour, label_) for _limit, colour, label_ in CLASSES] + [UNREACHABLE],
        "computed_at": rows[0].computed_at if rows else None,
        "kind_municipality": Reachability.OriginKind.MUNICIPALITY,
        "today": timezone.localdate(),
    }
    return render(request, "directory/analysis.html", context)


def _minutes(value: float | None) -> str:
    return (
        _("not reachable in the window")
        if value is None
        else _("%(minutes)s min") % {"minutes": round(value)}
    )
