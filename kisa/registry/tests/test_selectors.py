import datetime as dt
from decimal import Decimal

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from kisa.registry import selectors, services
from kisa.registry.tests.factories import (
    AssignmentFactory,
    KitaFactory,
    MunicipalAssociationFactory,
    MunicipalityFactory,
    ResponsibilityAreaFactory,
    StaffMemberFactory,
)

KITA_NUMBERS_BY_PERSONA = {
    "coordinator": {"A1", "B1", "C1"},
    "admin": {"A1", "B1", "C1"},
    "read_only": {"A1", "B1", "C1"},
    "worker_a": {"A1"},
    "worker_b": {"B1"},
    "kita_lead": {"A1"},
    "provider": {"A1", "B1", "C1"},  # its own A1 and C1, and B1 where its employee Ben Berg works
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


# --- List filters shared by pages and API -----------------------------------------------------------------

FILTERED = {
    "municipality": selectors.municipality_list_filtered,
    "socialarea": selectors.socialarea_list_filtered,
    "kita": selectors.kita_list_filtered,
    "provider": selectors.provider_list_filtered,
    "staff": selectors.staff_list_filtered,
    "assignment": selectors.assignment_list_filtered,
}
GARBAGE = {
    "association": "x",
    "in_area": "maybe",
    "municipality": "-1x",
    "social_area": "²",
    "provider": "1.5",
    "family_centre_status": "castle",
    "active": "perhaps",
    "kind": "royal",
    "function": "king",
    "employer": "",
    "staff_member": "abc",
    "kita": "A1",
    "current": "sometimes",
    "q": "Kita\x00",  # PostgreSQL refuses NUL in text: ignored, not a server error
}


@pytest.mark.parametrize("entity", FILTERED)
def test_list_filtered_ignores_unknown_and_malformed_values(world, entity):
    filtered = FILTERED[entity]
    user = world.users["coordinator"]

    assert list(filtered(user=user, filters=GARBAGE)) == list(filtered(user=user, filters={}))
    assert list(filtered(user=user, filters={})) != []


@pytest.mark.parametrize(
    ("entity", "filters"),
    [
        ("kita", lambda world: {"provider": str(world.church.pk)}),
        ("staff", lambda world: {"employer": str(world.church.pk)}),
        ("assignment", lambda world: {"kita": str(world.kita_a.pk), "current": "0"}),
    ],
)
def test_list_filtered_by_another_offices_record_finds_nothing(world, entity, filters):
    rows = FILTERED[entity](user=world.users["outsider"], filters=filters(world))

    assert list(rows) == []


def test_municipality_list_filtered_knows_the_responsibility_area_on_today(world):
    ended = MunicipalityFactory(district=world.district, ags="07137990", name="Ehemals")
    ResponsibilityAreaFactory(
        youth_office=world.office,
        municipality=ended,
        valid_from=dt.date(2021, 1, 1),
        valid_to=dt.date(2022, 1, 1),
    )
    user = world.users["coordinator"]

    inside = selectors.municipality_list_filtered(user=user, filters={"in_area": "yes"})
    outside = selectors.municipality_list_filtered(user=user, filters={"in_area": "no"})

    assert {m.name for m in inside} == {"Kottenheim", "Polch"}
    assert {m.name for m in outside} == {"Andernach", "Ehemals"}
    assert {
        m.name for m in selectors.municipalities_outside_responsibility_area(youth_office=world.office)
    } == {
        "Andernach",
        "Ehemals",
    }


def test_municipality_list_filtered_by_association(world):
    pellenz = MunicipalAssociationFactory(district=world.district, name="Pellenz")
    MunicipalAssociationFactory(district=world.other_office.district, name="Altenahr")
    MunicipalityFactory(district=world.district, ags="07137991", name="Kruft", association=pellenz)
    user = world.users["coordinator"]

    rows = selectors.municipality_list_filtered(user=user, filters={"association": str(pellenz.pk)})

    assert [m.name for m in rows] == ["Kruft"]
    assert [a.name for a in selectors.association_list_visible_to(user=user)] == ["Pellenz"]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", {"Kath. Kita gGmbH": (2, 1), "VG Maifeld": (1, 1)}),
        # Worker A sees only Kita A1 (church) and themselves (employed by VG Maifeld).
        ("worker_a", {"Kath. Kita gGmbH": (1, 0), "VG Maifeld": (0, 1)}),
    ],
)
def test_provider_list_filtered_counts_only_visible_kitas_and_staff(world, persona, expected):
    rows = selectors.provider_list_filtered(user=world.users[persona], filters={})

    assert {p.name: (p.kita_count, p.employee_count) for p in rows} == expected


def test_staff_list_filtered_sums_only_todays_assignments(world):
    AssignmentFactory(
        youth_office=world.office,
        staff_member=world.worker_a,
        kita=world.kita_c,
        hours_per_week=Decimal("20"),
        valid_from=dt.date(2022, 1, 1),
        valid_to=dt.date(2022, 12, 31),
    )
    AssignmentFactory(
        youth_office=world.office,
        staff_member=world.worker_a,
        kita=world.kita_b,
        hours_per_week=Decimal("4.5"),
    )

    adler = selectors.staff_list_filtered(user=world.users["coordinator"], filters={"q": "Adler"}).get()

    assert adler.assigned_hours == Decimal("19.5")
    assert {a.kita.name for a in adler.current_assignments} == {"Kita St. Martin", "Kita Regenbogen"}


