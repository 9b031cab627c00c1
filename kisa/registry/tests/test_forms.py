"""Registry forms: choices limited to the user's office, parsing only (the services validate)."""

import datetime as dt

from kisa.registry.forms import (
    AssignmentChangeForm,
    AssignmentFilterForm,
    AssignmentForm,
    KitaFilterForm,
    KitaForm,
    SocialAreaForm,
)


def _choices(form, field):
    return {str(record) for record in form.fields[field].queryset}


def test_kita_form_offers_only_the_offices_records_and_the_responsibility_area(world):
    form = KitaForm(user=world.users["coordinator"])

    assert _choices(form, "municipality") == {"Kottenheim", "Polch"}
    assert _choices(form, "provider") == {"Kath. Kita gGmbH", "VG Maifeld"}
    assert _choices(form, "social_area") == {"Maifeld"}


def test_social_area_form_offers_every_municipality_of_the_district(world):
    form = SocialAreaForm(user=world.users["coordinator"])

    assert _choices(form, "municipalities") == {"Andernach", "Kottenheim", "Polch"}


def test_assignment_form_offers_the_offices_staff_and_kitas(world):
    form = AssignmentForm(user=world.users["coordinator"])

    assert _choices(form, "staff_member") == {"Anna Adler", "Ben Berg"}
    assert _choices(form, "kita") == {"Kita St. Martin", "Kita Regenbogen", "Kita Arche Noah"}


def test_kita_form_reports_an_unknown_provider_without_running_model_validation(world):
    """The model's own checks run in the service on the complete record, not on a half-built form instance."""
    data = {
        "number": "D1",
        "name": "Kita Löwenzahn",
        "municipality": world.municipality_in_area.pk,
        "provider": world.other_kita.provider_id,
        "approved_places": "70",
        "latitude": "60",
        "longitude": "7.3",
        "family_centre_status": "none",
    }

    form = KitaForm(data, user=world.users["coordinator"])

    assert not form.is_valid()
    assert set(form.errors) == {"provider"}


def test_assignment_change_form_parses_weekdays_as_numbers(world):
    form = AssignmentChangeForm(
        {"valid_from": "2025-03-01", "weekdays": ["3", "5"], "hours_per_week": "12.5"},
        user=world.users["coordinator"],
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["weekdays"] == [3, 5]
    assert form.cleaned_data["valid_from"] == dt.date(2025, 3, 1)


def test_assignment_change_form_refuses_sunday(world):
    form = AssignmentChangeForm(
        {"valid_from": "2025-03-01", "weekdays": ["7"], "hours_per_week": "12.5"},
        user=world.users["coordinator"],
    )

    assert set(form.errors) == {"weekdays"}


def test_filter_forms_offer_a_worker_only_what_they_see(world):
    user = world.users["worker_a"]

    assignment_filters = AssignmentFilterForm(user=user)
    kita_filters = KitaFilterForm(user=user)

    assert _choices(assignment_filters, "kita") == {"Kita St. Martin"}
    assert _choices(assignment_filters, "staff_member") == {"Anna Adler"}
    # Only choices that can match one of the worker's Kitas (St. Martin in Kottenheim, church provider).
    assert _choices(kita_filters, "provider") == {"Kath. Kita gGmbH"}
    assert _choices(kita_filters, "municipality") == {"Kottenheim"}
    assert _choices(kita_filters, "social_area") == {"Maifeld"}
