"""A coordinator who gets several things wrong sees all of them named at once, and an empty year says
what to do rather than "no entries match the filters"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kisa.budget.models import Booking
from kisa.budget.tests.factories import BookingFactory
from kisa.core.tests.ui import ui


def test_booking_form_names_amount_date_and_missing_fields_in_one_answer(
    world: Any, budget_year: Any
) -> None:
    response = world.client_for("coordinator").post(
        reverse("budget:booking_create", args=[2025]),
        {
            "date": "2024-05-01",
            "amount": "-20",
            "category": "material",
            "description": "",
            "receipt_number": "",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert ui("Amounts must be positive. Correct a booking with a reversal booking instead.") in page
    assert ui("The date must lie in the budget year %(year)s.") % {"year": 2025} in page
    assert page.count(ui("This field is required.")) >= 2
    assert not Booking.objects.exists()


def test_reversal_form_names_a_date_outside_the_year(world: Any, budget_year: Any) -> None:
    booking = BookingFactory(budget_year=budget_year, kita=world.kita_a)
    response = world.client_for("coordinator").post(
        reverse("budget:booking_reverse", args=[2025, booking.pk]),
        {"date": "2026-01-02", "amount": "0", "receipt_number": "S-1", "description": "falsch"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert ui("The date must lie in the budget year %(year)s.") % {"year": 2025} in page
    assert ui("Amounts must be positive.") in page
    assert Booking.objects.count() == 1


def test_empty_year_says_no_bookings_yet_and_filters_say_no_match(world: Any, budget_year: Any) -> None:
    client = world.client_for("coordinator")
    url = reverse("budget:booking_list", args=[2025])
    page = client.get(url).content.decode()
    assert ui("No bookings in this year yet.") in page and ui("No entries match the filters.") not in page
    page = client.get(url, {"q": "Elterncafé"}).content.decode()
    assert ui("No entries match the filters.") in page
    assert (
        ui("No bookings in this year yet.")
        not in world.client_for("worker_a").get(url, {"q": "x"}).content.decode()
    )
