from django.urls import path

from kisa.registry import views, views_import

app_name = "registry"
urlpatterns = [
    path("uebersicht/", views.overview, name="overview"),
    path("import/", views_import.import_upload, name="import"),
    path("gemeinden/", views.MunicipalityListView.as_view(), name="municipality_list"),
    path("gemeinden/<int:pk>/", views.MunicipalityDetailView.as_view(), name="municipality_detail"),
    path(
        "gemeinden/<int:pk>/zustaendigkeit/",
        views.MunicipalityResponsibilityView.as_view(),
        name="municipality_responsibility",
    ),
    path("sozialraeume/", views.SocialAreaListView.as_view(), name="socialarea_list"),
    path("sozialraeume/neu/", views.SocialAreaCreateView.as_view(), name="socialarea_create"),
    path("sozialraeume/<int:pk>/", views.SocialAreaDetailView.as_view(), name="socialarea_detail"),
    path("sozialraeume/<int:pk>/bearbeiten/", views.SocialAreaUpdateView.as_view(), name="socialarea_update"),
    path("kitas/", views.KitaListView.as_view(), name="kita_list"),
    path("kitas/neu/", views.KitaCreateView.as_view(), name="kita_create"),
    path("kitas/<int:pk>/", views.KitaDetailView.as_view(), name="kita_detail"),
    path("kitas/<int:pk>/bearbeiten/", views.KitaUpdateView.as_view(), name="kita_update"),
    path("traeger/", views.ProviderListView.as_view(), name="provider_list"),
    path("traeger/neu/", views.ProviderCreateView.as_view(), name="provider_create"),
    path("traeger/<int:pk>/", views.ProviderDetailView.as_view(), name="provider_detail"),
    path("traeger/<int:pk>/bearbeiten/", views.ProviderUpdateView.as_view(), name="provider_update"),
    path("personal/", views.StaffListView.as_view(), name="staff_list"),
    path("personal/neu/", views.StaffCreateView.as_view(), name="staff_create"),
    path("personal/<int:pk>/", views.StaffDetailView.as_view(), name="staff_detail"),
    path("personal/<int:pk>/bearbeiten/", views.StaffUpdateView.as_view(), name="staff_update"),
    path("zustaendigkeiten/", views.AssignmentListView.as_view(), name="assignment_list"),
    path("zustaendigkeiten/neu/", views.AssignmentCreateView.as_view(), name="assignment_create"),
    path("zustaendigkeiten/<int:pk>/", views.AssignmentDetailView.as_view(), name="assignment_detail"),
    path(
        "zustaendigkeiten/<int:pk>/aendern/", views.AssignmentChangeView.as_view(), name="assignment_change"
    ),
    path("zustaendigkeiten/<int:pk>/beenden/", views.AssignmentEndView.as_view(), name="assignment_end"),
]