def test_assignment_list_filtered_current_flag(world):
    AssignmentFactory(
        youth_office=world.office,
        staff_member=world.worker_a,
        kita=world.kita_c,
        valid_from=dt.date(2022, 1, 1),
        valid_to=dt.date(2022, 12, 31),
    )
    user = world.users["coordinator"]

    current = selectors.assignment_list_filtered(user=user, filters={"current": "1"})
    everything = selectors.assignment_list_filtered(user=user, filters={"current": "0"})

    assert {a.kita.number for a in current} == {"A1", "B1"}
    assert {a.kita.number for a in everything} == {"A1", "B1", "C1"}


def test_kita_list_filtered_shows_a_worker_only_their_own_current_assignment(world):
    AssignmentFactory(
        youth_office=world.office, staff_member=world.worker_b, kita=world.kita_a, hours_per_week=Decimal("5")
    )

    kita = selectors.kita_list_filtered(user=world.users["worker_a"], filters={}).get()

    assert [str(a.staff_member) for a in kita.current_assignments] == ["Anna Adler"]


# --- Visibility follows current assignments -------------------------------------------------------------


def _end(assignment, days_ago: int = 1) -> None:
    services.assignment_end(
        actor=None, assignment=assignment, valid_to=timezone.localdate() - dt.timedelta(days=days_ago)
    )


def test_worker_loses_the_kita_when_the_assignment_ends_but_keeps_their_own_history(world):
    _end(world.assignment_a)
    user = world.users["worker_a"]

    assert list(selectors.kita_list_visible_to(user=user)) == []
    assert list(selectors.assignment_list_visible_to(user=user)) == [world.assignment_a]
    assert list(selectors.staff_list_visible_to(user=user)) == [world.worker_a]


def test_worker_sees_a_kita_from_the_first_day_of_the_assignment_to_the_last(world):
    today = timezone.localdate()
    AssignmentFactory(
        youth_office=world.office,
        staff_member=world.worker_a,
        kita=world.kita_b,
        valid_from=today,
        valid_to=today,
    )
    AssignmentFactory(
        youth_office=world.office,
        staff_member=world.worker_a,
        kita=world.kita_c,
        valid_from=today + dt.timedelta(days=1),
    )

    kitas = selectors.kita_list_visible_to(user=world.users["worker_a"])

    assert {k.number for k in kitas} == {"A1", "B1"}


def test_kita_lead_no_longer_sees_a_worker_who_left_but_keeps_the_kitas_assignment_history(world):
    _end(world.assignment_a)
    user = world.users["kita_lead"]

    assert list(selectors.staff_list_visible_to(user=user)) == []
    assert list(selectors.assignment_list_visible_to(user=user)) == [world.assignment_a]


def test_provider_sees_staff_at_its_kitas_only_while_they_work_there(world):
    _end(world.assignment_a)  # Anna Adler, employed by VG Maifeld, leaves the church's Kita St. Martin

    staff = selectors.staff_list_visible_to(user=world.users["provider"])

    assert {s.last_name for s in staff} == {"Berg"}  # its own employee stays


def test_provider_sees_a_kita_where_its_employee_works_only_while_they_work_there(world):
    user = world.users["provider"]
    assert world.kita_b in selectors.kita_list_visible_to(user=user)

    _end(world.assignment_b)

    assert {k.number for k in selectors.kita_list_visible_to(user=user)} == {"A1", "C1"}
    # The employee's history stays visible to the employer, with the Kita named but not opened.
    assert world.assignment_b in selectors.assignment_list_visible_to(user=user)


@pytest.mark.parametrize(
    "persona", ["coordinator", "read_only", "worker_a", "kita_lead", "provider", "admin"]
)
def test_every_member_sees_all_providers_of_the_office(world, persona):
    providers = selectors.provider_list_visible_to(user=world.users[persona])

    assert {p.name for p in providers} == {"Kath. Kita gGmbH", "VG Maifeld"}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", 3),  # with the inactive Kita
        ("read_only", 3),
        ("worker_a", 1),  # Kita St. Martin
        ("worker_b", 1),  # Kita Regenbogen
        ("kita_lead", 1),
        ("provider", 2),  # its Kita St. Martin, and Kita Regenbogen where its employee works
        ("outsider", None),  # another office's social area does not exist for them
    ],
)
def test_social_area_kita_count_counts_only_the_kitas_the_user_sees(world, persona, expected):
    KitaFactory(youth_office=world.office, social_area=world.social_area, is_active=False)

    areas = selectors.socialarea_list_filtered(user=world.users[persona], filters={})

    assert {a.name: a.kita_count for a in areas}.get("Maifeld") == expected


# --- Stable pages: equal sort keys end in the primary key --------------------------------------------------


def _same_named_rows(world, entity: str) -> None:
    for _ in range(12):
        if entity == "kita":
            KitaFactory(youth_office=world.office, name="Kita Gleich", provider=world.church)
        elif entity == "staff":
            StaffMemberFactory(youth_office=world.office, first_name="Max", last_name="Gleich")
        else:
            AssignmentFactory(youth_office=world.office, kita=world.kita_c, valid_from=dt.date(2024, 1, 1))


@pytest.mark.parametrize("entity", ["kita", "staff", "assignment"])
def test_list_filtered_pages_never_repeat_or_skip_rows_with_equal_names(world, entity):
    _same_named_rows(world, entity)
    rows = FILTERED[entity](user=world.users["coordinator"], filters={})
    paginator = Paginator(rows, 5)

    paged = [row.pk for number in paginator.page_range for row in paginator.page(number).object_list]

    assert sorted(paged) == sorted(rows.values_list("pk", flat=True))
    assert len(set(paged)) == len(paged)
