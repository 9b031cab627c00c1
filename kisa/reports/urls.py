from django.urls import path  # noqa: F401  -- routes are added with the pages of this app

app_name = "reports"
urlpatterns: list = []
