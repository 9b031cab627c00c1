from django.urls import path

from kisa.family_centres import views

app_name = "family_centres"
urlpatterns = [
    path("kriterien/", views.criteria_list, name="criteria_list"),
    path("kriterien/standard/", views.criteria_defaults, name="criteria_defaults"),
    path("kriterien/neu/", views.criterion_create, name="criterion_create"),
    path("kriterien/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("kriterien/<int:pk>/deaktivieren/", views.criterion_deactivate, name="criterion_deactivate"),
    path("kitas/", views.kita_index, name="kita_index"),
    path("kitas/<int:kita_id>/<int:year>/", views.assessment, name="assessment"),
    path("kitas/<int:kita_id>/<int:year>/starten/", views.assessment_start, name="assessment_start"),
    path("kitas/<int:kita_id>/<int:year>/wieder-oeffnen/", views.assessment_reopen, name="assessment_reopen"),
    path("fortschritt/", views.progress, name="progress"),
]
