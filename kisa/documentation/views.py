"""Documentation pages: fast entry (also offline, see static/documentation/entry.js), the activity list,
an entry's detail with its history, corrections, a worker's week and month, statistics, catalogues, and the
web-app manifest and service worker.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from kisa.accounts.selectors import membership_of
from kisa.core.permissions import PermissionMixin, public, requires
from kisa.documentation import forms, selectors, services
from kisa.documentation.models import Activity, ActivityType, Topic
from kisa.registry.models import Kita

STATIC_DIR = Path(__file__).resolve().parent / "static" / "documentation"


def _add_service_errors(form: Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _own_activity(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(selectors.activity_list_visible_to(user=request.user), pk=pk)


@requires("documentation.add_activity")
def entry(request: HttpRequest) -> HttpResponse:
    """The fast-entry page: one screen, prefilled from today's assignment and the last entry."""
    worker = selectors.worker_of(request.user)
    assert worker is not None  # the permission requires it
    services.catalogue_ensure_defaults(youth_office=worker.youth_office)
    today = selectors.today()
    if request.method == "POST":
        form = forms.ActivityForm(request.POST, user=request.user, worker=worker, on=today)
        if form.is_valid():
            try:
                activity, _created = services.activity_create(
                    actor=request.user,
                    worker=worker,
                    data=form.service_data(),
                    client_id=form.cleaned_data.get("client_id"),
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("Saved: %(entry)s.") % {"entry": activity})
                for warning in selectors.consent_warnings_for(activity=activity):
                    messages.warning(request, warning)
                return redirect("documentation:entry")
    else:
        source = None
        if request.GET.get("copy", "").isdigit():
            source = _own_activity(request, int(request.GET["copy"]))
        elif request.GET.get("repeat") == "last":
            source = selectors.last_activity_of(worker=worker)
        initial = selectors.entry_initial(
            worker=worker, today=today, source=source, repeat=request.GET.get("repeat") == "last"
        )
        # From the directory's "document referral" link: the kind of offer and the offer.
        prefill = selectors.referral_prefill(
            user=request.user, category=request.GET.get("referral", ""), offer_id=request.GET.get("offer", "")
        )
        initial.update(prefill)
        form = forms.ActivityForm(
            initial={**initial, "client_id": uuid.uuid4()}, user=request.user, worker=worker, on=today
        )
    recent = selectors.activity_list_visible_to(user=request.user).select_related("activity_type")[:5]
    context = {
        "form": form,
        "recent": recent,
        "has_last": recent.exists(),
        "details_open": not form.is_bound
        and bool(form.initial.get("referrals") and request.GET.get("referral")),
    }
    return render(request, "documentation/activity_entry.html", context)


class ActivityListView(PermissionMixin, ListView):
    """My activities (worker) or the office's (coordinator), filtered by period, Kita, dimension, type."""

    permission_required = "documentation.view_activity_list"
    template_name = "documentation/activity_list.html"
    paginate_by = 25

    def get_queryset(self) -> Any:
        return selectors.activity_list_filtered(user=self.request.user, filters=self.request.GET.dict())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        membership = membership_of(self.request.user)
        worker = selectors.worker_of(self.request.user)
        kitas = (
            selectors.worker_kitas_ever(worker=worker)
            if worker
            else Kita.objects.filter(youth_office_id=membership.youth_office_id)
        )
        filter_form = forms.ActivityFilterForm(
            initial=self.request.GET.dict(), kitas=kitas, youth_office_id=membership.youth_office_id
        )
        return super().get_context_data(filter_form=filter_form, is_own=worker is not None, **kwargs)


@requires("documentation.view_activity_list")
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _own_activity(request, pk)
    if not request.user.has_perm("documentation.view_activity", activity):
        raise Http404
    is_author = request.user.has_perm("documentation.change_activity", activity)
    context = {
        "activity": activity,
        "is_author": is_author,
        "history": selectors.activity_history_for(user=request.user, activity=activity),
    }
    return render(request, "documentation/activity_detail.html", context)


@requires("documentation.add_activity")
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an entry (author only); the former values stay in the entry's history."""
    activity = _own_activity(request, pk)
    if not request.user.has_perm("documentation.change_activity", activity):
        raise Http404
    worker = activity.worker
    if request.method == "POST":
        form = forms.ActivityForm(
            request.POST, user=request.user, worker=worker, on=activity.date, project_id=activity.project_id
        )
        if form.is_valid():
            try:
                services.activity_update(actor=request.user, activity=activity, data=form.service_data())
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("Corrected: %(entry)s.") % {"entry": activity})
                for warning in selectors.consent_warnings_for(activity=activity):
                    messages.warning(request, warning)
                return redirect("documentation:activity_detail", pk=activity.pk)
    else:
        initial = selectors.entry_initial(worker=worker, today=activity.date, source=activity, repeat=True)
        form = forms.ActivityForm(
            initial={**initial, "date": activity.date},
            user=request.user,
            worker=worker,
            on=activity.date,
            project_id=activity.project_id,
        )
    return render(request, "documentation/activity_edit.html", {"form": form, "activity": activity})


