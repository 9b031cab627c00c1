from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("kisa.core.urls")),
    path("konto/", include("kisa.accounts.urls")),
    path("register/", include("kisa.registry.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
