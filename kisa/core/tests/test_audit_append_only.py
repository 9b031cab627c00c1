"""The audit trail only grows: no change or deletion through the model, its queryset or the admin."""

from __future__ import annotations

import pytest

from kisa.core.audit import audit_event
from kisa.core.models import AppendOnlyError, AuditEntry


@pytest.fixture
def entry(world):
    return audit_event(
        actor=world.users["coordinator"],
        action=AuditEntry.Action.LOGIN,
        youth_office_id=world.office.pk,
        label="koordination",
    )


def test_audit_event_records_who_what_and_the_office_without_a_record(world, entry):
    assert (entry.actor, entry.actor_name, entry.action) == (
        world.users["coordinator"],
        "koordination",
        "login",
    )
    assert entry.youth_office == world.office
    assert entry.model_label == "accounts.User"
    assert entry.changes == {}


def test_an_entry_cannot_be_changed(entry):
    entry.object_repr = "something else"

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["object_repr"])

    assert AuditEntry.objects.get(pk=entry.pk).object_repr == "koordination"


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_admin_shows_entries_but_cannot_change_or_delete_them(world, entry):
    admin = world.client_for("admin")

    listing = admin.get("/admin/core/auditentry/")
    change = admin.post(f"/admin/core/auditentry/{entry.pk}/change/", {"object_repr": "x"})
    delete = admin.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    bulk = admin.post(
        "/admin/core/auditentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )

    assert listing.status_code == 200
    assert change.status_code == 403
    assert delete.status_code == 403
    assert bulk.status_code in (200, 302, 403)
    entry.refresh_from_db()
    assert entry.object_repr == "koordination"
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_tests_can_backdate_entries_explicitly(entry):
    import datetime as dt

    from django.utils import timezone

    from kisa.core.tests.audit_helpers import backdate_audit_entries

    old = timezone.now() - dt.timedelta(days=400)
    backdate_audit_entries(AuditEntry.objects.filter(pk=entry.pk), old)

    assert AuditEntry.objects.get(pk=entry.pk).created_at == old
