from django.urls import path

from kisa.reports import views_activity_reports, views_dashboard, views_jobs

app_name = "reports"
urlpatterns = [
    path("", views_dashboard.dashboard, name="dashboard"),
    path("jahresbericht/", views_jobs.annual_report, name="annual_report"),
    path("jahresbericht/vorschau/", views_jobs.annual_preview, name="annual_preview"),
    path("auftraege/<int:pk>/", views_jobs.job_detail, name="job_detail"),
    path("auftraege/<int:pk>/datei/", views_jobs.job_download, name="job_download"),
    path("auftraege/<int:pk>/neu-erzeugen/", views_jobs.job_retry, name="job_retry"),
    path("sachberichte/", views_activity_reports.activity_report_list, name="activity_report_list"),
    path(
        "sachberichte/kitas/<int:kita_id>/<int:year>/neu/",
        views_activity_reports.activity_report_create,
        name="activity_report_create",
    ),
    path(
        "sachberichte/<int:pk>/", views_activity_reports.activity_report_detail, name="activity_report_detail"
    ),
    path(
        "sachberichte/<int:pk>/bearbeiten/",
        views_activity_reports.activity_report_edit,
        name="activity_report_edit",
    ),
    path(
        "sachberichte/<int:pk>/einreichen/",
        views_activity_reports.activity_report_submit,
        name="activity_report_submit",
    ),
    path(
        "sachberichte/<int:pk>/pruefung/",
        views_activity_reports.activity_report_review,
        name="activity_report_review",
    ),
    path(
        "sachberichte/<int:pk>/sachbericht.pdf",
        views_activity_reports.activity_report_pdf,
        name="activity_report_pdf",
    ),
]
