"""Family-centre pages: the criterion set, a Kita's yearly self-assessment, progress across Kitas and years.

Kitas come from the selectors, so another office's Kita (or one the user does not work with) answers 404; a
role without the page's permission gets 403. Writes go through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kisa.accounts.selectors import membership_of
from kisa.core.permissions import requires
from kisa.family_centres import forms, selectors, services
from kisa.registry.models import Kita


def _add_errors(form: Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _office(request: HttpRequest) -> Any:
    return membership_of(request.user).youth_office  # type: ignore[union-attr]


# --- Criteria ------------------------------------------------------------------------------------------


@requires("family_centres.view_criteria")
def criteria_list(request: HttpRequest) -> HttpResponse:
    criteria = list(selectors.criteria_visible_to(user=request.user))
    groups = [
        (label, [c for c in criteria if c.area == area])
        for area, label in ((a, a.label) for a in selectors.AREAS)
    ]
    return render(request, "family_centres/criteria_list.html", {"groups": groups, "empty": not criteria})


@require_POST
@requires("family_centres.manage_criteria")
def criteria_defaults(request: HttpRequest) -> HttpResponse:
    created = services.criteria_install_defaults(actor=request.user, youth_office=_office(request))
    if created:
        messages.success(request, _("The default criterion set was installed."))
    return redirect("family_centres:criteria_list")


def _criterion_form(request: HttpRequest, criterion: Any = None) -> HttpResponse:
    initial = {"active": True}
    if criterion is not None:
        initial = {f: getattr(criterion, f) for f in ("area", "level", "text", "position", "active")}
    form = forms.CriterionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if criterion is None:
                services.criterion_create(
                    actor=request.user,
                    youth_office=_office(request),
                    area=data["area"],
                    level=data["level"],
                    text=data["text"],
                    position=data["position"],
                )
            else:
                services.criterion_update(
                    actor=request.user,
                    youth_office=_office(request),
                    criterion=criterion,
                    area=data["area"],
                    level=data["level"],
                    text=data["text"],
                    position=data["position"] if data["position"] is not None else criterion.position,
                    active=data["active"],
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("family_centres:criteria_list")
    title = _("New criterion") if criterion is None else _("Edit criterion")
    context = {"form": form, "title": title, "cancel_url": reverse("family_centres:criteria_list")}
    return render(request, "family_centres/object_form.html", context, status=422 if form.errors else 200)


@requires("family_centres.manage_criteria")
def criterion_create(request: HttpRequest) -> HttpResponse:
    return _criterion_form(request)


@requires("family_centres.manage_criteria")
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _criterion_form(
        request, get_object_or_404(selectors.criteria_visible_to(user=request.user), pk=pk)
    )


@require_POST
@requires("family_centres.manage_criteria")
def criterion_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = get_object_or_404(selectors.criteria_visible_to(user=request.user), pk=pk)
    services.criterion_deactivate(actor=request.user, youth_office=_office(request), criterion=criterion)
    messages.success(request, _("The criterion is no longer used in new self-assessments."))
    return redirect("family_centres:criteria_list")


# --- Self-assessment -----------------------------------------------------------------------------------


def _kita_for(request: HttpRequest, kita_id: int, permission: str) -> Kita:
    kita = get_object_or_404(selectors.assessment_kitas_visible_to(user=request.user), pk=kita_id)
    if not request.user.has_perm(permission, kita):
        raise PermissionDenied
    return kita


def _valid_year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


@requires("family_centres.view_assessment")
def kita_index(request: HttpRequest) -> HttpResponse:
    """The Kitas whose self-assessments the user may open, with the years assessed."""
    kitas = list(selectors.assessment_kitas_visible_to(user=request.user).order_by("name"))
    status = selectors.assessment_status_by_kita(kitas=kitas)
    rows = [(kita, list(status[kita.pk])) for kita in kitas]
    context = {"rows": rows, "this_year": timezone.localdate().year}
    return render(request, "family_centres/kita_index.html", context)


def _assessment_page(
    request: HttpRequest, kita: Kita, year: int, form: Any = None, status: int = 200
) -> HttpResponse:
    assessment = selectors.assessment_for(kita=kita, year=year)
    can_edit = request.user.has_perm("family_centres.edit_assessment", kita)
    groups = selectors.assessment_items(assessment=assessment) if assessment else []
    if assessment is not None and form is None:
        form = forms.AssessmentForm(
            groups=groups, disabled=not can_edit or assessment.completed_on is not None
        )
    sections = [
        {
            "label": group.label,
            "levels": [
                (
                    _("Basic criteria"),
                    [
                        (form[f"rating_{i.criterion.pk}"], form[f"evidence_{i.criterion.pk}"])
                        for i in group.basic
                    ],
                ),
                (
                    _("Advanced criteria"),
                    [
                        (form[f"rating_{i.criterion.pk}"], form[f"evidence_{i.criterion.pk}"])
                        for i in group.advanced
                    ],
                ),
            ],
        }
        for group in groups
    ]
    progress = selectors.progress_for(kitas=Kita.objects.filter(pk=kita.pk), years=[year])
    context = {
        "kita": kita,
        "year": year,
        "assessment": assessment,
        "form": form,
        "sections": sections,
        "can_edit": can_edit,
        "progress": progress[0] if progress else None,
        "years": selectors.assessment_years_of(kita=kita),
    }
    return render(request, "family_centres/assessment.html", context, status=status)


@requires("family_centres.view_assessment")
def assessment(request: HttpRequest, kita_id: int, year: int) -> HttpResponse:
    """A Kita's self-assessment for a year: the form for its editors, read-only for everyone else."""
    year = _valid_year(year)
    if request.method != "POST":
        return _assessment_page(request, _kita_for(request, kita_id, "family_centres.view_assessment"), year)
    kita = _kita_for(request, kita_id, "family_centres.edit_assessment")
    item = selectors.assessment_for(kita=kita, year=year)
    if item is None:
        raise Http404
    form = forms.AssessmentForm(request.POST, groups=selectors.assessment_items(assessment=item))
    if form.is_valid():
        try:
            services.assessment_save(actor=request.user, assessment=item, ratings=form.ratings())
            if request.POST.get("complete"):
                services.assessment_complete(actor=request.user, assessment=item)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Self-assessment completed.") if request.POST.get("complete") else _("Saved.")
            )
            return redirect("family_centres:assessment", kita_id=kita.pk, year=year)
    return _assessment_page(request, kita, year, form=form, status=422)


