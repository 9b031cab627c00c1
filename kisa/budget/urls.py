from django.urls import path

from kisa.budget import views

app_name = "budget"
urlpatterns = [
    path("", views.year_list, name="year_list"),
    path("neu/", views.year_create, name="year_create"),
    path("einstellungen/", views.budget_settings, name="settings"),
    path("verteilschluessel/neu/", views.scheme_create, name="scheme_create"),
    path("verteilschluessel/<int:pk>/bearbeiten/", views.scheme_update, name="scheme_update"),
    path("<int:year>/", views.year_detail, name="year_detail"),
    path("<int:year>/bearbeiten/", views.year_update, name="year_update"),
    path("<int:year>/verteilung/", views.allocation, name="allocation"),
    path("<int:year>/verteilung/berechnen/", views.allocation_compute, name="allocation_compute"),
    path("<int:year>/verteilung/<int:pk>/anpassen/", views.allocation_adjust, name="allocation_adjust"),
    path("<int:year>/verteilung/sozialindex/<int:kita>/", views.social_index, name="social_index"),
    path("<int:year>/personal/", views.staff_positions, name="staff_positions"),
    path("<int:year>/personal/neu/", views.staff_position_form, name="staff_position_create"),
    path("<int:year>/personal/<int:pk>/bearbeiten/", views.staff_position_form, name="staff_position_update"),
    path("<int:year>/personal/<int:pk>/loeschen/", views.staff_position_delete, name="staff_position_delete"),
    path("<int:year>/sachkosten/", views.material_costs, name="material_costs"),
    path("<int:year>/sachkosten/neu/", views.material_cost_create, name="material_cost_create"),
    path(
        "<int:year>/sachkosten/<int:pk>/bearbeiten/", views.material_cost_update, name="material_cost_update"
    ),
    path("<int:year>/sachkosten/<int:pk>/loeschen/", views.material_cost_delete, name="material_cost_delete"),
    path("<int:year>/buchungen/", views.booking_list, name="booking_list"),
    path("<int:year>/buchungen/neu/", views.booking_create, name="booking_create"),
    path("<int:year>/buchungen/<int:pk>/storno/", views.booking_reverse, name="booking_reverse"),
    path("<int:year>/kitas/<int:pk>/", views.kita_budget, name="kita_budget"),
    path(
        "<int:year>/verwendungsnachweis.<str:kind>",
        views.evidence_of_use,
        name="evidence_of_use",
    ),
]
