"""The activities API: idempotent create, scoped list, statistics with small-number suppression."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from kisa.documentation.models import Activity, Dimension
from kisa.documentation.services import figures_rebuild
from kisa.documentation.tests.factories import ActivityFactory, make_case

URL = "/api/v1/activities"
STATS = "/api/v1/stats/activities"


def _payload(world, catalogue, **overrides):
    data = {
        "client_id": str(uuid.uuid4()),
        "date": "2025-03-05",
        "start_time": "09:30",
        "duration_minutes": 45,
        "dimension": "case",
        "activity_type_id": catalogue["types"][Dimension.CASE].pk,
        "kita_ids": [world.kita_a.pk],
        "topic_ids": [t.pk for t in catalogue["topics"]],
        "target_groups": ["parents"],
        "adults": 2,
        "children": 1,
        "referrals": ["debt_counselling"],
        "note": "kurz",
    }
    data.update(overrides)
    return data


def _post(client, payload):
    return client.post(URL, json.dumps(payload), content_type="application/json")


def test_post_activity_answers_201_then_200_with_the_same_record_for_the_same_client_id(world, catalogue):
    client = world.client_for("worker_a")
    payload = _payload(world, catalogue)

    first = _post(client, payload)
    second = _post(client, payload)

    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["kitas"] == [{"id": world.kita_a.pk, "name": "Kita St. Martin"}]
    assert first.json()["referrals"] == ["debt_counselling"]
    assert Activity.objects.filter(client_id=payload["client_id"]).count() == 1


def test_post_activity_refusals_name_the_fields_as_sent(world, catalogue):
    client = world.client_for("worker_a")
    response = _post(client, _payload(world, catalogue, duration_minutes=800, kita_ids=[world.kita_b.pk]))
    assert response.status_code == 422
    fields = {item["field"] for item in response.json()["detail"]}
    assert fields == {"duration_minutes", "kita_ids"}
    assert Activity.objects.count() == 0


def test_post_activity_refuses_a_future_date_and_a_case_link_on_other_work(world, catalogue):
    client = world.client_for("worker_a")
    case = make_case(worker=world.worker_a, kita=world.kita_a)
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    response = _post(
        client,
        _payload(
            world,
            catalogue,
            date=tomorrow,
            dimension="cross_case",
            activity_type_id=catalogue["types"][Dimension.CROSS_CASE].pk,
            case_id=case.pk,
        ),
    )
    assert response.status_code == 422
    assert {item["field"] for item in response.json()["detail"]} == {"date", "case_id"}


def test_post_activity_treats_ids_of_another_office_as_unknown(world, catalogue):
    client = world.client_for("worker_a")
    response = _post(client, _payload(world, catalogue, kita_ids=[world.other_kita.pk]))
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "kita_ids"


@pytest.mark.parametrize("persona", ["coordinator", "kita_lead", "provider", "read_only", "admin"])
def test_post_activity_is_refused_for_roles_that_do_not_document(world, catalogue, persona):
    response = _post(world.client_for(persona), _payload(world, catalogue))
    assert response.status_code == 403
    assert Activity.objects.count() == 0


def test_get_activities_shows_a_worker_only_their_own(world, catalogue):
    own = ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], note="eigene Notiz")
    ActivityFactory(worker=world.worker_b, kitas=[world.kita_b])
    body = world.client_for("worker_a").get(URL).json()
    assert body["count"] == 1
    assert body["items"][0]["id"] == own.pk
    assert body["items"][0]["note"] == "eigene Notiz"


def test_get_activities_shows_the_coordinator_the_office_without_case_or_note(world, catalogue):
    case = make_case(worker=world.worker_a, kita=world.kita_a)
    ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], case=case, note="vertraulich")
    ActivityFactory(worker=world.other_worker)
    body = world.client_for("coordinator").get(URL).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["case_specific"], item["case_id"], item["note"]) == (True, None, None)


@pytest.mark.parametrize("persona", ["kita_lead", "provider", "read_only", "admin"])
def test_get_activities_is_refused_for_aggregate_only_roles(world, persona):
    assert world.client_for(persona).get(URL).status_code == 403


def _year_of_activities(world):
    for i in range(6):
        ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], date=dt.date(2025, 3, 1 + i), adults=1)
    ActivityFactory(
        worker=world.worker_a,
        kitas=[world.kita_a],
        dimension=Dimension.NON_CASE,
        date=dt.date(2025, 4, 1),
        duration_minutes=90,
    )
    ActivityFactory(worker=world.other_worker, date=dt.date(2025, 3, 3))
    # Factories bypass the services, which keep the office-wide monthly figures.
    figures_rebuild(youth_office=world.office)
    figures_rebuild(youth_office=world.other_office)


def test_stats_give_the_coordinator_every_group_unsuppressed(world):
    _year_of_activities(world)
    body = world.client_for("coordinator").get(STATS, {"group_by": "dimension", "year": 2025}).json()
    assert body["suppressed_below"] is None
    rows = {row["key"]: row for row in body["items"]}
    assert rows["case"]["activities"] == 6 and rows["case"]["minutes"] == 270 and rows["case"]["adults"] == 6
    assert rows["non_case"]["activities"] == 1 and rows["non_case"]["minutes"] == 90


@pytest.mark.parametrize("persona", ["read_only", "kita_lead", "provider"])
def test_stats_suppress_small_groups_for_aggregate_only_roles(world, persona):
    _year_of_activities(world)
    body = world.client_for(persona).get(STATS, {"group_by": "dimension", "year": 2025}).json()
    assert body["suppressed_below"] == 5
    rows = {row["key"]: row for row in body["items"]}
    assert rows["case"]["activities"] == 6
    assert rows["non_case"] == {
        "key": "non_case",
        "label": rows["non_case"]["label"],
        "activities": None,
        "minutes": None,
        "adults": None,
        "children": None,
        "professionals": None,
    }


def test_stats_group_by_month_kita_and_topic(world, catalogue):
    _year_of_activities(world)
    client = world.client_for("coordinator")
    months = {
        r["key"]: r["activities"]
        for r in client.get(STATS, {"group_by": "month", "year": 2025}).json()["items"]
    }
    assert months == {"3": 6, "4": 1}
    kitas = client.get(STATS, {"group_by": "kita", "year": 2025}).json()["items"]
    assert [(r["label"], r["activities"]) for r in kitas] == [("Kita St. Martin", 7)]
    assert client.get(STATS, {"group_by": "topic", "year": 2025}).json()["items"] == []
    assert client.get(STATS, {"group_by": "dimension", "year": 2024}).json()["items"] == []


def test_stats_refuse_an_unknown_grouping_and_the_admin(world):
    assert world.client_for("coordinator").get(STATS, {"group_by": "family"}).status_code == 422
    assert world.client_for("admin").get(STATS).status_code == 403


def test_stats_of_a_worker_are_their_own(world):
    _year_of_activities(world)
    ActivityFactory(worker=world.worker_b, kitas=[world.kita_b], date=dt.date(2025, 3, 3))
    rows = world.client_for("worker_b").get(STATS, {"year": 2025}).json()["items"]
    assert [(r["key"], r["activities"]) for r in rows] == [("case", 1)]


def test_wrong_types_are_refused_in_german_naming_the_field(world):
    """A refused offline entry shows the server's message to the worker: it must be German."""
    response = world.client_for("worker_a").post(
        "/api/v1/activities",
        {"client_id": "not-a-uuid", "dimension": "gossip", "duration_minutes": "lang"},
        content_type="application/json",
    )

    assert response.status_code == 422
    messages = {item["field"]: item["message"] for item in response.json()["detail"]}
    assert messages["client_id"] == "Bitte eine gültige UUID eingeben."
    assert messages["duration_minutes"] == "Bitte eine ganze Zahl eingeben."
    assert messages["dimension"].startswith("Wählen Sie einen dieser Werte: ")
