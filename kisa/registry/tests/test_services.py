import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kisa.core.models import AuditEntry
from kisa.registry import services
from kisa.registry.models import Assignment, Kita, ResponsibilityArea
from kisa.registry.tests.factories import MunicipalityFactory


def _new_assignment(world, **overrides):
    """Assign a worker (default: Ben Berg, 15 h of 39 h taken) to Kita Arche Noah, where nobody works yet."""
    data = {
        "staff_member": world.worker_b,
        "kita": world.kita_c,
        "weekdays": [3],
        "hours_per_week": Decimal("5"),
        "valid_from": dt.date(2025, 1, 1),
        **overrides,
    }
    return services.assignment_create(actor=None, youth_office=world.office, data=data)


def _kita_data(world, **overrides):
    data = {
        "number": "N1",
        "name": "Kita Pusteblume",
        "municipality": world.municipality_in_area,
        "provider": world.church,
        "approved_places": 50,
    }
    return {**data, **overrides}


def test_kita_create_saves_and_audits_who_created_it(world):
    coordinator = world.users["coordinator"]

    kita = services.kita_create(actor=coordinator, youth_office=world.office, data=_kita_data(world))

    entry = AuditEntry.objects.get(model_label="registry.Kita", object_id=str(kita.pk))
    assert entry.action == "create"
    assert entry.actor == coordinator
    assert entry.youth_office == world.office
    assert entry.changes["name"] == "Kita Pusteblume"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"approved_places": -5}, "approved_places"),
        ({"latitude": Decimal("60.0"), "longitude": Decimal("7.3")}, "latitude"),
        ({"longitude": Decimal("30.0"), "latitude": Decimal("50.3")}, "longitude"),
        ({"name": ""}, "name"),
        ({"number": "A1"}, "number"),  # already used by Kita St. Martin in this office
    ],
)
def test_kita_create_refuses_invalid_values_naming_the_field(world, overrides, field):
    before = Kita.objects.count()

    with pytest.raises(ValidationError) as error:
        services.kita_create(actor=None, youth_office=world.office, data=_kita_data(world, **overrides))

    assert field in error.value.message_dict
    assert Kita.objects.count() == before
    assert not AuditEntry.objects.filter(model_label="registry.Kita").exists()


def test_kita_create_refuses_a_municipality_outside_the_responsibility_area(world):
    with pytest.raises(ValidationError) as error:
        services.kita_create(
            actor=None,
            youth_office=world.office,
            data=_kita_data(world, municipality=world.municipality_outside_area),
        )

    assert error.value.message_dict["municipality"] == ["Andernach liegt nicht im Zuständigkeitsbereich."]


def test_kita_create_refuses_a_provider_of_another_office(world):
    other_provider = world.other_kita.provider

    with pytest.raises(ValidationError) as error:
        services.kita_create(
            actor=None, youth_office=world.office, data=_kita_data(world, provider=other_provider)
        )

    assert "provider" in error.value.message_dict


def test_kita_update_audits_only_the_changed_fields(world):
    services.kita_update(actor=world.users["coordinator"], kita=world.kita_a, data={"approved_places": 90})

    entry = AuditEntry.objects.get(model_label="registry.Kita", action="update")
    assert entry.changes == {"approved_places": [80, 90]}


def test_assignment_create_refuses_hours_beyond_the_workers_contract(world):
    # worker A: 39 h contracted, 15 h already at Kita St. Martin
    with pytest.raises(ValidationError) as error:
        _new_assignment(world, staff_member=world.worker_a, weekdays=[3, 4], hours_per_week=Decimal("25"))

    assert "hours_per_week" in error.value.message_dict
    assert "24,0" in error.value.message_dict["hours_per_week"][0]
    assert not Assignment.objects.filter(kita=world.kita_c).exists()


def test_assignment_create_allows_hours_up_to_the_contract(world):
    assignment = _new_assignment(
        world, staff_member=world.worker_a, weekdays=[3, 4], hours_per_week=Decimal("24")
    )

    assert assignment.pk is not None


def test_assignment_create_refuses_a_second_overlapping_assignment_to_the_same_kita(world):
    with pytest.raises(ValidationError) as error:
        _new_assignment(
            world,
            staff_member=world.worker_a,
            kita=world.kita_a,
            weekdays=[5],
            hours_per_week=Decimal("2"),
            valid_from=dt.date(2025, 6, 1),
        )

    assert "valid_from" in error.value.message_dict


@pytest.mark.parametrize("weekdays", [[], [0], [8], [1, 1], "Mo"])
def test_assignment_create_refuses_invalid_weekdays(world, weekdays):
    with pytest.raises(ValidationError) as error:
        _new_assignment(world, weekdays=weekdays)

    assert "weekdays" in error.value.message_dict


def test_assignment_change_keeps_history_and_starts_a_new_assignment(world):
    old = world.assignment_a  # Mon+Tue, 15 h, since 2024-01-01, open-ended

    new = services.assignment_change(
        actor=world.users["coordinator"],
        assignment=old,
        changes_from=dt.date(2025, 3, 1),
        data={"weekdays": [1, 2, 3], "hours_per_week": Decimal("20")},
    )

    old.refresh_from_db()
    assert old.valid_to == dt.date(2025, 2, 28)
    assert old.weekdays == [1, 2]
    assert old.hours_per_week == Decimal("15.0")
    assert (new.valid_from, new.valid_to, new.weekdays, new.hours_per_week) == (
        dt.date(2025, 3, 1),
        None,
        [1, 2, 3],
        Decimal("20"),
    )
    assert list(Assignment.objects.filter(staff_member=world.worker_a).current(dt.date(2025, 3, 1))) == [new]


