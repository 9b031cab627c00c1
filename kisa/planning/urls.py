from django.urls import path

from kisa.planning import views_overview

app_name = "planning"
urlpatterns: list = [
    path("uebersicht/", views_overview.overview, name="overview"),
]
