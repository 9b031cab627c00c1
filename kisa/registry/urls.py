from django.urls import path

from kisa.registry import views

app_name = "registry"
urlpatterns = [
    path("uebersicht/", views.overview, name="overview"),
]
