"""Sachbericht pages under /berichte/sachberichte/: the list (with the Kitas still missing a report for the
coordinator), a report with its figures and history, the form that starts or changes it, submission and
the coordinator's review. Reports come from the scopes in activity_reports.py, so another office's report
answers 404; a role without the permission gets 403. Writes go through services.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kisa.core.permissions import requires
from kisa.registry.selectors import kita_list_visible_to
from kisa.reports import activity_reports as selectors
from kisa.reports import pdf_activity_report, services
from kisa.reports.forms import ActivityReportForm, ActivityReportReviewForm
from kisa.reports.models import ActivityReport


def _add_errors(form: BaseForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year - 1


def _report(request: HttpRequest, pk: int) -> ActivityReport:
    return get_object_or_404(selectors.activity_report_list_visible_to(user=request.user), pk=pk)


@requires("reports.view_activity_reports")
def activity_report_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    status = request.GET.get("status", "")
    statuses = [(key, str(label)) for key, label in ActivityReport.Status.choices] + [
        (selectors.MISSING, _("missing"))
    ]
    if status not in {key for key, _label in statuses}:
        status = ""
    today = timezone.localdate()
    rows = selectors.kita_statuses(user=request.user, year=year, status=status)
    writable = set(selectors.report_kitas_writable_by(user=request.user).values_list("pk", flat=True))
    context = {
        "rows": rows,
        "year": year,
        "status": status,
        "statuses": statuses,
        "writable": writable,
        "years": range(today.year - 3, today.year + 1),
    }
    return render(request, "reports/activity_report_list.html", context)


def _form_page(
    request: HttpRequest, form: BaseForm, *, kita: Any, year: int, report: Any = None
) -> HttpResponse:
    figures = (
        selectors.figures_of(report=report) if report else selectors.kita_year_figures(kita=kita, year=year)
    )
    context = {"form": form, "kita": kita, "year": year, "report": report, "figures": figures}
    return render(
        request, "reports/activity_report_form.html", context, status=422 if request.method == "POST" else 200
    )


@requires("reports.write_activity_report")
def activity_report_create(request: HttpRequest, kita_id: int, year: int) -> HttpResponse:
    kita = get_object_or_404(kita_list_visible_to(user=request.user), pk=kita_id)
    if not request.user.has_perm("reports.write_activity_report", kita):
        raise PermissionDenied
    if not 2000 <= year <= 2100:
        raise Http404
    existing = ActivityReport.objects.filter(kita=kita, year=year).first()
    if existing is not None:
        return redirect("reports:activity_report_detail", pk=existing.pk)
    form = ActivityReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        author = selectors.author_for(user=request.user)
        if author is None:
            raise PermissionDenied
        try:
            report = services.activity_report_create(
                actor=request.user, kita=kita, year=year, author=author, data=form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Activity report saved as a draft."))
            return redirect("reports:activity_report_detail", pk=report.pk)
    return _form_page(request, form, kita=kita, year=year)


@requires("reports.view_activity_reports")
def activity_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if not request.user.has_perm("reports.view_activity_report", report):
        raise PermissionDenied
    can_write = (
        request.user.has_perm("reports.write_activity_report", report) and report.status in services.EDITABLE
    )
    can_review = (
        request.user.has_perm("reports.review_activity_report", report)
        and report.status == ActivityReport.Status.SUBMITTED
    )
    return _detail_page(request, report, can_write=can_write, can_review=can_review)


def _detail_page(
    request: HttpRequest,
    report: ActivityReport,
    *,
    can_write: bool,
    can_review: bool,
    review_form: Any = None,
    errors: Any = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "report": report,
        "figures": selectors.figures_of(report=report),
        "events": report.events.select_related("actor"),
        "can_write": can_write,
        "can_review": can_review,
        "review_form": review_form or ActivityReportReviewForm(),
        "errors": errors or [],
    }
    return render(request, "reports/activity_report_detail.html", context, status=status)


def _writable(request: HttpRequest, pk: int) -> ActivityReport:
    report = _report(request, pk)
    if not request.user.has_perm("reports.write_activity_report", report):
        raise PermissionDenied
    return report


@requires("reports.write_activity_report")
def activity_report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _writable(request, pk)
    if report.status not in services.EDITABLE:
        messages.error(request, _("This report can no longer be changed."))
        return redirect("reports:activity_report_detail", pk=report.pk)
    form = ActivityReportForm(request.POST or None, instance=ActivityReport.objects.get(pk=report.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_report_update(actor=request.user, report=report, data=form.cleaned_data)
            if "submit" in request.POST:
                report.refresh_from_db()
                services.activity_report_submit(actor=request.user, report=report, today=timezone.localdate())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Activity report submitted.") if "submit" in request.POST else _("Activity report saved."),
            )
            return redirect("reports:activity_report_detail", pk=report.pk)
    return _form_page(request, form, kita=report.kita, year=report.year, report=report)


@require_POST
@requires("reports.write_activity_report")
def activity_report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _writable(request, pk)
    try:
        services.activity_report_submit(actor=request.user, report=report, today=timezone.localdate())
    except ValidationError as error:
        report.refresh_from_db()
        return _detail_page(
            request,
            report,
            can_write=report.status in services.EDITABLE,
            can_review=False,
            errors=[message for messages_ in error.message_dict.values() for message in messages_],
            status=422,
        )
    messages.success(request, _("Activity report submitted."))
    return redirect("reports:activity_report_detail", pk=report.pk)


@require_POST
@requires("reports.review_activity_report")
def activity_report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if not request.user.has_perm("reports.review_activity_report", report):
        raise PermissionDenied
    form = ActivityReportReviewForm(request.POST)
    if form.is_valid():
        today = timezone.localdate()
        try:
            if form.cleaned_data["decision"] == "accept":
                services.activity_report_accept(actor=request.user, report=report, today=today)
                messages.success(request, _("Activity report accepted."))
            else:
                services.activity_report_return(
                    actor=request.user, report=report, comment=form.cleaned_data["comment"], today=today
                )
                messages.success(request, _("Activity report returned with comments."))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("reports:activity_report_detail", pk=report.pk)
    report.refresh_from_db()
    return _detail_page(
        request,
        report,
        can_write=False,
        can_review=report.status == ActivityReport.Status.SUBMITTED,
        review_form=form,
        errors=form.non_field_errors(),
        status=422,
    )


@requires("reports.view_activity_reports")
def activity_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """An accepted report as PDF (audited as an export by ExportAuditMiddleware); 404 before acceptance."""
    report = _report(request, pk)
    if not request.user.has_perm("reports.view_activity_report", report):
        raise PermissionDenied
    if report.status != ActivityReport.Status.ACCEPTED:
        raise Http404
    content = pdf_activity_report.activity_report_pdf(
        report=report, figures=selectors.figures_of(report=report)
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="sachbericht-{report.kita.number}-{report.year}.pdf"'
    )
    return response
