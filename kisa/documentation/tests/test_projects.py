"""Documented activities link to the projects (Vorhaben) of the Kitas' plans: in the service, the API and the
pages, so implementation is visible without double entry."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kisa.core.models import AuditEntry
from kisa.core.tests.ui import ui
from kisa.documentation import services
from kisa.documentation.models import Activity, Dimension
from kisa.documentation.tests.conftest import entry_data
from kisa.documentation.tests.factories import ActivityFactory
from kisa.planning.models import Project
from kisa.planning.tests.factories import PlanFactory, ProjectFactory
from kisa.registry.tests.factories import AssignmentFactory

ENTRY = "/dokumentation/erfassen/"
LIST = "/dokumentation/"
API = "/api/v1/activities"


def _project(world, kita=None, year=2025, worker=None, **kwargs):
    kita = kita or world.kita_a
    plan = PlanFactory(kita=kita, year=year)
    return ProjectFactory(plan=plan, responsible=worker or world.worker_a, **kwargs)


def _other_office_project(world):
    return _project(world, kita=world.other_kita, worker=world.other_worker, title="Fremdes Vorhaben")


def _create(world, data):
    return services.activity_create(actor=world.users["worker_a"], worker=world.worker_a, data=data)


def _refused(world, data) -> str:
    with pytest.raises(ValidationError) as caught:
        _create(world, data)
    assert Activity.objects.count() == 0
    return caught.value.message_dict["project"][0]


# --- Service ------------------------------------------------------------------------------------------------


def test_an_activity_links_to_a_project_of_its_kitas_plan_of_its_year(world, catalogue, day):
    project = _project(world)

    activity, _created = _create(world, entry_data(world, catalogue, day, project=project))

    assert activity.project == project
    assert list(project.activities.all()) == [activity]
    entry = AuditEntry.objects.get(model_label="documentation.Activity", object_id=str(activity.pk))
    assert entry.changes["project"] == project.title


def test_a_project_of_another_kita_of_the_worker_is_refused_unless_that_kita_is_chosen(world, catalogue, day):
    AssignmentFactory(youth_office=world.office, staff_member=world.worker_a, kita=world.kita_c)
    project = _project(world, kita=world.kita_c)

    message = _refused(world, entry_data(world, catalogue, day, project=project))

    assert message == ui("This project belongs to %(kita)s; choose that Kita for the activity too.") % {
        "kita": "Kita Arche Noah"
    }
    activity, _created = _create(
        world, entry_data(world, catalogue, day, kitas=[world.kita_a, world.kita_c], project=project)
    )
    assert activity.project == project


def test_a_project_of_a_kita_the_worker_does_not_work_at_is_refused(world, catalogue, day):
    project = _project(world, kita=world.kita_b, worker=world.worker_b)

    message = _refused(world, entry_data(world, catalogue, day, project=project))

    assert message == ui("Link only projects of the plans of your Kitas.")


def test_a_project_of_another_years_plan_is_refused(world, catalogue, day):
    project = _project(world, year=2024)

    message = _refused(world, entry_data(world, catalogue, day, project=project))

    assert message == ui(
        "This project belongs to the plan for %(plan_year)s; the activity is dated %(year)s."
    ) % {
        "plan_year": 2024,
        "year": 2025,
    }


def test_a_project_of_another_office_is_refused(world, catalogue, day):
    message = _refused(world, entry_data(world, catalogue, day, project=_other_office_project(world)))

    assert message == ui("Link only projects of the plans of your Kitas.")


def test_a_correction_links_and_unlinks_the_project_and_the_history_says_so(world, catalogue, day):
    project = _project(world)
    activity, _created = _create(world, entry_data(world, catalogue, day))

    services.activity_update(
        actor=world.users["worker_a"],
        activity=activity,
        data=entry_data(world, catalogue, day, project=project),
    )
    activity.refresh_from_db()
    assert activity.project == project
    update = AuditEntry.objects.filter(object_id=str(activity.pk), action="update").get()
    assert update.changes["project"] == [None, project.title]

    services.activity_update(
        actor=world.users["worker_a"], activity=activity, data=entry_data(world, catalogue, day, project=None)
    )
    activity.refresh_from_db()
    assert activity.project is None


# --- API ----------------------------------------------------------------------------------------------------


def _payload(world, catalogue, **overrides):
    data = {
        "client_id": str(uuid.uuid4()),
        "date": "2025-03-05",
        "duration_minutes": 90,
        "dimension": "cross_case",
        "activity_type_id": catalogue["types"][Dimension.CROSS_CASE].pk,
        "kita_ids": [world.kita_a.pk],
        "adults": 8,
        "children": 5,
    }
    data.update(overrides)
    return data


def _post(world, payload):
    return world.client_for("worker_a").post(API, json.dumps(payload), content_type="application/json")


def test_api_links_the_project_and_returns_it(world, catalogue):
    project = _project(world)

    response = _post(world, _payload(world, catalogue, project_id=project.pk))

    assert response.status_code == 201
    body = response.json()
    assert body["project_id"] == project.pk
    assert body["project"] == {"id": project.pk, "name": project.title}
    listed = world.client_for("worker_a").get(API).json()["items"][0]
    assert listed["project_id"] == project.pk
    unlinked = _post(world, _payload(world, catalogue)).json()
    assert (unlinked["project_id"], unlinked["project"]) == (None, None)
    filtered = world.client_for("worker_a").get(API, {"project": project.pk}).json()["items"]
    assert [item["id"] for item in filtered] == [body["id"]]


@pytest.mark.parametrize(
    "which", ["other office", "other Kita", "other year"], ids=["other office", "other Kita", "other year"]
)
def test_api_refuses_a_bad_project_with_422_naming_project_id(world, catalogue, which):
    project = {
        "other office": lambda: _other_office_project(world),
        "other Kita": lambda: _project(world, kita=world.kita_b, worker=world.worker_b),
        "other year": lambda: _project(world, year=2024),
    }[which]()

    response = _post(world, _payload(world, catalogue, project_id=project.pk))

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["detail"]] == ["project_id"]
    assert not Activity.objects.exists()


# --- Pages --------------------------------------------------------------------------------------------------


def test_entry_page_offers_this_years_open_projects_of_the_workers_kitas_by_kita(world, catalogue):
    year = timezone.localdate().year
    running = _project(world, year=year, title="Elterncafé am Freitag", status=Project.Status.RUNNING)
    plan = running.plan
    ProjectFactory(plan=plan, responsible=world.worker_a, title="Abgeschlossen", status=Project.Status.DONE)
    _project(world, year=year - 1, title="Vorjahresvorhaben")
    _project(world, kita=world.kita_b, year=year, worker=world.worker_b, title="Nachbarvorhaben")

    response = world.client_for("worker_a").get(ENTRY)

    field = response.context["form"].fields["project"]
    assert list(field.choices)[1:] == [("Kita St. Martin", [(running.pk, "Elterncafé am Freitag")])]
    html = response.content.decode()
    assert '<optgroup label="Kita St. Martin">' in html
    assert ui("Project") in html and "Abgeschlossen" not in html


def test_entry_page_leaves_the_project_out_when_there_is_none(world, catalogue):
    response = world.client_for("worker_a").get(ENTRY)

    assert "project" not in response.context["form"].fields
    assert 'name="project"' not in response.content.decode()


def _form(world, catalogue, day, **overrides):
    data = {
        "client_id": str(uuid.uuid4()),
        "date": day.isoformat(),
        "duration_minutes": "60",
        "dimension": "cross_case",
        "activity_type": str(catalogue["types"][Dimension.CROSS_CASE].pk),
        "kitas": [str(world.kita_a.pk)],
        "language": "de",
        "adults": "6",
        "children": "4",
        "professionals": "0",
    }
    data.update(overrides)
    return data


def test_entry_post_links_the_project_of_the_entrys_year(world, catalogue):
    project = _project(world, year=2025)

    response = world.client_for("worker_a").post(
        ENTRY, _form(world, catalogue, dt.date(2025, 12, 30), project=str(project.pk))
    )

    assert response.status_code == 302
    assert Activity.objects.get().project == project


def test_entry_post_refuses_another_offices_project_next_to_the_field(world, catalogue):
    _project(world, year=2025)
    foreign = _other_office_project(world)

    response = world.client_for("worker_a").post(
        ENTRY, _form(world, catalogue, dt.date(2025, 12, 30), project=str(foreign.pk))
    )

    assert response.status_code == 200
    assert "project" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_list_and_detail_show_the_project_and_the_correction_keeps_it(world, catalogue):
    project = _project(world, title="Elterncafé am Freitag", status=Project.Status.DONE)
    activity = ActivityFactory(
        worker=world.worker_a,
        kitas=[world.kita_a],
        date=dt.date(2025, 3, 5),
        dimension=Dimension.CROSS_CASE,
        activity_type=catalogue["types"][Dimension.CROSS_CASE],
        project=project,
    )
    client = world.client_for("worker_a")

    ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], date=dt.date(2025, 3, 6))
    assert "Elterncafé am Freitag" in client.get(LIST).content.decode()
    assert list(client.get(LIST, {"project": project.pk}).context["object_list"]) == [activity]
    detail = client.get(f"{LIST}{activity.pk}/").content.decode()
    assert "Elterncafé am Freitag" in detail and "Kita St. Martin" in detail

    edit = client.get(f"{LIST}{activity.pk}/korrigieren/")
    assert edit.context["form"].initial["project"] == project.pk
    assert project.pk in [
        pk
        for _kita, options in list(edit.context["form"].fields["project"].choices)[1:]
        for pk, _title in options
    ], "a finished project stays on the entry it is linked to"


def test_another_offices_activity_with_a_project_answers_404(world, catalogue):
    foreign = _other_office_project(world)
    activity = ActivityFactory(
        worker=world.other_worker, kitas=[world.other_kita], date=dt.date(2025, 3, 5), project=foreign
    )

    assert world.client_for("worker_a").get(f"{LIST}{activity.pk}/").status_code == 404
