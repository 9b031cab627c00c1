import datetime as dt
from decimal import Decimal

import pytest

from kisa.registry import selectors

KITA_NUMBERS_BY_PERSONA = {
    "coordinator": {"A1", "B1", "C1"},
    "admin": {"A1", "B1", "C1"},
    "read_only": {"A1", "B1", "C1"},
    "worker_a": {"A1"},
    "worker_b": {"B1"},
    "kita_lead": {"A1"},
    "provider": {"A1", "C1"},
    "outsider": {"X1"},
}


@pytest.mark.parametrize(("persona", "expected"), KITA_NUMBERS_BY_PERSONA.items())
def test_kita_list_visible_to_each_role_is_exactly_its_kitas(world, persona, expected):
    kitas = selectors.kita_list_visible_to(user=world.users[persona])

    assert {k.number for k in kitas} == expected


STAFF_BY_PERSONA = {
    "coordinator": {"Adler", "Berg"},
    "admin": {"Adler", "Berg"},
    "read_only": set(),
    "worker_a": {"Adler"},
    "worker_b": {"Berg"},
    "kita_lead": {"Adler"},
    "provider": {"Berg", "Adler"},  # Berg is employed by the church; Adler works at its Kita A1
    "outsider": {"Other"},
}


@pytest.mark.parametrize(("persona", "expected"), STAFF_BY_PERSONA.items())
def test_staff_list_visible_to_each_role_is_exactly_its_staff(world, persona, expected):
    staff = selectors.staff_list_visible_to(user=world.users[persona])

    assert {s.last_name for s in staff} == expected


def test_overview_keeps_district_and_responsibility_area_apart(world):
    overview = selectors.overview_for(youth_office=world.office, on=dt.date(2026, 1, 1))

    assert overview.district.municipalities == 3
    assert overview.district.inhabitants == 2900 + 6800 + 30126
    assert overview.responsibility_area.municipalities == 2
    assert overview.responsibility_area.inhabitants == 2900 + 6800
    assert overview.responsibility_area.area_km2 == Decimal("20.00")
    assert overview.responsibility_area.density_per_km2 == 485.0
    assert overview.responsibility_area.kitas == 3
    assert overview.responsibility_area.places == 80 + 60 + 45
    assert overview.responsibility_area.reference_date == dt.date(2021, 12, 31)
