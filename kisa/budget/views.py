"""Budget pages: years, a year's overview, allocation with its formula, staff positions, material costs,
bookings, a Kita's budget, and the evidence-of-use report.

Rows come from the selectors (selectors.py decides who sees what); another office's year or Kita answers
404. Writes go through the services; a service's ValidationError is shown next to the field it names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kisa.accounts.selectors import membership_of
from kisa.budget import forms, reports, selectors, services
from kisa.budget.models import Allocation, AllocationScheme, Booking, BudgetYear, MaterialCost, StaffPosition
from kisa.core.permissions import requires
from kisa.registry.models import Kita


def _office(request: HttpRequest) -> Any:
    return membership_of(request.user).youth_office


def _year(request: HttpRequest, year: int) -> BudgetYear:
    return get_object_or_404(selectors.budget_year_list_visible_to(user=request.user), year=year)


def _office_kitas(request: HttpRequest) -> Any:
    return Kita.objects.filter(youth_office=_office(request)).order_by("name")


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's error next to the field it names, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _form_page(
    request: HttpRequest,
    form: Form,
    *,
    title: str,
    save: Callable[[dict[str, Any]], Any],
    success_url: str | Callable[[Any], str],
    cancel_url: str,
    intro: str = "",
    delete_url: str = "",
) -> HttpResponse:
    """Show `form`; on a valid POST call `save` and go to `success_url` (or `success_url(saved)`); the
    service's errors stay on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            for warning in getattr(result, "warnings", []):
                messages.warning(request, warning)
            messages.success(request, _("Saved."))
            return redirect(success_url(result) if callable(success_url) else success_url)
    context = {
        "form": form,
        "title": title,
        "cancel_url": cancel_url,
        "intro": intro,
        "delete_url": delete_url,
    }
    return render(request, "budget/form.html", context, status=422 if form.errors else 200)


def _delete_page(
    request: HttpRequest, *, obj: Any, what: str, delete: Callable[[], None], back_url: str
) -> HttpResponse:
    """Ask before deleting `obj`; on POST delete it (the service audits) and go back."""
    if request.method == "POST":
        delete()
        messages.success(request, _("%(object)s was deleted.") % {"object": obj})
        return redirect(back_url)
    context = {"object": obj, "what": what, "cancel_url": back_url}
    return render(request, "budget/confirm_delete.html", context)


# --- Years ------------------------------------------------------------------------------------------------


@requires("budget.view_years")
def year_list(request: HttpRequest) -> HttpResponse:
    years = selectors.budget_year_list_visible_to(user=request.user)
    totals = selectors.sees_office_totals(request.user)
    rows = [selectors.year_summary(budget_year=y) if totals else y for y in years]
    return render(request, "budget/year_list.html", {"years": years, "summaries": rows, "totals": totals})


