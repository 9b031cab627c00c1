"""The case page lists the case's activities and referrals for its workers only; retention of cases leaves
the activities as anonymous figures."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from kisa.cases.models import Case, DeletionLog, RetentionPeriod
from kisa.cases.tests.factories import CaseFactory, ConsentFactory
from kisa.core.tests.ui import ui
from kisa.directory.tests.factories import ServiceFactory
from kisa.documentation.models import Activity, ActivityFigure, Referral
from kisa.documentation.services import figures_rebuild
from kisa.documentation.tests.factories import ActivityFactory, make_case


@pytest.fixture(autouse=True)
def encryption_keys(settings):
    from kisa.cases.tests.conftest import KEY

    settings.KISA_FIELD_ENCRYPTION_KEYS = [KEY]


@pytest.fixture
def case(world):
    """Worker B's case with worker A as deputy: one activity of each, a referral to a named offer."""
    case = make_case(worker=world.worker_b, kita=world.kita_b, deputy=world.worker_a)
    offer = ServiceFactory(
        youth_office=world.office, name="Schuldnerberatung Caritas Mayen", categories=["debt_counselling"]
    )
    own = ActivityFactory(worker=world.worker_b, case=case, date=dt.date(2025, 3, 4), duration_minutes=50)
    Referral.objects.create(
        youth_office=world.office, activity=own, category="debt_counselling", service=offer
    )
    by_deputy = ActivityFactory(
        worker=world.worker_a, case=case, date=dt.date(2025, 3, 11), duration_minutes=35
    )
    Referral.objects.create(youth_office=world.office, activity=by_deputy, category="parenting_counselling")
    ConsentFactory(case=case, recipient_category="parenting_counselling", given_on=dt.date(2025, 3, 1))
    ActivityFactory(worker=world.worker_b, date=dt.date(2025, 3, 4), duration_minutes=77)  # not linked
    return case


def _page(world, persona, case):
    return world.client_for(persona).get(f"/faelle/{case.pk}/")


@pytest.mark.parametrize("persona", ["worker_b", "worker_a"])
def test_responsible_worker_and_deputy_see_the_cases_activities_and_referrals(world, case, persona):
    response = _page(world, persona, case)
    text = response.content.decode()

    assert response.status_code == 200
    assert ui("Documented work on this case") in text
    assert "04.03.2025" in text and "11.03.2025" in text
    assert ">50<" in text and ">35<" in text and ">77<" not in text
    assert "Schuldnerberatung Caritas Mayen" in text
    # Debt counselling has no consent, parenting counselling has one.
    assert text.count(ui("none: do not pass on data")) == 1


def test_others_never_see_the_cases_activities(world, case):
    assert _page(world, "coordinator", case).status_code == 403
    assert _page(world, "outsider", case).status_code in (403, 404)
    other = make_case(worker=world.worker_a, kita=world.kita_a)
    own_page = _page(world, "worker_a", other).content.decode()
    assert "Schuldnerberatung Caritas Mayen" not in own_page
    assert ui("No activities are linked to this case yet.") in own_page
    stranger = make_case(worker=world.worker_b, kita=world.kita_b)
    assert _page(world, "worker_a", stranger).status_code == 404


def test_section_builder_gives_nothing_to_anyone_but_the_cases_workers(world, case):
    from kisa.documentation.case_sections import case_detail_section

    for persona in ("coordinator", "kita_lead", "provider", "read_only", "admin", "outsider"):
        assert case_detail_section(user=world.users[persona], case=case) is None
    section = case_detail_section(user=world.users["worker_a"], case=case)
    assert [a.duration_minutes for a in section.context["activities"]] == [35, 50]


def test_retention_deletes_a_due_case_and_keeps_its_activities_as_figures(world):
    # With the defaults an activity (120 months after its date) goes no later than its case (120 months
    # after closing); an office with a shorter case period keeps the activities longer than the case.
    RetentionPeriod.objects.create(youth_office=world.office, record_type="cases.case", months=12)
    due = CaseFactory(
        kita=world.kita_a,
        responsible=world.worker_a,
        opened_on=dt.date(2025, 1, 1),
        status="closed",
        closed_on=dt.date(2026, 5, 31),
        outcome="resolved",
    )
    young = CaseFactory(
        kita=world.kita_a,
        responsible=world.worker_a,
        opened_on=dt.date(2025, 1, 1),
        status="closed",
        closed_on=dt.date(2026, 6, 20),
        outcome="resolved",
    )
    linked = ActivityFactory(worker=world.worker_a, case=due, date=dt.date(2026, 5, 4), duration_minutes=40)
    Referral.objects.create(youth_office=world.office, activity=linked, category="debt_counselling")
    kept = ActivityFactory(worker=world.worker_a, case=young, date=dt.date(2026, 5, 5), duration_minutes=20)
    figures_rebuild(youth_office=world.office)
    before = list(ActivityFigure.objects.order_by("pk").values_list("facet", "activities", "minutes"))

    call_command("apply_retention", "--today=2027-06-15", f"--office={world.office.pk}", stdout=io.StringIO())

    assert not Case.objects.filter(pk=due.pk).exists()
    linked.refresh_from_db()
    kept.refresh_from_db()
    assert (linked.case_id, linked.duration_minutes) == (None, 40)
    assert linked.referrals.get().category == "debt_counselling"
    assert kept.case_id == young.pk
    assert Activity.objects.count() == 2
    assert list(ActivityFigure.objects.order_by("pk").values_list("facet", "activities", "minutes")) == before
    assert DeletionLog.objects.get(record_type="cases.case").count == 1
