"""Recording and correcting activities: the rules of DOMAIN.md §4 and the bad-input rules of the issue."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kisa.cases.models import Case
from kisa.core.models import AuditEntry
from kisa.documentation import services
from kisa.documentation.models import Activity, ActivityType, Dimension, Referral, Topic
from kisa.documentation.tests.conftest import entry_data
from kisa.documentation.tests.factories import make_case
from kisa.registry.tests.factories import AssignmentFactory


def _create(world, data, **kwargs):
    return services.activity_create(actor=world.users["worker_a"], worker=world.worker_a, data=data, **kwargs)


def _refused(world, data) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        _create(world, data)
    assert Activity.objects.count() == 0, "nothing is half-saved"
    return caught.value.message_dict


def test_activity_create_saves_the_entry_with_its_relations_and_an_audit_entry(world, catalogue, day):
    activity, created = _create(world, entry_data(world, catalogue, day))

    assert created
    assert list(activity.kitas.all()) == [world.kita_a]
    assert set(activity.topics.all()) == set(catalogue["topics"])
    assert list(Referral.objects.filter(activity=activity).values_list("category", flat=True)) == [
        "parenting_counselling"
    ]
    entry = AuditEntry.objects.get(model_label="documentation.Activity", object_id=str(activity.pk))
    assert entry.action == "create"
    assert entry.changes["kitas"] == ["Kita St. Martin"]
    assert entry.changes["note"] == services.NOTE_MARK, "the note's text never enters the audit trail"


def test_activity_create_with_a_known_client_id_returns_the_saved_entry(world, catalogue, day):
    client_id = uuid.uuid4()
    first, created_first = _create(world, entry_data(world, catalogue, day), client_id=client_id)
    again, created_again = _create(
        world, entry_data(world, catalogue, day, duration_minutes=99), client_id=client_id
    )

    assert (created_first, created_again) == (True, False)
    assert again.pk == first.pk and again.duration_minutes == 45
    assert Activity.objects.count() == 1


def test_activity_create_refuses_a_client_id_of_another_workers_entry(world, catalogue, day):
    client_id = uuid.uuid4()
    _create(world, entry_data(world, catalogue, day), client_id=client_id)
    with pytest.raises(ValidationError) as caught:
        services.activity_create(
            actor=world.users["worker_b"],
            worker=world.worker_b,
            data=entry_data(world, catalogue, day, kitas=[world.kita_b]),
            client_id=client_id,
        )
    assert "client_id" in caught.value.message_dict


@pytest.mark.parametrize("minutes", [0, 721])
def test_activity_create_refuses_a_duration_outside_1_to_720_minutes(world, catalogue, day, minutes):
    errors = _refused(world, entry_data(world, catalogue, day, duration_minutes=minutes))
    assert list(errors) == ["duration_minutes"]


@pytest.mark.parametrize("minutes", [1, 720])
def test_activity_create_accepts_the_limits_of_the_duration(world, catalogue, day, minutes):
    activity, _ = _create(world, entry_data(world, catalogue, day, duration_minutes=minutes))
    assert activity.duration_minutes == minutes


def test_activity_create_refuses_a_future_date(world, catalogue):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    errors = _refused(world, entry_data(world, catalogue, tomorrow))
    assert list(errors) == ["date"]


def test_activity_create_refuses_a_date_before_the_assignment_began(world, catalogue):
    errors = _refused(world, entry_data(world, catalogue, dt.date(2023, 12, 31)))
    assert list(errors) == ["date"]
    assert "Kita St. Martin" in errors["date"][0]


def test_activity_create_refuses_a_kita_the_worker_is_not_assigned_to(world, catalogue, day):
    errors = _refused(world, entry_data(world, catalogue, day, kitas=[world.kita_b]))
    assert list(errors) == ["kitas"]
    assert "Kita Regenbogen" in errors["kitas"][0]


def test_activity_create_refuses_a_kita_after_the_assignment_ended(world, catalogue, day):
    world.assignment_a.valid_to = dt.date(2025, 1, 31)
    world.assignment_a.save()
    errors = _refused(world, entry_data(world, catalogue, day))
    assert list(errors) == ["kitas"]


def test_activity_create_accepts_a_kita_of_an_earlier_assignment_on_its_dates(world, catalogue, day):
    AssignmentFactory(
        youth_office=world.office,
        staff_member=world.worker_a,
        kita=world.kita_c,
        valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )
    activity, _ = _create(world, entry_data(world, catalogue, day, kitas=[world.kita_a, world.kita_c]))
    assert activity.kitas.count() == 2


def test_activity_create_refuses_a_case_link_on_work_that_is_not_case_specific(world, catalogue, day):
    case = make_case(worker=world.worker_a, kita=world.kita_a)
    data = entry_data(
        world,
        catalogue,
        day,
        dimension=Dimension.CROSS_CASE,
        activity_type=catalogue["types"][Dimension.CROSS_CASE],
        case=case,
    )
    assert list(_refused(world, data)) == ["case"]


def test_activity_create_links_a_case_the_worker_is_the_deputy_of(world, catalogue, day):
    case = make_case(worker=world.worker_b, kita=world.kita_b, deputy=world.worker_a)
    activity, _ = _create(world, entry_data(world, catalogue, day, case=case))
    assert activity.case == case


@pytest.mark.parametrize("kind", ["another_workers", "closed"])
def test_activity_create_refuses_a_case_of_another_worker_or_a_closed_one(world, catalogue, day, kind):
    if kind == "closed":
        case = make_case(worker=world.worker_a, kita=world.kita_a, status=Case.Status.CLOSED)
    else:
        case = make_case(worker=world.worker_b, kita=world.kita_b)
    assert list(_refused(world, entry_data(world, catalogue, day, case=case))) == ["case"]


def test_activity_create_refuses_a_type_of_another_dimension(world, catalogue, day):
    data = entry_data(world, catalogue, day, activity_type=catalogue["types"][Dimension.NON_CASE])
    assert list(_refused(world, data)) == ["activity_type"]


def test_activity_create_needs_a_place_except_for_organisation(world, catalogue, day):
    assert list(_refused(world, entry_data(world, catalogue, day, kitas=[]))) == ["kitas"]
    organisation = entry_data(
        world,
        catalogue,
        day,
        kitas=[],
        dimension=Dimension.ORGANISATION,
        activity_type=catalogue["types"][Dimension.ORGANISATION],
    )
    activity, _ = _create(world, organisation)
    assert activity.kitas.count() == 0


def test_activity_create_refuses_topics_and_kitas_of_another_office(world, catalogue, day):
    foreign_topic = Topic.objects.create(youth_office=world.other_office, name="Fremd")
    assert list(_refused(world, entry_data(world, catalogue, day, topics=[foreign_topic]))) == ["topics"]
    assert list(_refused(world, entry_data(world, catalogue, day, kitas=[world.other_kita]))) == ["kitas"]


def test_activity_create_refuses_unknown_target_groups_and_referrals(world, catalogue, day):
    errors = _refused(world, entry_data(world, catalogue, day, target_groups=["aliens"], referrals=["x"]))
    assert set(errors) == {"target_groups", "referrals"}


def test_activity_update_by_the_author_keeps_the_history(world, catalogue, day):
    activity, _ = _create(world, entry_data(world, catalogue, day))
    data = entry_data(world, catalogue, day, duration_minutes=60, referrals=["debt_counselling"], note="neu")

    services.activity_update(actor=world.users["worker_a"], activity=activity, data=data)

    activity.refresh_from_db()
    assert activity.duration_minutes == 60
    assert list(activity.referrals.values_list("category", flat=True)) == ["debt_counselling"]
    update = AuditEntry.objects.get(object_id=str(activity.pk), action="update")
    assert update.changes["duration_minutes"] == [45, 60]
    assert update.changes["referrals"] == [["parenting_counselling"], ["debt_counselling"]]
    assert "note" not in update.changes, "only that a note exists is audited, not its text"


def test_activity_update_is_refused_for_anyone_but_the_author(world, catalogue, day):
    activity, _ = _create(world, entry_data(world, catalogue, day))
    for persona in ("worker_b", "coordinator"):
        with pytest.raises(ValidationError):
            services.activity_update(
                actor=world.users[persona],
                activity=activity,
                data=entry_data(world, catalogue, day, note="x"),
            )
    activity.refresh_from_db()
    assert activity.note == "Antrag besprochen"


def test_activity_update_validates_like_create(world, catalogue, day):
    activity, _ = _create(world, entry_data(world, catalogue, day))
    with pytest.raises(ValidationError) as caught:
        services.activity_update(
            actor=world.users["worker_a"],
            activity=activity,
            data=entry_data(world, catalogue, day, duration_minutes=0),
        )
    assert list(caught.value.message_dict) == ["duration_minutes"]
    activity.refresh_from_db()
    assert activity.duration_minutes == 45


def test_catalogue_defaults_follow_the_fachkonzept_and_are_created_once(world):
    services.catalogue_ensure_defaults(youth_office=world.office)
    services.catalogue_ensure_defaults(youth_office=world.office)
    types = ActivityType.objects.filter(youth_office=world.office)
    assert set(types.values_list("dimension", flat=True)) == set(Dimension.values)
    assert types.filter(key="home_visit", dimension=Dimension.CASE).count() == 1
    assert Topic.objects.filter(youth_office=world.office, key="child_protection").count() == 1
    assert not ActivityType.objects.filter(youth_office=world.other_office).exists()


def test_catalogue_entry_update_renames_and_deactivates(world, catalogue):
    home_visit = ActivityType.objects.get(youth_office=world.office, key="home_visit")
    services.catalogue_entry_update(
        actor=world.users["coordinator"],
        instance=home_visit,
        data={"name": "Hausbesuch (aufsuchend)", "is_active": False},
    )
    home_visit.refresh_from_db()
    assert (home_visit.name, home_visit.is_active) == ("Hausbesuch (aufsuchend)", False)
    assert AuditEntry.objects.filter(object_id=str(home_visit.pk), action="update").exists()


def test_a_deactivated_type_is_refused_for_new_entries(world, catalogue, day):
    kind = catalogue["types"][Dimension.CASE]
    kind.is_active = False
    kind.save()
    assert list(_refused(world, entry_data(world, catalogue, day))) == ["activity_type"]


def test_case_activities_and_referrals_are_for_the_responsible_worker_and_deputy_only(world, catalogue, day):
    from kisa.documentation.selectors import activity_list_for_case, referral_list_for_case

    case = make_case(worker=world.worker_a, kita=world.kita_a, deputy=world.worker_b)
    activity, _ = _create(world, entry_data(world, catalogue, day, case=case))
    _create(world, entry_data(world, catalogue, day))  # not linked

    for persona in ("worker_a", "worker_b"):
        assert list(activity_list_for_case(user=world.users[persona], case=case)) == [activity]
        assert [r.category for r in referral_list_for_case(user=world.users[persona], case=case)] == [
            "parenting_counselling"
        ]
    for persona in ("coordinator", "kita_lead", "provider", "read_only", "admin", "outsider"):
        assert not activity_list_for_case(user=world.users[persona], case=case).exists()
        assert not referral_list_for_case(user=world.users[persona], case=case).exists()
