"""Case pages: only the responsible worker and the deputy read a case (logged); everyone else 404/403."""

import datetime as dt

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import timezone

from kisa.accounts.models import Role
from kisa.accounts.tests.factories import MembershipFactory, UserFactory
from kisa.cases.models import Case, Consent, RetentionPeriod
from kisa.cases.tests.factories import CaseFactory, ConsentFactory
from kisa.core.models import AuditEntry
from kisa.core.tests.ui import queries_for, ui

TODAY = timezone.localdate()
CONTACT = "Familie Muster, 0151 1234567"


def _url(case, suffix=""):
    return f"/faelle/{case.pk}/{suffix}"


def test_worker_sees_own_open_cases_only(world, case_a):
    CaseFactory(kita=world.kita_b, responsible=world.worker_b)
    closed = CaseFactory(
        kita=world.kita_a,
        responsible=world.worker_a,
        status="closed",
        closed_on=dt.date(2025, 5, 1),
        outcome="resolved",
    )
    page = world.client_for("worker_a").get("/faelle/").content.decode()
    assert case_a.code in page
    assert closed.code not in page
    assert Case.objects.filter(responsible=world.worker_b).get().code not in page
    assert CONTACT not in page  # the list never shows contact data
    closed_page = world.client_for("worker_a").get("/faelle/", {"status": "closed"}).content.decode()
    assert closed.code in closed_page and case_a.code not in closed_page


def test_case_detail_for_the_responsible_worker_shows_content_and_logs_the_read(world, case_a):
    response = world.client_for("worker_a").get(_url(case_a))
    assert response.status_code == 200
    assert CONTACT in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert (entry.actor_name, entry.object_id, entry.changes) == ("fachkraft_a", str(case_a.pk), {})


def test_case_detail_for_the_named_deputy(world, case_a):
    case_a.deputy = world.worker_b
    case_a.save()
    response = world.client_for("worker_b").get(_url(case_a))
    assert response.status_code == 200
    assert CONTACT in response.content.decode()
    assert AuditEntry.objects.filter(action="view", actor_name="fachkraft_b").count() == 1


@pytest.mark.parametrize("suffix", ["", "bearbeiten/", "abschliessen/", "einwilligungen/neu/"])
def test_another_worker_gets_404_and_no_read_is_logged(world, case_a, suffix):
    response = world.client_for("worker_b").get(_url(case_a, suffix))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="view").exists()


@pytest.mark.parametrize(
    "persona", ["coordinator", "kita_lead", "provider", "read_only", "admin", "outsider"]
)
def test_other_roles_get_403_for_case_pages(world, case_a, persona):
    client = world.client_for(persona)
    for url in ["/faelle/", "/faelle/neu/", _url(case_a), _url(case_a, "bearbeiten/")]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert CONTACT not in response.content.decode()


def test_worker_of_another_office_gets_404(world, case_a):
    user = UserFactory(username="fachkraft_x")
    MembershipFactory(user=user, youth_office=world.other_office, role=Role.SOCIAL_WORKER)
    world.other_worker.user = user
    world.other_worker.save()
    client = world.client_for("worker_a")
    client.force_login(user)
    assert client.get(_url(case_a)).status_code == 404


def test_former_responsible_after_handover_loses_the_case(world, case_a):
    from kisa.registry.tests.factories import AssignmentFactory

    AssignmentFactory(youth_office=world.office, staff_member=world.worker_b, kita=world.kita_a)
    client = world.client_for("worker_a")
    data = {
        "kita": world.kita_a.pk,
        "responsible": world.worker_b.pk,
        "opened_on": "2025-03-01",
        "number_of_children": "2",
        "age_bands": ["3_5"],
        "family_language": "de",
        "contact": CONTACT,
    }
    response = client.post(_url(case_a, "bearbeiten/"), data)
    assert response.status_code == 302 and response["Location"] == "/faelle/"
    assert client.get(_url(case_a)).status_code == 404
    assert world.client_for("worker_b").get(_url(case_a)).status_code == 200


