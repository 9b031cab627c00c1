from django.urls import path

from kisa.directory import views

app_name = "directory"
urlpatterns = [
    # Public (no login): the offer search for families and partners.
    path("", views.public_search, name="public_search"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    # Staff.
    path("verwaltung/", views.service_list, name="service_list"),
    path("verwaltung/neu/", views.ServiceCreateView.as_view(), name="service_create"),
    path("verwaltung/<int:pk>/", views.ServiceDetailView.as_view(), name="service_detail"),
    path(
        "verwaltung/<int:pk>/bearbeiten/", views.ServiceUpdateViewDirectory.as_view(), name="service_update"
    ),
    path("verwaltung/<int:pk>/geprueft/", views.service_verify, name="service_verify"),
    path("verwaltung/einrichtung/neu/", views.OrganizationCreateView.as_view(), name="organization_create"),
    path("verwaltung/standort/neu/", views.LocationCreateView.as_view(), name="location_create"),
    path(
        "verwaltung/einrichtung/<int:pk>/bearbeiten/",
        views.OrganizationUpdateView.as_view(),
        name="organization_update",
    ),
    path(
        "verwaltung/standort/<int:pk>/bearbeiten/", views.LocationUpdateView.as_view(), name="location_update"
    ),
    path("import/", views.import_upload, name="import"),
    path("export.<str:kind>", views.export_package, name="export"),
    path("erreichbarkeit/", views.analysis, name="analysis"),
]
