from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("kisa.core.urls")),
    path("konto/", include("kisa.accounts.urls")),
    path("register/", include("kisa.registry.urls")),
    path("faelle/", include("kisa.cases.urls")),
    path("dokumentation/", include("kisa.documentation.urls")),
    path("befragungen/", include("kisa.surveys.urls")),
    path("angebote/", include("kisa.directory.urls")),
    path("beteiligung/", include("kisa.participation.urls")),
    path("budget/", include("kisa.budget.urls")),
    path("planung/", include("kisa.planning.urls")),
    path("familienzentren/", include("kisa.family_centres.urls")),
    path("berichte/", include("kisa.reports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# Refusals are audited (kisa.core.views.permission_denied); the other error pages are plain templates.
handler403 = "kisa.core.views.permission_denied"
