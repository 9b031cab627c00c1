from django.urls import path

from kisa.reports import views_jobs

app_name = "reports"
urlpatterns = [
    path("jahresbericht/", views_jobs.annual_report, name="annual_report"),
    path("jahresbericht/vorschau/", views_jobs.annual_preview, name="annual_preview"),
    path("auftraege/<int:pk>/", views_jobs.job_detail, name="job_detail"),
    path("auftraege/<int:pk>/datei/", views_jobs.job_download, name="job_download"),
]