@requires("documentation.view_own_summary")
def my_summary(request: HttpRequest) -> HttpResponse:
    """My week or month: hours per dimension, Kita and type, families reached."""
    worker = selectors.worker_of(request.user)
    assert worker is not None
    period = "week" if request.GET.get("period") == "week" else "month"
    try:
        on = parse_date(request.GET.get("date", "")) or selectors.today()
    except ValueError:
        on = selectors.today()
    if not 2000 <= on.year <= 2100:  # "previous"/"next" links at the ends of the calendar would overflow
        on = selectors.today()
    start, end = selectors.period_bounds(period, on)
    summary = selectors.worker_period_summary(worker=worker, start=start, end=end)
    context = {
        "summary": summary,
        "period": period,
        "previous": start - dt.timedelta(days=1),
        "next": end + dt.timedelta(days=1),
    }
    return render(request, "documentation/my_summary.html", context)


@requires("documentation.view_statistics")
def statistics(request: HttpRequest) -> HttpResponse:
    """Figures per dimension, Kita, type, topic or month of a year, as the role may see them."""
    group_by = request.GET.get("group_by", "dimension")
    if group_by not in selectors.GROUP_BY:
        group_by = "dimension"
    year_text = request.GET.get("year", "")
    year = (
        int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else selectors.today().year
    )
    rows = selectors.activity_stats(user=request.user, group_by=group_by, year=year)
    context = {
        "rows": rows,
        "group_by": group_by,
        "year": year,
        "groupings": selectors.GROUP_BY,
        "years": range(selectors.today().year, selectors.today().year - 5, -1),
        "totals": {
            "activities": sum(r.activities or 0 for r in rows),
            "hours": round(sum(r.minutes or 0 for r in rows) / 60, 1),
        },
    }
    return render(request, "documentation/statistics.html", context)


@requires("documentation.view_statistics")
def referral_statistics(request: HttpRequest) -> HttpResponse:
    """Referrals per kind of offer or per offer (Lotsenfunktion), as the role may see them."""
    group_by = request.GET.get("group_by", "category")
    if group_by not in selectors.REFERRAL_GROUP_BY:
        group_by = "category"
    year_text = request.GET.get("year", "")
    year = (
        int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else selectors.today().year
    )
    rows = selectors.referral_stats(user=request.user, group_by=group_by, year=year)
    context = {
        "rows": rows,
        "group_by": group_by,
        "year": year,
        "years": range(selectors.today().year, selectors.today().year - 5, -1),
        "suppressed": selectors.stats_scope(user=request.user)[1],
    }
    return render(request, "documentation/referral_statistics.html", context)


@requires("documentation.manage_catalogue")
def catalogue(request: HttpRequest) -> HttpResponse:
    """The office's activity types and topics: add, rename, deactivate (coordinator)."""
    office = membership_of(request.user).youth_office
    services.catalogue_ensure_defaults(youth_office=office)
    context = {
        "types": selectors.activity_types_for(youth_office_id=office.pk),
        "topics": selectors.topics_for(youth_office_id=office.pk),
    }
    return render(request, "documentation/catalogue.html", context)


CATALOGUES = {"typ": (ActivityType, forms.ActivityTypeForm), "thema": (Topic, forms.TopicForm)}


@requires("documentation.manage_catalogue")
def catalogue_entry(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    if kind not in CATALOGUES:
        raise Http404
    model, form_class = CATALOGUES[kind]
    office = membership_of(request.user).youth_office
    instance = get_object_or_404(model, pk=pk, youth_office=office) if pk else model(youth_office=office)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            if pk:
                services.catalogue_entry_update(actor=request.user, instance=instance, data=form.cleaned_data)
            else:
                services.catalogue_entry_create(actor=request.user, instance=form.instance)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Saved: %(object)s.") % {"object": instance})
            return redirect("documentation:catalogue")
    context = {
        "form": form,
        "instance": instance,
        "is_new": not pk,
        "cancel_url": reverse("documentation:catalogue"),
    }
    return render(request, "documentation/catalogue_form.html", context)


@public
def manifest(request: HttpRequest) -> JsonResponse:
    """The web-app manifest: the fast-entry page installs like an app on the phone's home screen."""
    data = {
        "name": "KiSA – Dokumentation",
        "short_name": "KiSA",
        "lang": "de",
        "start_url": reverse("documentation:entry"),
        "scope": reverse("documentation:entry").rsplit("/", 2)[0] + "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b3d91",
        "icons": [
            {
                "src": static("documentation/icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "any",
            }
        ],
    }
    response = JsonResponse(data)
    response["Content-Type"] = "application/manifest+json"
    return response


@public
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under /dokumentation/ so its scope covers the fast-entry page.

    The script names the static files it caches; their URLs come from Django's `static`, so they stay
    right behind a hashed storage or a CDN prefix.
    """
    assets = [
        static(path)
        for path in (
            "vendor/kern/fonts/fira-sans.css",
            "vendor/kern/kern.min.css",
            "css/kisa.css",
            "vendor/htmx/htmx.min.js",
            "js/nav.js",
            "documentation/entry.js",
            "documentation/documentation.css",
            "documentation/icon.svg",
        )
    ]
    script = (STATIC_DIR / "sw.js").read_text(encoding="utf-8")
    config = {"entry": reverse("documentation:entry"), "assets": assets}
    body = f"const KISA_SW = {json.dumps(config)};\n{script}"
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("documentation:entry").rsplit("/", 2)[0] + "/"
    return response
