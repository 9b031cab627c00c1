from django.urls import path  # noqa: F401  -- routes are added by the pages of this app

app_name = "family_centres"
urlpatterns: list = []
