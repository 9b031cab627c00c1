"""Data subject rights for a case (GDPR Art. 15 export, Art. 17 erasure): who may, what is in it, when
erasure is refused, what remains, and that both are logged without content."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kisa.cases import services, subject_rights
from kisa.cases.models import Case, Consent
from kisa.cases.tests.factories import CaseFactory, ConsentFactory
from kisa.core.models import AuditEntry
from kisa.core.tests.ui import ui
from kisa.directory.categories import ServiceCategory
from kisa.documentation.models import Activity, Referral
from kisa.documentation.tests.factories import ActivityFactory

CONTACT = "Familie Muster, 0151 1234567"


@pytest.fixture
def closed_case(world: Any) -> Any:
    """Worker A's closed case (worker B deputy), with a consent and a linked activity with a referral."""
    case = CaseFactory(
        kita=world.kita_a,
        responsible=world.worker_a,
        deputy=world.worker_b,
        contact=CONTACT,
        status=Case.Status.CLOSED,
        closed_on=dt.date(2025, 6, 30),
        outcome=Case.Outcome.RESOLVED,
    )
    ConsentFactory(case=case, recipient_institution="EB Mayen")
    activity = ActivityFactory(worker=world.worker_a, case=case, note="Gespräch zur Eingewöhnung")
    Referral.objects.create(
        youth_office=world.office, activity=activity, category=ServiceCategory.PARENTING_COUNSELLING
    )
    services.case_read_log(actor=world.users["worker_a"], case=case)
    return case


# --- Export ---------------------------------------------------------------------------------------------------


def test_the_export_holds_facts_decrypted_contact_consents_activities_referrals_and_audit(world, closed_case):
    data = subject_rights.case_export(actor=world.users["worker_a"], case=closed_case)

    assert data["case"]["code"] == closed_case.code
    assert data["case"]["contact"] == CONTACT
    assert data["case"]["outcome"] == "resolved"
    assert [c["recipient_institution"] for c in data["consents"]] == ["EB Mayen"]
    assert [a["note"] for a in data["activities"]] == ["Gespräch zur Eingewöhnung"]
    assert data["activities"][0]["referrals"] == [
        {"category": ServiceCategory.PARENTING_COUNSELLING.value, "offer": None}
    ]
    assert [(e["action"], e["by"]) for e in data["audit_entries"]] == [("view", "fachkraft_a")]


def test_the_export_download_is_a_json_file_for_the_case_worker_and_is_logged_without_content(
    world, closed_case
):
    response = world.client_for("worker_b").get(f"/faelle/{closed_case.pk}/auskunft/")  # the deputy

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="auskunft-{closed_case.code}.json"'
    assert json.loads(response.content)["case"]["contact"] == CONTACT
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT)
    assert [(e.actor_name, e.model_label, e.object_id) for e in entries] == [
        ("fachkraft_b", "cases.Case", str(closed_case.pk))
    ]
    assert CONTACT not in json.dumps([e.changes for e in entries])


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 403), ("kita_lead", 403), ("read_only", 403), ("admin", 403), ("outsider", 403)],
)
def test_the_export_is_refused_to_everyone_but_the_case_workers(world, closed_case, persona, status):
    response = world.client_for(persona).get(f"/faelle/{closed_case.pk}/auskunft/")

    assert response.status_code == status
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_another_worker_gets_404_for_export_and_erasure(world):
    case = CaseFactory(kita=world.kita_a, responsible=world.worker_a, contact=CONTACT)
    client = world.client_for("worker_b")

    assert client.get(f"/faelle/{case.pk}/auskunft/").status_code == 404
    assert client.post(f"/faelle/{case.pk}/loeschen/").status_code == 404
    assert Case.objects.filter(pk=case.pk).exists()


def test_the_services_refuse_a_worker_who_is_not_on_the_case(world):
    case = CaseFactory(
        kita=world.kita_a,
        responsible=world.worker_a,
        status="closed",
        closed_on=dt.date(2025, 6, 30),
        outcome="resolved",
    )

    with pytest.raises(PermissionDenied):
        subject_rights.case_export(actor=world.users["worker_b"], case=case)
    with pytest.raises(PermissionDenied):
        subject_rights.case_erase(actor=world.users["worker_b"], case=case)
    assert Case.objects.filter(pk=case.pk).exists()


