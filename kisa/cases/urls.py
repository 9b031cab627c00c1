from django.urls import path

from kisa.cases import views, views_subject_rights

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("neu/", views.case_create, name="case_create"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/bearbeiten/", views.case_update, name="case_update"),
    path("<int:pk>/abschliessen/", views.case_close, name="case_close"),
    path("<int:pk>/einwilligungen/neu/", views.consent_create, name="consent_create"),
    path(
        "<int:pk>/einwilligungen/<int:consent_pk>/widerrufen/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    *views_subject_rights.urlpatterns,
    path("zahlen/", views.case_counts, name="case_counts"),
    path("aufbewahrung/", views.retention, name="retention"),
]
