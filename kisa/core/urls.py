from django.urls import path

from kisa.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("protokoll/", views.AuditEntryListView.as_view(), name="audit"),
]
