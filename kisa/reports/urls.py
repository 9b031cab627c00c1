from django.urls import path

from kisa.reports import views_dashboard

app_name = "reports"
urlpatterns: list = [
    # --- dashboard (helper 1) ---
    path("", views_dashboard.dashboard, name="dashboard"),
]