# --- Erasure --------------------------------------------------------------------------------------------------


def test_erasure_deletes_case_and_consents_and_unlinks_activities_without_notes(world, closed_case):
    activity = Activity.objects.get(case=closed_case)

    counts = subject_rights.case_erase(actor=world.users["worker_a"], case=closed_case)

    assert counts == {"consents": 1, "activities_unlinked": 1}
    assert not Case.objects.filter(pk=closed_case.pk).exists()
    assert not Consent.objects.filter(case_id=closed_case.pk).exists()
    activity.refresh_from_db()
    assert (activity.case_id, activity.note, activity.duration_minutes) == (None, "", 45)
    assert Referral.objects.filter(activity=activity).count() == 1  # the statistics stay
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, model_label="cases.Case")
    assert (entry.actor_name, entry.object_id, entry.changes) == (
        "fachkraft_a",
        str(closed_case.pk),
        {"consents": 1, "activities_unlinked": 1},
    )


def test_erasure_is_refused_for_an_open_case_naming_the_status(world):
    case = CaseFactory(kita=world.kita_a, responsible=world.worker_a, contact=CONTACT)

    with pytest.raises(ValidationError) as refused:
        subject_rights.case_erase(actor=world.users["worker_a"], case=case)

    assert set(refused.value.message_dict) == {"status"}
    assert Case.objects.filter(pk=case.pk).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).exists()


def test_erasure_is_refused_under_legal_hold_and_nothing_changes(world, closed_case):
    Case.objects.filter(pk=closed_case.pk).update(legal_hold=True, legal_hold_reason="Familiengericht")
    closed_case.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        subject_rights.case_erase(actor=world.users["worker_a"], case=closed_case)

    assert set(refused.value.message_dict) == {"legal_hold"}
    assert Consent.objects.filter(case=closed_case).count() == 1
    assert Activity.objects.get(case=closed_case).note == "Gespräch zur Eingewöhnung"


def test_a_fault_during_erasure_leaves_everything_in_place(world, closed_case, monkeypatch):
    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("connection lost")

    monkeypatch.setattr(Case, "delete", fail)

    with pytest.raises(RuntimeError):
        subject_rights.case_erase(actor=world.users["worker_a"], case=closed_case)

    activity = Activity.objects.get(pk=Activity.objects.get(youth_office=world.office).pk)
    assert (activity.case_id, activity.note) == (closed_case.pk, "Gespräch zur Eingewöhnung")
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).exists()


def test_the_erase_page_confirms_then_erases_and_shows_refusals(world, closed_case):
    client = world.client_for("worker_a")
    open_case = CaseFactory(kita=world.kita_a, responsible=world.worker_a)

    confirm = client.get(f"/faelle/{closed_case.pk}/loeschen/")
    refused = client.post(f"/faelle/{open_case.pk}/loeschen/")
    erased = client.post(f"/faelle/{closed_case.pk}/loeschen/", follow=True)

    assert ui("Erase for good") in confirm.content.decode()
    assert refused.status_code == 409
    assert ui("This case cannot be erased now.") in refused.content.decode()
    assert Case.objects.filter(pk=open_case.pk).exists()
    assert erased.redirect_chain[-1][0] == "/faelle/"
    assert not Case.objects.filter(pk=closed_case.pk).exists()


def test_the_case_page_links_to_the_subject_rights_page(world, closed_case):
    page = world.client_for("worker_a").get(f"/faelle/{closed_case.pk}/")

    assert f'href="/faelle/{closed_case.pk}/loeschen/"' in page.content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "outsider", "admin"])
def test_the_erase_page_is_refused_to_other_roles(world, closed_case, persona):
    response = world.client_for(persona).post(f"/faelle/{closed_case.pk}/loeschen/")

    assert response.status_code == 403
    assert Case.objects.filter(pk=closed_case.pk).exists()
