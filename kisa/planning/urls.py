from django.urls import path

from kisa.planning import views, views_overview

app_name = "planning"
PLAN = "kitas/<int:kita_id>/<int:year>/"
urlpatterns = [
    path("", views.plan_index, name="plan_index"),
    path(PLAN, views.plan_detail, name="plan_detail"),
    path(f"{PLAN}anlegen/", views.plan_create, name="plan_create"),
    path(f"{PLAN}auswertung/", views.plan_evaluate, name="plan_evaluate"),
    path(f"{PLAN}abschluss/", views.plan_complete_review, name="plan_complete_review"),
    path(f"{PLAN}plan.pdf", views.plan_pdf, name="plan_pdf"),
    path(f"{PLAN}ziele/neu/", views.goal_create, name="goal_create"),
    path(f"{PLAN}ziele/<int:pk>/", views.goal_edit, name="goal_edit"),
    path(f"{PLAN}ziele/<int:pk>/bewertung/", views.goal_review, name="goal_review"),
    path(f"{PLAN}vorhaben/neu/", views.project_create, name="project_create"),
    path(f"{PLAN}vorhaben/<int:pk>/", views.project_edit, name="project_edit"),
    path("ziele/", views.catalogue, name="catalogue"),
    path("ziele/neu/", views.catalogue_goal_create, name="catalogue_goal_create"),
    path("ziele/<int:pk>/", views.catalogue_goal_edit, name="catalogue_goal_edit"),
    path("grundsaetze/", views.principles, name="principles"),
    path("uebersicht/", views_overview.overview, name="overview"),
]
