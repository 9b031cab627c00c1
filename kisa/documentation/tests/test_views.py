"""Documentation pages as each role meets them."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from kisa.core.tests.ui import queries_for, ui
from kisa.documentation.models import Activity, ActivityType, Dimension, Topic
from kisa.documentation.services import figures_rebuild
from kisa.documentation.tests.factories import ActivityFactory, make_case

ENTRY = "/dokumentation/erfassen/"
LIST = "/dokumentation/"


def _form_data(world, catalogue, **overrides):
    data = {
        "client_id": str(uuid.uuid4()),
        "date": "2025-03-05",
        "start_time": "10:00",
        "duration_minutes": "30",
        "dimension": "case",
        "activity_type": str(catalogue["types"][Dimension.CASE].pk),
        "kitas": [str(world.kita_a.pk)],
        "topics": [str(catalogue["topics"][0].pk)],
        "language": "de",
        "adults": "1",
        "children": "0",
        "professionals": "0",
        "note": "",
    }
    data.update(overrides)
    return data


def test_entry_page_prefills_todays_kita_and_the_last_entry(world, catalogue):
    today = timezone.localdate()
    world.assignment_a.weekdays = [today.isoweekday()] if today.isoweekday() <= 6 else [1]
    world.assignment_a.save()
    ActivityFactory(
        worker=world.worker_a,
        kitas=[world.kita_a],
        dimension=Dimension.NON_CASE,
        activity_type=catalogue["types"][Dimension.NON_CASE],
        duration_minutes=75,
    )
    response = world.client_for("worker_a").get(ENTRY)
    form = response.context["form"]
    assert form.initial["date"] == today
    assert form.initial["dimension"] == Dimension.NON_CASE
    assert form.initial["duration_minutes"] == 75
    if today.isoweekday() <= 6:
        assert form.initial["kitas"] == [world.kita_a.pk]
    assert list(form.fields["kitas"].queryset) == [world.kita_a], "only the worker's current Kitas"
    html = response.content.decode()
    assert ui("No names, no details that identify a family.") in html
    assert "<script>" not in html and 'src="/static/documentation/entry.js"' in html


def test_entry_page_says_a_place_is_needed_although_kitas_are_marked_optional(world, catalogue):
    html = world.client_for("worker_a").get(ENTRY).content.decode()
    assert "Wo die Arbeit stattfand: eine Kita oder unter „Weitere Angaben“ eine Gemeinde" in html
    response = world.client_for("worker_a").post(
        ENTRY,
        {
            "date": timezone.localdate().isoformat(),
            "duration_minutes": "30",
            "dimension": Dimension.NON_CASE,
            "activity_type": catalogue["types"][Dimension.NON_CASE].pk,
            "language": "de",
            "client_id": str(uuid.uuid4()),
        },
    )
    assert response.context["form"].errors["kitas"] == [
        ui("Choose a Kita, a municipality or a social area where the work took place.")
    ]


def test_entry_page_repeat_last_and_copy_take_the_whole_entry(world, catalogue):
    source = ActivityFactory(
        worker=world.worker_a,
        kitas=[world.kita_a],
        topics=catalogue["topics"],
        adults=4,
        target_groups=["parents", "children"],
    )
    client = world.client_for("worker_a")
    for query in ("?repeat=last", f"?copy={source.pk}"):
        initial = client.get(ENTRY + query).context["form"].initial
        assert initial["date"] == timezone.localdate()
        assert initial["adults"] == 4 and initial["target_groups"] == ["parents", "children"]
        assert initial["topics"] == [t.pk for t in catalogue["topics"]]


def test_entry_page_cannot_copy_another_workers_entry(world, catalogue):
    foreign = ActivityFactory(worker=world.worker_b, kitas=[world.kita_b])
    assert world.client_for("worker_a").get(f"{ENTRY}?copy={foreign.pk}").status_code == 404


def test_entry_post_saves_once_even_when_sent_twice(world, catalogue):
    client = world.client_for("worker_a")
    data = _form_data(world, catalogue)
    assert client.post(ENTRY, data).status_code == 302
    assert client.post(ENTRY, data).status_code == 302
    assert Activity.objects.filter(worker=world.worker_a).count() == 1


def test_entry_post_shows_errors_next_to_the_named_fields(world, catalogue):
    response = world.client_for("worker_a").post(
        ENTRY, _form_data(world, catalogue, duration_minutes="0", date="2023-06-01")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"duration_minutes", "date"}
    assert 'aria-invalid="true"' in response.content.decode()
    assert Activity.objects.count() == 0


@pytest.mark.parametrize("persona", ["coordinator", "kita_lead", "provider", "read_only", "admin"])
def test_entry_page_is_only_for_social_workers(world, persona):
    assert world.client_for(persona).get(ENTRY).status_code == 403


def test_activity_list_of_a_worker_is_theirs_and_filters(world, catalogue):
    ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], date=dt.date(2025, 3, 4))
    ActivityFactory(
        worker=world.worker_a,
        kitas=[world.kita_a],
        date=dt.date(2025, 5, 4),
        dimension=Dimension.NON_CASE,
    )
    ActivityFactory(worker=world.worker_b, kitas=[world.kita_b])
    client = world.client_for("worker_a")
    assert client.get(LIST).context["paginator"].count == 2
    assert client.get(LIST, {"dimension": "non_case"}).context["paginator"].count == 1
    assert client.get(LIST, {"start": "2025-04-01", "end": "2025-12-31"}).context["paginator"].count == 1
    assert client.get(LIST, {"kita": world.kita_b.pk}).context["paginator"].count == 0
    assert client.get(LIST, {"start": "not-a-date"}).context["paginator"].count == 2


def test_activity_list_of_the_coordinator_is_the_office(world):
    ActivityFactory(worker=world.worker_a, kitas=[world.kita_a])
    ActivityFactory(worker=world.worker_b, kitas=[world.kita_b])
    ActivityFactory(worker=world.other_worker)
    response = world.client_for("coordinator").get(LIST)
    assert response.context["paginator"].count == 2
    assert "Adler" in response.content.decode() and "Berg" in response.content.decode()


def test_activity_list_filter_offers_a_kita_the_worker_has_left(world, catalogue):
    from kisa.registry.tests.factories import AssignmentFactory, KitaFactory

    former = KitaFactory(youth_office=world.office, name="Kita Alte Schule")
    AssignmentFactory(
        youth_office=world.office,
        staff_member=world.worker_a,
        kita=former,
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2024, 12, 31),
    )
    ActivityFactory(worker=world.worker_a, kitas=[former], date=dt.date(2024, 6, 4))
    ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], date=dt.date(2025, 6, 4))
    response = world.client_for("worker_a").get(LIST, {"kita": former.pk})
    assert list(response.context["filter_form"].fields["kita"].queryset) == sorted(
        [former, world.kita_a], key=lambda kita: kita.name
    )
    assert [a.date for a in response.context["object_list"]] == [dt.date(2024, 6, 4)]
    assert "Kita Alte Schule" in response.content.decode()


@pytest.mark.parametrize("persona", ["kita_lead", "provider", "read_only", "admin"])
def test_activity_list_is_refused_to_aggregate_only_roles(world, persona):
    assert world.client_for(persona).get(LIST).status_code == 403


@pytest.mark.parametrize("rows", [1, 3])
def test_activity_list_queries_do_not_grow_with_the_rows(world, catalogue, rows):
    for _ in range(rows):
        ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], topics=catalogue["topics"])
    assert queries_for(world.client_for("worker_a"), LIST) == 10


def test_activity_detail_shows_the_author_note_case_and_history(world, catalogue):
    case = make_case(worker=world.worker_a, kita=world.kita_a)
    client = world.client_for("worker_a")
    client.post(ENTRY, _form_data(world, catalogue, case=str(case.pk), note="Termin vereinbart"))
    activity = Activity.objects.get()
    data = _form_data(world, catalogue, duration_minutes="50", case=str(case.pk))
    assert client.post(f"/dokumentation/{activity.pk}/korrigieren/", data).status_code == 302

    html = client.get(f"/dokumentation/{activity.pk}/").content.decode()
    assert case.code in html and "Termin vereinbart" not in html  # the note was emptied by the correction
    assert ui("History") in html and "30 → 50" in html.replace("&#x27;", "'")


def test_activity_detail_shows_the_coordinator_only_that_it_is_case_specific(world, catalogue):
    case = make_case(worker=world.worker_a, kita=world.kita_a)
    activity = ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], case=case, note="vertraulich")
    response = world.client_for("coordinator").get(f"/dokumentation/{activity.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert case.code not in html and "vertraulich" not in html
    assert ui("case-specific") in html
    assert (
        world.client_for("coordinator").get(f"/dokumentation/{activity.pk}/korrigieren/").status_code == 403
    )


def test_activity_detail_of_another_worker_or_office_answers_404(world):
    activity = ActivityFactory(worker=world.worker_a, kitas=[world.kita_a])
    assert world.client_for("worker_b").get(f"/dokumentation/{activity.pk}/").status_code == 404
    assert world.client_for("worker_b").get(f"/dokumentation/{activity.pk}/korrigieren/").status_code == 404
    assert world.client_for("outsider").get(f"/dokumentation/{activity.pk}/").status_code == 404


def test_my_month_shows_hours_per_dimension_kita_type_and_families(world, catalogue):
    case = make_case(worker=world.worker_a, kita=world.kita_a)
    ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], date=dt.date(2025, 3, 3), case=case)
    ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], date=dt.date(2025, 3, 4), case=case)
    ActivityFactory(
        worker=world.worker_a, kitas=[world.kita_a], date=dt.date(2025, 3, 10), duration_minutes=90
    )
    ActivityFactory(
        worker=world.worker_a,
        kitas=[world.kita_a],
        date=dt.date(2025, 3, 11),
        dimension=Dimension.CROSS_CASE,
        duration_minutes=120,
    )
    ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], date=dt.date(2025, 4, 1))
    response = world.client_for("worker_a").get("/dokumentation/meine-zeit/", {"date": "2025-03-15"})
    summary = response.context["summary"]
    assert (summary.activities, summary.minutes, summary.families_reached) == (4, 300, 2)
    assert {label: minutes for label, _n, minutes in summary.by_dimension} == {
        str(Dimension.CASE.label): 180,
        str(Dimension.CROSS_CASE.label): 120,
    }
    assert summary.by_kita == [("Kita St. Martin", 4, 300)]
    week = world.client_for("worker_a").get(
        "/dokumentation/meine-zeit/", {"period": "week", "date": "2025-03-05"}
    )
    assert week.context["summary"].activities == 2


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("period", ["week", "month"])
def test_my_month_at_the_ends_of_the_calendar_shows_this_month_instead_of_failing(world, date, period):
    response = world.client_for("worker_a").get(
        "/dokumentation/meine-zeit/", {"date": date, "period": period}
    )
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["summary"].start <= today <= response.context["summary"].end


def test_activity_list_ignores_a_kita_id_too_long_for_the_database(world, catalogue):
    ActivityFactory(worker=world.worker_a, kitas=[world.kita_a])
    response = world.client_for("worker_a").get("/dokumentation/", {"kita": "9" * 25})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 1


@pytest.mark.parametrize("persona", ["coordinator", "kita_lead", "read_only", "admin"])
def test_my_month_is_only_for_workers(world, persona):
    assert world.client_for(persona).get("/dokumentation/meine-zeit/").status_code == 403


def test_statistics_page_suppresses_small_groups_for_the_committee(world):
    for i in range(5):
        ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], date=dt.date(2025, 3, 3 + i))
    ActivityFactory(
        worker=world.worker_a, kitas=[world.kita_a], dimension=Dimension.NON_CASE, date=dt.date(2025, 3, 3)
    )
    figures_rebuild(youth_office=world.office)  # factories bypass the services that keep the figures
    coordinator = world.client_for("coordinator").get("/dokumentation/statistik/", {"year": 2025})
    committee = world.client_for("read_only").get("/dokumentation/statistik/", {"year": 2025})
    assert [r.activities for r in coordinator.context["rows"]] == [5, 1]
    assert [r.activities for r in committee.context["rows"]] == [5, None]
    assert "&lt; 5" in committee.content.decode()
    assert world.client_for("admin").get("/dokumentation/statistik/").status_code == 403


def test_catalogue_is_kept_by_the_coordinator(world, catalogue):
    client = world.client_for("coordinator")
    assert client.get("/dokumentation/kataloge/").status_code == 200
    response = client.post(
        "/dokumentation/kataloge/typ/neu/",
        {"dimension": "cross_case", "name": "Vater-Kind-Frühstück", "position": 9},
    )
    assert response.status_code == 302
    assert ActivityType.objects.filter(youth_office=world.office, name="Vater-Kind-Frühstück").exists()
    topic = Topic.objects.filter(youth_office=world.office).first()
    client.post(f"/dokumentation/kataloge/thema/{topic.pk}/", {"name": topic.name, "position": 0})
    topic.refresh_from_db()
    assert not topic.is_active
    for persona in ("worker_a", "read_only", "admin"):
        assert world.client_for(persona).get("/dokumentation/kataloge/").status_code == 403


def test_catalogue_entry_of_another_office_answers_404(world, catalogue):
    foreign = ActivityType.objects.create(youth_office=world.other_office, dimension="case", name="Fremd")
    assert (
        world.client_for("coordinator").get(f"/dokumentation/kataloge/typ/{foreign.pk}/").status_code == 404
    )


def test_manifest_and_service_worker_make_the_entry_page_installable(client):
    manifest = client.get("/dokumentation/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    assert manifest.json()["start_url"] == ENTRY
    assert manifest.json()["scope"] == "/dokumentation/"
    worker = client.get("/dokumentation/sw.js")
    assert worker["Content-Type"].startswith("application/javascript")
    assert worker["Service-Worker-Allowed"] == "/dokumentation/"
    assert '"entry": "/dokumentation/erfassen/"' in worker.content.decode()


def test_start_page_offers_the_fast_entry_to_workers(world):
    html = world.client_for("worker_a").get("/").content.decode()
    assert ENTRY in html
    assert ENTRY not in world.client_for("read_only").get("/").content.decode()