def test_create_case_via_form(world):
    client = world.client_for("worker_a")
    page = client.get("/faelle/neu/").content.decode()
    assert "Kita St. Martin" in page and "Kita Regenbogen" not in page  # only Kitas with an assignment
    response = client.post(
        "/faelle/neu/",
        {
            "kita": world.kita_a.pk,
            "opened_on": TODAY.isoformat(),
            "number_of_children": "3",
            "age_bands": ["under_1", "3_5"],
            "family_language": "tr",
            "deputy": world.worker_b.pk,
            "contact": "Frau Y., Tel. 1",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/faelle/{case.pk}/"
    assert (case.responsible, case.deputy, case.number_of_children) == (world.worker_a, world.worker_b, 3)
    assert case.contact == "Frau Y., Tel. 1"


def test_create_case_shows_errors_next_to_the_field(world):
    response = world.client_for("worker_a").post(
        "/faelle/neu/",
        {"kita": world.kita_a.pk, "opened_on": "2999-01-01", "number_of_children": "1", "legal_hold": "on"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert ui("The date must not be in the future.") in page
    assert ui("Give the reason for the legal hold.") in page
    assert not Case.objects.exists()


def test_close_case_and_consents(world, case_a):
    client = world.client_for("worker_a")
    response = client.post(
        _url(case_a, "einwilligungen/neu/"),
        {
            "kind": "release",
            "recipient_category": "speech_therapy",
            "recipient_institution": "Logopädie Polch",
            "data_scope": "Anlass",
            "form": "written",
            "given_on": "2025-04-01",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    page = client.get(_url(case_a)).content.decode()
    assert "Logopädie Polch" in page
    response = client.post(
        _url(case_a, f"einwilligungen/{consent.pk}/widerrufen/"), {"withdrawn_on": "2025-05-01"}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date(2025, 5, 1)
    response = client.post(_url(case_a, "abschliessen/"), {"closed_on": "2025-06-01", "outcome": "referred"})
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.status == "closed" and case_a.outcome == "referred"


def test_consent_of_another_case_answers_404(world, case_a):
    other = CaseFactory(kita=world.kita_b, responsible=world.worker_b)
    consent = ConsentFactory(case=other)
    response = world.client_for("worker_a").post(
        _url(case_a, f"einwilligungen/{consent.pk}/widerrufen/"), {"withdrawn_on": "2025-05-01"}
    )
    assert response.status_code == 404


def test_case_list_queries_do_not_grow_with_cases(world):
    CaseFactory(kita=world.kita_a, responsible=world.worker_a, deputy=world.worker_b)
    client = world.client_for("worker_a")
    one = queries_for(client, "/faelle/")
    for _ in range(2):
        CaseFactory(kita=world.kita_a, responsible=world.worker_a, deputy=world.worker_b)
    assert queries_for(client, "/faelle/") == one


@pytest.mark.parametrize("persona", ["coordinator", "read_only", "kita_lead", "provider", "worker_a"])
def test_case_counts_page_shows_numbers_without_content(world, case_a, persona):
    response = world.client_for(persona).get("/faelle/zahlen/", {"group_by": "kita"})
    page = response.content.decode()
    assert response.status_code == 200
    assert case_a.code not in page and CONTACT not in page
    if persona == "coordinator":
        assert "Kita St. Martin" in page
    if persona in ("read_only", "kita_lead", "provider"):
        assert "&lt; 5" in page


def test_case_counts_page_refused_for_admin(world):
    assert world.client_for("admin").get("/faelle/zahlen/").status_code == 403


def test_retention_page_for_the_coordinator(world, case_a):
    held = CaseFactory(
        kita=world.kita_b, responsible=world.worker_b, legal_hold=True, legal_hold_reason="Familiengericht"
    )
    client = world.client_for("coordinator")
    page = client.get("/faelle/aufbewahrung/").content.decode()
    assert held.code in page and "Familiengericht" in page
    assert CONTACT not in page
    assert ui("Closed cases (with their consents)") in page
    response = client.post("/faelle/aufbewahrung/", {"record_type": "cases.case", "months": "84"})
    assert response.status_code == 302
    assert RetentionPeriod.objects.get(youth_office=world.office, record_type="cases.case").months == 84
    response = client.post("/faelle/aufbewahrung/", {"record_type": "cases.case", "months": "0"}, follow=True)
    assert ui("Enter a whole number of months from 1 to 600.") in response.content.decode()
    assert RetentionPeriod.objects.get().months == 84


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "read_only", "admin"])
def test_retention_page_refused_for_other_roles(world, persona):
    assert world.client_for(persona).get("/faelle/aufbewahrung/").status_code == 403


def test_nav_shows_case_entries_by_role(world):
    worker = world.client_for("worker_a").get("/").content.decode()
    assert ui("My cases") in worker
    coordinator = world.client_for("coordinator").get("/").content.decode()
    assert ui("My cases") not in coordinator
    assert ui("Retention") in coordinator and ui("Case counts") in coordinator


def test_anonymous_is_sent_to_login(client, world, case_a):
    response = client.get(_url(case_a))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_case_page_shows_sections_of_other_apps(world, case_a, settings):
    settings.KISA_CASE_DETAIL_SECTIONS = ["kisa.cases.tests.sections.linked_things_section"]
    page = world.client_for("worker_a").get(_url(case_a)).content.decode()
    assert f"Linked activities of {case_a.code} for fachkraft_a" in page


def test_start_page_lists_a_workers_open_cases_and_nothing_for_others(world, case_a):
    page = world.client_for("worker_a").get("/").content.decode()
    assert ui("My open cases") in page and case_a.code in page
    assert CONTACT not in page
    assert case_a.code not in world.client_for("worker_b").get("/").content.decode()
    coordinator = world.client_for("coordinator").get("/").content.decode()
    assert ui("My open cases") not in coordinator and case_a.code not in coordinator