def test_assignment_change_is_all_or_nothing(world):
    old = world.assignment_a

    with pytest.raises(ValidationError):
        services.assignment_change(
            actor=None,
            assignment=old,
            changes_from=dt.date(2025, 3, 1),
            data={"hours_per_week": Decimal("99")},
        )

    old.refresh_from_db()
    assert old.valid_to is None
    assert Assignment.objects.filter(staff_member=world.worker_a).count() == 1


def test_assignment_end_refuses_an_end_before_the_start(world):
    with pytest.raises(ValidationError) as error:
        services.assignment_end(actor=None, assignment=world.assignment_a, valid_to=dt.date(2023, 1, 1))

    assert "valid_to" in error.value.message_dict


def test_staff_member_update_refuses_hours_below_current_assignments(world):
    with pytest.raises(ValidationError) as error:
        services.staff_member_update(
            actor=None, staff_member=world.worker_a, data={"weekly_hours": Decimal("10")}
        )

    assert "weekly_hours" in error.value.message_dict
    world.worker_a.refresh_from_db()
    assert world.worker_a.weekly_hours == Decimal("39.0")


def test_responsibility_area_add_refuses_a_municipality_already_in_an_area(world):
    with pytest.raises(ValidationError) as error:
        services.responsibility_area_add(
            actor=None,
            youth_office=world.other_office,
            municipality=world.municipality_in_area,
            valid_from=dt.date(2025, 1, 1),
        )

    assert "municipality" in error.value.message_dict


def test_responsibility_area_is_dated(world):
    """A town handing its youth office to the district joins the area from a date on, not before."""
    services.responsibility_area_add(
        actor=None,
        youth_office=world.office,
        municipality=world.municipality_outside_area,
        valid_from=dt.date(2026, 1, 1),
    )

    from kisa.registry.models import Municipality

    before = Municipality.objects.in_responsibility_area(world.office, dt.date(2025, 12, 31))
    after = Municipality.objects.in_responsibility_area(world.office, dt.date(2026, 1, 1))
    assert "Andernach" not in {m.name for m in before}
    assert "Andernach" in {m.name for m in after}
    assert ResponsibilityArea.objects.filter(youth_office=world.office).count() == 3


def test_municipality_create_refuses_a_malformed_ags(world):
    with pytest.raises(ValidationError) as error:
        services.municipality_create(
            actor=None,
            data={
                **{
                    f: getattr(MunicipalityFactory.build(district=world.district), f)
                    for f in ("name", "kind", "area_km2", "area_date", "population", "population_date")
                },
                "district": world.district,
                "ags": "0713",
                "latitude": Decimal("50.3"),
                "longitude": Decimal("7.3"),
            },
        )

    assert error.value.message_dict["ags"] == ["Der AGS hat genau 8 Ziffern."]


def test_assignment_hours_count_the_busiest_time_not_every_period_of_the_year(world):
    """After a change (15 h until February, 30 h from March) the worker carries at most 30 h at once."""
    services.assignment_change(
        actor=None,
        assignment=world.assignment_a,
        changes_from=dt.date(2025, 3, 1),
        data={"hours_per_week": Decimal("30")},
    )

    added = _new_assignment(
        world,
        staff_member=world.worker_a,
        weekdays=[5],
        hours_per_week=Decimal("9"),
        valid_from=dt.date(2024, 6, 1),
    )

    assert added.pk is not None  # 30 h + 9 h = 39 h contracted; summing all periods would say 54 h


def test_staff_member_update_without_lower_hours_is_not_blocked_by_a_scheduled_change(world):
    services.assignment_change(
        actor=None,
        assignment=world.assignment_a,
        changes_from=dt.date(2025, 3, 1),
        data={"hours_per_week": Decimal("38.5")},
    )

    services.staff_member_update(
        actor=None,
        staff_member=world.worker_a,
        data={"email": "anna.adler@example.org", "weekly_hours": "39.0"},
    )

    world.worker_a.refresh_from_db()
    assert world.worker_a.email == "anna.adler@example.org"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"function": "coordinator"}, "staff_member"),
        ({"is_active": False}, "staff_member"),
    ],
)
def test_assignment_create_refuses_a_coordinator_or_inactive_worker(world, change, field):
    for name, value in change.items():
        setattr(world.worker_b, name, value)
    world.worker_b.save()

    with pytest.raises(ValidationError) as error:
        _new_assignment(world)

    assert list(error.value.message_dict) == [field]


def test_assignment_create_refuses_an_inactive_kita(world):
    world.kita_c.is_active = False
    world.kita_c.save()

    with pytest.raises(ValidationError) as error:
        _new_assignment(world)

    assert list(error.value.message_dict) == ["kita"]


def test_social_area_audit_names_the_municipalities(world):
    area = services.social_area_create(
        actor=None,
        youth_office=world.office,
        name="Sozialraum Nord",
        municipalities=[world.municipality_in_area],
    )
    services.social_area_update(
        actor=None,
        social_area=area,
        data={},
        municipalities=iter([world.municipality_in_area, world.kita_b.municipality]),
    )

    created, changed = AuditEntry.objects.filter(model_label="registry.SocialArea").order_by("id")
    assert created.changes["municipalities"] == ["Kottenheim"]
    assert changed.changes == {"municipalities": [["Kottenheim"], ["Kottenheim", "Polch"]]}
    assert sorted(area.municipalities.values_list("name", flat=True)) == ["Kottenheim", "Polch"]