@requires("budget.manage")
def year_create(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    latest = BudgetYear.objects.filter(youth_office=office).order_by("-year").first()
    proposal = services.budget_year_propose(
        youth_office=office,
        year=int(request.GET.get("year", "0") or 0) or (latest.year + 1 if latest else 2025),
    )
    form = forms.BudgetYearForm(request.POST or None, initial=proposal, youth_office=office)
    intro = _("The figures are proposed from the previous year and its planned rise.") if latest else ""

    def save(data: dict[str, Any]) -> BudgetYear:
        return services.budget_year_create(actor=request.user, youth_office=office, data=data)

    return _form_page(
        request,
        form,
        title=_("New budget year"),
        save=save,
        success_url=lambda saved: reverse("budget:year_detail", args=[saved.year]),
        cancel_url=reverse("budget:year_list"),
        intro=intro,
    )


@requires("budget.manage")
def year_update(request: HttpRequest, year: int) -> HttpResponse:
    budget_year = _year(request, year)
    initial = {f: getattr(budget_year, f) for f in forms.BudgetYearForm.base_fields}
    form = forms.BudgetYearForm(
        request.POST or None, initial=initial, youth_office=_office(request), fixed_year=True
    )
    url = reverse("budget:year_detail", args=[year])
    return _form_page(
        request,
        form,
        title=_("Edit %(object)s") % {"object": budget_year},
        save=lambda data: services.budget_year_update(actor=request.user, budget_year=budget_year, data=data),
        success_url=url,
        cancel_url=url,
    )


@requires("budget.view_years")
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    """Allocated, spent and left: office totals for coordinator and committee, Kita rows for Kita roles."""
    budget_year = _year(request, year)
    user = request.user
    totals = selectors.sees_office_totals(user)
    kitas = (
        list(selectors.budget_kitas_visible_to(user=user)) if user.has_perm("budget.view_bookings") else None
    )
    summary = selectors.year_summary(budget_year=budget_year, kitas=kitas, viewer=user)
    return render(
        request, "budget/year_detail.html", {"summary": summary, "year": budget_year, "totals": totals}
    )


# --- Allocation -------------------------------------------------------------------------------------------


@requires("budget.view_details")
def allocation(request: HttpRequest, year: int) -> HttpResponse:
    """The allocation table with the formula and every indicator value it used."""
    budget_year = _year(request, year)
    allocations = Allocation.objects.filter(budget_year=budget_year).select_related("kita")
    context = {
        "year": budget_year,
        "scheme": budget_year.scheme,
        "allocations": allocations,
        "allocated": sum((a.amount for a in allocations), services.ZERO),
    }
    return render(request, "budget/allocation.html", context)


@require_POST
@requires("budget.manage")
def allocation_compute(request: HttpRequest, year: int) -> HttpResponse:
    budget_year = _year(request, year)
    try:
        services.allocation_compute(actor=request.user, budget_year=budget_year)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The allocation was computed."))
    return redirect("budget:allocation", year=year)


@requires("budget.manage")
def allocation_adjust(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    budget_year = _year(request, year)
    item = get_object_or_404(Allocation.objects.select_related("kita"), budget_year=budget_year, pk=pk)
    initial = {"adjustment": item.adjustment, "reason": item.adjustment_reason}
    form = forms.AllocationAdjustForm(request.POST or None, initial=initial)
    url = reverse("budget:allocation", args=[year])
    return _form_page(
        request,
        form,
        title=_("Adjust the allocation of %(kita)s") % {"kita": item.kita},
        save=lambda d: services.allocation_adjust(
            actor=request.user, allocation=item, adjustment=d["adjustment"], reason=d["reason"]
        ),
        success_url=url,
        cancel_url=url,
        intro=_("Computed by the scheme: %(amount)s") % {"amount": services.euro(item.computed_amount)},
    )


@requires("budget.manage")
def social_index(request: HttpRequest, year: int, kita: int) -> HttpResponse:
    _year(request, year)
    target = get_object_or_404(_office_kitas(request), pk=kita)
    row = getattr(target, "budget_social_index", None)
    initial = {"factor": row.factor if row else 1, "note": row.note if row else ""}
    form = forms.SocialIndexForm(request.POST or None, initial=initial)
    url = reverse("budget:allocation", args=[year])
    return _form_page(
        request,
        form,
        title=_("Social index of %(kita)s") % {"kita": target},
        save=lambda d: services.kita_social_index_set(
            actor=request.user, kita=target, factor=d["factor"], note=d["note"]
        ),
        success_url=url,
        cancel_url=url,
        intro=_("Takes effect when the allocation is computed again."),
    )


@requires("budget.manage")
def scheme_create(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    form = forms.AllocationSchemeForm(request.POST or None)
    url = reverse("budget:year_list")
    return _form_page(
        request,
        form,
        title=_("New allocation scheme"),
        save=lambda d: services.allocation_scheme_create(actor=request.user, youth_office=office, data=d),
        success_url=url,
        cancel_url=url,
    )


@requires("budget.manage")
def scheme_update(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(AllocationScheme.objects.filter(youth_office=_office(request)), pk=pk)
    initial = {f: getattr(scheme, f) for f in forms.AllocationSchemeForm.base_fields}
    form = forms.AllocationSchemeForm(request.POST or None, initial=initial)
    url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None) or not url.startswith("/"):
        url = reverse("budget:year_list")
    return _form_page(
        request,
        form,
        title=_("Edit %(object)s") % {"object": scheme},
        save=lambda d: services.allocation_scheme_update(actor=request.user, scheme=scheme, data=d),
        success_url=url,
        cancel_url=url,
        intro=_("Allocations keep their amounts until they are computed again."),
    )


@requires("budget.manage")
def budget_settings(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    form = forms.BudgetSettingsForm(
        request.POST or None, initial={"hard_stop": services.hard_stop_for(office)}
    )
    url = reverse("budget:year_list")
    return _form_page(
        request,
        form,
        title=_("Budget settings"),
        save=lambda d: services.budget_settings_update(
            actor=request.user, youth_office=office, hard_stop=d["hard_stop"]
        ),
        success_url=url,
        cancel_url=url,
    )


# --- Staff positions and material costs -------------------------------------------------------------------


@requires("budget.view_details")
def staff_positions(request: HttpRequest, year: int) -> HttpResponse:
    budget_year = _year(request, year)
    shares = selectors.position_shares(budget_year)
    names = dict(
        Kita.objects.filter(pk__in={k for s in shares for k in s.kita_shares}).values_list("pk", "name")
    )
    rows = [(s, sorted((names[k], amount) for k, amount in s.kita_shares.items())) for s in shares]
    total = sum((s.position.annual_costs for s in shares), services.ZERO)
    return render(
        request, "budget/staffposition_list.html", {"year": budget_year, "rows": rows, "total": total}
    )


@requires("budget.manage")
def staff_position_form(request: HttpRequest, year: int, pk: int | None = None) -> HttpResponse:
    budget_year = _year(request, year)
    position = get_object_or_404(StaffPosition, budget_year=budget_year, pk=pk) if pk else None
    initial = (
        {"weekly_hours": position.weekly_hours, "annual_costs": position.annual_costs} if position else {}
    )
    form = forms.StaffPositionForm(
        request.POST or None, initial=initial, youth_office=_office(request), fixed_staff=bool(position)
    )
    url = reverse("budget:staff_positions", args=[year])

    def save(data: dict[str, Any]) -> Any:
        if position:
            return services.staff_position_update(actor=request.user, position=position, data=data)
        return services.staff_position_create(actor=request.user, budget_year=budget_year, data=data)

    title = _("Edit %(object)s") % {"object": position} if position else _("New staff position")
    delete_url = reverse("budget:staff_position_delete", args=[year, position.pk]) if position else ""
    return _form_page(
        request, form, title=title, save=save, success_url=url, cancel_url=url, delete_url=delete_url
    )


@requires("budget.manage")
def staff_position_delete(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    budget_year = _year(request, year)
    position = get_object_or_404(
        StaffPosition.objects.select_related("staff_member"), budget_year=budget_year, pk=pk
    )
    return _delete_page(
        request,
        obj=position,
        what=_(
            "The position no longer counts towards the planned personnel costs. Bookings stay as they are."
        ),
        delete=lambda: services.staff_position_delete(actor=request.user, position=position),
        back_url=reverse("budget:staff_positions", args=[year]),
    )


@requires("budget.view_details")
def material_costs(request: HttpRequest, year: int) -> HttpResponse:
    budget_year = _year(request, year)
    items = MaterialCost.objects.filter(budget_year=budget_year).select_related("kita", "project")
    total = sum((i.amount for i in items), services.ZERO)
    return render(
        request, "budget/materialcost_list.html", {"year": budget_year, "items": items, "total": total}
    )


@requires("budget.manage")
def material_cost_create(request: HttpRequest, year: int) -> HttpResponse:
    budget_year = _year(request, year)
    form = forms.MaterialCostForm(request.POST or None, kitas=_office_kitas(request), year=year)
    url = reverse("budget:material_costs", args=[year])
    return _form_page(
        request,
        form,
        title=_("New material cost"),
        save=lambda d: services.material_cost_create(actor=request.user, budget_year=budget_year, data=d),
        success_url=url,
        cancel_url=url,
    )


@requires("budget.manage")
def material_cost_update(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    budget_year = _year(request, year)
    item = get_object_or_404(MaterialCost, budget_year=budget_year, pk=pk)
    initial = {f: getattr(item, f) for f in forms.MaterialCostForm.base_fields}
    form = forms.MaterialCostForm(
        request.POST or None, initial=initial, kitas=_office_kitas(request), year=year
    )
    url = reverse("budget:material_costs", args=[year])
    return _form_page(
        request,
        form,
        title=_("Edit %(object)s") % {"object": item},
        save=lambda d: services.material_cost_update(actor=request.user, material_cost=item, data=d),
        success_url=url,
        cancel_url=url,
        delete_url=reverse("budget:material_cost_delete", args=[year, item.pk]),
    )


@requires("budget.manage")
def material_cost_delete(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    budget_year = _year(request, year)
    item = get_object_or_404(MaterialCost, budget_year=budget_year, pk=pk)
    return _delete_page(
        request,
        obj=item,
        what=_("The planned amount is removed. Bookings stay as they are."),
        delete=lambda: services.material_cost_delete(actor=request.user, material_cost=item),
        back_url=reverse("budget:material_costs", args=[year]),
    )


# --- Bookings ---------------------------------------------------------------------------------------------


@requires("budget.view_bookings")
def booking_list(request: HttpRequest, year: int) -> HttpResponse:
    budget_year = _year(request, year)
    filters = request.GET.dict()
    bookings = selectors.booking_list_filtered(user=request.user, budget_year=budget_year, filters=filters)
    page = Paginator(bookings, 50).get_page(request.GET.get("page"))
    kitas = selectors.budget_kitas_visible_to(user=request.user).order_by("name")
    filter_form = forms.BookingFilterForm(
        initial=filters, kitas=kitas, with_office=request.user.has_perm("budget.manage")
    )
    shown = bookings.filter(amount_hidden=False)
    total = shown.aggregate(t=Booking.objects.signed_sum_expression())["t"] or services.ZERO
    context = {
        "year": budget_year,
        "page_obj": page,
        "paginator": page.paginator,
        "bookings": page.object_list,
        "filter_form": filter_form,
        "total": total,
        "some_hidden": bookings.filter(amount_hidden=True).exists(),
        "filtered": any(filters.get(k) for k in ("kita", "category", "date_from", "date_to", "q")),
    }
    return render(request, "budget/booking_list.html", context)


@requires("budget.manage")
def booking_create(request: HttpRequest, year: int) -> HttpResponse:
    budget_year = _year(request, year)
    form = forms.BookingForm(
        request.POST or None, kitas=_office_kitas(request), initial=request.GET.dict(), year=year
    )
    url = reverse("budget:booking_list", args=[year])
    return _form_page(
        request,
        form,
        title=_("New booking"),
        save=lambda d: services.booking_create(actor=request.user, budget_year=budget_year, data=d),
        success_url=url,
        cancel_url=url,
        intro=_("Amounts are positive; to correct a booking, reverse it from the booking list."),
    )


@requires("budget.manage")
def booking_reverse(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    budget_year = _year(request, year)
    booking = get_object_or_404(Booking, budget_year=budget_year, pk=pk)
    form = forms.ReversalForm(request.POST or None, year=year)
    url = reverse("budget:booking_list", args=[year])
    return _form_page(
        request,
        form,
        title=_("Reverse booking %(object)s") % {"object": booking},
        save=lambda d: services.booking_reverse(actor=request.user, booking=booking, **d),
        success_url=url,
        cancel_url=url,
        intro=_("The original booking stays; the reversal names it and counts against it."),
    )


# --- A Kita's budget --------------------------------------------------------------------------------------


@requires("budget.view_years")
def kita_budget(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    budget_year = _year(request, year)
    kita = get_object_or_404(selectors.budget_kitas_visible_to(user=request.user), pk=pk)
    if not request.user.has_perm("budget.view_kita_budget", kita):
        raise PermissionDenied
    summary = selectors.year_summary(budget_year=budget_year, kitas=[kita], viewer=request.user)
    bookings = selectors.booking_list_visible_to(user=request.user, budget_year=budget_year).filter(kita=kita)
    material = MaterialCost.objects.filter(budget_year=budget_year, kita=kita)
    context = {
        "year": budget_year,
        "kita": kita,
        "row": summary.rows[0],
        "bookings": bookings,
        "material": material,
    }
    return render(request, "budget/kita_budget.html", context)


# --- Evidence of use --------------------------------------------------------------------------------------


@requires("budget.view_details")
def evidence_of_use(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    """The Verwendungsnachweis as PDF or XLSX; a year without data gives a report that says so."""
    if kind not in {"pdf", "xlsx"}:
        raise Http404
    office = _office(request)
    budget_year = BudgetYear.objects.filter(youth_office=office, year=year).first()
    data = reports.evidence_of_use_data(youth_office=office, year=year, budget_year=budget_year)
    if kind == "pdf":
        content, content_type = reports.evidence_of_use_pdf(data), "application/pdf"
    else:
        content = reports.evidence_of_use_xlsx(data)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="verwendungsnachweis-{year}.{kind}"'
    return response
