"""Case pages: the worker's own cases (list, detail, create, edit, close, consents) and, for the
coordinator, case counts and retention.

Case rows come only from `case_list_visible_to`: anyone but the responsible worker and the deputy gets 404
for a case (roles without the page permission 403). Every page that shows a case's content logs the read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kisa.accounts.selectors import membership_of
from kisa.cases import forms, selectors, services
from kisa.cases.models import Case
from kisa.core.permissions import requires
from kisa.core.retention import retention_rules
from kisa.registry.views import add_service_errors


def _readable_case(request: HttpRequest, pk: int) -> Case:
    """The case if the user is its responsible worker or deputy (else 404), its read logged."""
    case = selectors.case_for_reading(user=request.user, pk=pk)
    if case is None:
        raise Http404
    services.case_read_log(actor=request.user, case=case)
    return case


@requires("cases.view_own_cases")
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or Case.Status.OPEN
    cases = selectors.case_list_filtered(user=request.user, filters={"status": status})
    return render(request, "cases/case_list.html", {"cases": cases, "status": status})


@requires("cases.view_own_cases")
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _readable_case(request, pk)
    today = timezone.localdate()
    consents = [(consent, consent.is_valid_on(today)) for consent in selectors.consent_list_of(case=case)]
    context = {
        "case": case,
        "consents": consents,
        # Other apps' sections (e.g. the case's activities), rendered as the start page renders its sections.
        "sections": [
            render_to_string(section.template_name, section.context, request=request)
            for section in selectors.case_detail_sections(user=request.user, case=case)
        ],
    }
    return render(request, "cases/case_detail.html", context)


def _form_page(request: HttpRequest, form: Form, title: str, case: Case | None = None) -> HttpResponse:
    return render(request, "cases/case_form.html", {"form": form, "title": title, "case": case})


@requires("cases.add_case")
def case_create(request: HttpRequest) -> HttpResponse:
    form = forms.CaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        staff_ids = selectors.staff_member_ids_of(request.user)
        responsible = (
            selectors.case_worker_candidates(youth_office=membership_of(request.user).youth_office)
            .filter(pk__in=staff_ids)
            .first()
        )
        try:
            if responsible is None:
                raise ValidationError(_("Your account is not linked to a social worker of the office."))
            case = services.case_create(
                actor=request.user,
                youth_office=membership_of(request.user).youth_office,
                responsible=responsible,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(code)s opened.") % {"code": case.code})
            return redirect("cases:case_detail", pk=case.pk)
    return _form_page(request, form, _("New case"))


@requires("cases.view_own_cases")
def case_update(request: HttpRequest, pk: int) -> HttpResponse:
    case = _readable_case(request, pk)
    initial = {name: getattr(case, name) for name in services.CASE_EDITABLE_FIELDS}
    form = forms.CaseForm(request.POST or None, initial=initial, user=request.user, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.user, case=case, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(code)s saved.") % {"code": case.code})
            if not request.user.has_perm("cases.view_case", case):
                return redirect("cases:case_list")  # handed over without staying deputy
            return redirect("cases:case_detail", pk=case.pk)
    return _form_page(request, form, _("Edit case %(code)s") % {"code": case.code}, case)


@requires("cases.view_own_cases")
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = _readable_case(request, pk)
    form = forms.CaseCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(code)s closed.") % {"code": case.code})
            return redirect("cases:case_detail", pk=case.pk)
    return _form_page(request, form, _("Close case %(code)s") % {"code": case.code}, case)


@requires("cases.view_own_cases")
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = _readable_case(request, pk)
    form = forms.ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_add(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("cases:case_detail", pk=case.pk)
    return _form_page(request, form, _("Record consent for case %(code)s") % {"code": case.code}, case)


@requires("cases.view_own_cases")
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    case = _readable_case(request, pk)
    consent = get_object_or_404(selectors.consent_list_of(case=case), pk=consent_pk)
    form = forms.ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(actor=request.user, consent=consent, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Withdrawal recorded."))
            return redirect("cases:case_detail", pk=case.pk)
    title = _("Withdraw: %(consent)s") % {"consent": consent.description}
    return _form_page(request, form, title, case)


GROUPINGS = {"kita": _("Kita"), "status": _("status"), "year": _("year opened")}


@requires("cases.view_case_counts")
def case_counts(request: HttpRequest) -> HttpResponse:
    group_by = request.GET.get("group_by", "kita")
    group_by = group_by if group_by in ("kita", "status", "year") else "kita"
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 1900 < int(year_text) < 3000 else None
    counts = selectors.case_counts_for(user=request.user, group_by=group_by, year=year)  # type: ignore[arg-type]
    return render(
        request,
        "cases/case_counts.html",
        {"counts": counts, "group_by": group_by, "year": year or "", "groupings": GROUPINGS.items()},
    )


@requires("cases.manage_retention")
def retention(request: HttpRequest) -> HttpResponse:
    """Periods (editable), legal holds, the deletion log and the dry-run preview of today's run."""
    office = membership_of(request.user).youth_office
    if request.method == "POST":
        form = forms.RetentionPeriodForm(request.POST)
        if form.is_valid():
            try:
                services.retention_period_set(actor=request.user, youth_office=office, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Retention period saved."))
                return redirect("cases:retention")
        else:
            messages.error(request, _("Enter a whole number of months from 1 to 600."))
    statuses = selectors.retention_status_for(youth_office=office, today=timezone.localdate())
    rows = [
        (
            status,
            forms.RetentionPeriodForm(
                initial={"record_type": status.rule.record_type, "months": status.months},
                auto_id=f"id_{index}_%s",
            ),
        )
        for index, status in enumerate(statuses)
    ]
    labels = {rule.record_type: rule.label for rule in retention_rules()}
    log = [
        (entry, labels.get(entry.record_type, entry.record_type))
        for entry in selectors.deletion_log_of(youth_office=office)[:50]
    ]
    context: dict[str, Any] = {
        "rows": rows,
        "holds": selectors.legal_holds_of(youth_office=office),
        "log": log,
    }
    return render(request, "cases/retention.html", context)