@require_POST
@requires("family_centres.edit_assessment")
def assessment_start(request: HttpRequest, kita_id: int, year: int) -> HttpResponse:
    kita = _kita_for(request, kita_id, "family_centres.edit_assessment")
    try:
        services.assessment_start(actor=request.user, kita=kita, year=_valid_year(year))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("family_centres:assessment", kita_id=kita.pk, year=year)


@require_POST
@requires("family_centres.edit_assessment")
def assessment_reopen(request: HttpRequest, kita_id: int, year: int) -> HttpResponse:
    kita = _kita_for(request, kita_id, "family_centres.edit_assessment")
    item = selectors.assessment_for(kita=kita, year=_valid_year(year))
    if item is None:
        raise Http404
    try:
        services.assessment_reopen(actor=request.user, assessment=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("family_centres:assessment", kita_id=kita.pk, year=year)


# --- Progress --------------------------------------------------------------------------------------------


@requires("family_centres.view_progress")
def progress(request: HttpRequest) -> HttpResponse:
    """Per Kita and year: the share of basic and advanced criteria fulfilled, per area on request."""
    rows = selectors.progress_visible_to(user=request.user)
    years = selectors.progress_years(rows)
    raw = request.GET.get("year", "")
    area_year = int(raw) if raw.isdigit() and int(raw) in years else (years[-1] if years else None)
    area_rows = [row for row in rows if row.year == area_year]
    labels = [label for label, _basic, _advanced in area_rows[0].areas()] if area_rows else []
    context = {
        "years": years,
        "table": selectors.progress_table(rows),
        "area_year": area_year,
        "area_rows": area_rows,
        "area_labels": labels,
    }
    return render(request, "family_centres/progress.html", context)
