from django.urls import path  # noqa: F401  -- routes are added by the pages of this app

app_name = "planning"
urlpatterns: list = []
