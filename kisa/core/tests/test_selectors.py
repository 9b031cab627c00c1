"""Audit-trail reads: filter validation, visibility, and how changes are described."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict
from django.utils.text import capfirst

from kisa.core.models import AuditEntry
from kisa.core.selectors import (
    AuditChange,
    audit_changes_of,
    audit_entry_list_visible_to,
    audit_filters_from,
    record_type_name,
)
from kisa.core.tests.ui import ui
from kisa.registry.models import Provider
from kisa.registry.services import provider_create, provider_update


def test_audit_filters_from_keeps_valid_values_and_drops_unknown_ones() -> None:
    raw = QueryDict("model=registry.Kita&action=update&user=+koord+&q=&page=2&evil=1")

    assert audit_filters_from(raw) == {"model": "registry.Kita", "action": "update", "user": "koord"}
    assert audit_filters_from(QueryDict("model=auth.Nope&action=drop")) == {}


def test_audit_filters_from_caps_text_length() -> None:
    assert audit_filters_from({"q": "x" * 500}) == {"q": "x" * 200}


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "provider", "read_only"])
def test_audit_entry_list_is_empty_for_roles_without_permission(world: Any, persona: str) -> None:
    provider_create(
        actor=world.users["coordinator"], youth_office=world.office, data={"name": "X", "kind": "free"}
    )

    assert list(audit_entry_list_visible_to(user=world.users[persona])) == []


def test_audit_entry_list_includes_shared_reference_data(world: Any) -> None:
    shared = AuditEntry.objects.create(
        youth_office=None,
        actor_name="system",
        action="import",
        model_label="registry.Municipality",
        object_id="1",
        object_repr="Kottenheim",
    )

    assert list(audit_entry_list_visible_to(user=world.users["coordinator"])) == [shared]
    assert list(audit_entry_list_visible_to(user=world.users["outsider"])) == [shared]


def test_audit_changes_describe_update_as_old_and_new_with_field_names(world: Any) -> None:
    actor = world.users["coordinator"]
    provider = provider_create(actor=actor, youth_office=world.office, data={"name": "A", "kind": "free"})
    provider_update(actor=actor, provider=provider, data={"kind": Provider.Kind.CHURCH})
    update = AuditEntry.objects.get(action="update")

    assert audit_changes_of(update) == [
        AuditChange(field=capfirst(ui("kind")), old=ui("Free (non-profit)"), new=ui("Church"))
    ]


def test_audit_changes_describe_create_as_values(world: Any) -> None:
    provider_create(
        actor=world.users["coordinator"], youth_office=world.office, data={"name": "A", "kind": "free"}
    )
    create = AuditEntry.objects.get(action="create")

    changes = {change.field: change for change in audit_changes_of(create)}

    assert changes[capfirst(ui("name"))] == AuditChange(field=capfirst(ui("name")), old=None, new="A")
    assert changes[capfirst(ui("e-mail"))].new == "–"


def test_record_type_name_of_removed_model_is_its_label() -> None:
    assert record_type_name("gone.Model") == "gone.Model"
    assert record_type_name("registry.Kita") == "Kita"
