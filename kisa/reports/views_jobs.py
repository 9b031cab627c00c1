"""Annual report pages: the request form with the user's previous jobs, a job's progress page, asking for a
job's report again, the download and an HTML preview of the figures.

Jobs are looked up within the user's office (another office's job answers 404); who may see a job is
`reports.view_job` (its requester and the office's coordinator), else 403; asking again needs that and
`reports.request_report`, as asking the first time. Viewing a job or the list applies the stale rule
(jobs.report_jobs_fail_stale). The download is an attachment, so ExportAuditMiddleware writes the export
audit entry.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kisa.accounts.selectors import youth_office_id_of
from kisa.core.permissions import requires
from kisa.registry.models import YouthOffice
from kisa.reports import annual, figures, jobs
from kisa.reports.forms_jobs import AnnualReportForm, PreviewForm
from kisa.reports.models import ReportJob
from kisa.reports.renderers import CONTENT_TYPES

RECENT_JOBS = 20


def _jobs_of_office(request: HttpRequest) -> QuerySet[ReportJob]:
    return ReportJob.objects.filter(youth_office_id=youth_office_id_of(request.user))


def _job(request: HttpRequest, pk: int) -> ReportJob:
    job = get_object_or_404(_jobs_of_office(request).select_related("requested_by"), pk=pk)
    if not request.user.has_perm("reports.view_job", job):
        raise PermissionDenied
    return job


@requires("reports.request_report")
def annual_report(request: HttpRequest) -> HttpResponse:
    office_id = youth_office_id_of(request.user)
    form = AnnualReportForm(request.POST or None, youth_office_id=office_id)
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.request_annual_report(
                actor=request.user,
                youth_office=YouthOffice.objects.get(pk=office_id),
                year=form.cleaned_data["year"],
                territory=form.cleaned_data["territory"],
                output_format=form.cleaned_data["output_format"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("reports:job_detail", pk=job.pk)
    own = _jobs_of_office(request).filter(requested_by=request.user)
    jobs.report_jobs_fail_stale(jobs=own)
    recent = own[:RECENT_JOBS]
    return render(request, "reports/annual.html", {"form": form, "jobs": recent})


@requires("reports.view_job")
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if jobs.report_jobs_fail_stale(jobs=ReportJob.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    labels = dict(figures.territory_choices(youth_office_id=job.youth_office_id))
    context = {
        "job": job,
        "territory_label": labels.get(job.territory, job.territory),
        "pending": job.status in jobs.PENDING,
        "may_retry": job.status not in jobs.PENDING and request.user.has_perm("reports.request_report"),
    }
    return render(request, "reports/job_detail.html", context)


@require_POST
@requires("reports.request_report")
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask again for a job's report (same year, territory and format); a job still running is not doubled."""
    job = _job(request, pk)
    try:
        again = jobs.report_job_retry(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:job_detail", pk=job.pk)
    return redirect("reports:job_detail", pk=again.pk)


@requires("reports.view_job")
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=jobs.file_name(job),
        content_type=CONTENT_TYPES[job.output_format],
    )


@requires("reports.view_annual")
def annual_preview(request: HttpRequest) -> HttpResponse:
    """The annual report's figures as a web page (the same sections as the files), for a quick look."""
    office_id = youth_office_id_of(request.user)
    form = PreviewForm(
        request.GET or {"year": timezone.localdate().year - 1, "territory": figures.OFFICE_TERRITORY}
    )
    report = None
    if form.is_valid():
        year = form.cleaned_data["year"]
        if year > timezone.localdate().year:
            form.add_error("year", jobs.year_error())
        else:
            try:
                figures.resolve_territory(youth_office_id=office_id, key=form.cleaned_data["territory"])
            except ValidationError as error:
                form.add_error("territory", error.message_dict.get("territory", error.messages))
            else:
                report = annual.annual_report(
                    user=request.user, year=year, territory_key=form.cleaned_data["territory"]
                )
    status = 200 if report is not None else 422
    return render(request, "reports/annual_preview.html", {"form": form, "report": report}, status=status)
