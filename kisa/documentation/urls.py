from django.urls import path

from kisa.documentation import views

app_name = "documentation"
urlpatterns = [
    path("", views.ActivityListView.as_view(), name="activity_list"),
    path("erfassen/", views.entry, name="entry"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/korrigieren/", views.activity_edit, name="activity_edit"),
    path("meine-zeit/", views.my_summary, name="my_summary"),
    path("statistik/", views.statistics, name="statistics"),
    path("statistik/vermittlungen/", views.referral_statistics, name="referral_statistics"),
    path("kataloge/", views.catalogue, name="catalogue"),
    path("kataloge/<str:kind>/neu/", views.catalogue_entry, name="catalogue_create"),
    path("kataloge/<str:kind>/<int:pk>/", views.catalogue_entry, name="catalogue_edit"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
]
