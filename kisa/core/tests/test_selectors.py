"""Audit-trail reads (filter validation, visibility, how changes are described) and the start-page sections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.http import QueryDict
from django.utils.text import capfirst

from kisa.core.models import AuditEntry
from kisa.core.selectors import (
    LATEST_AUDIT_ENTRIES,
    AuditChange,
    HomeSection,
    audit_changes_of,
    audit_entry_list_visible_to,
    audit_filters_from,
    home_sections_for,
    latest_changes_section,
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


# --- Start-page sections ------------------------------------------------------------------------------------


def section_for_username(*, user: Any) -> HomeSection:
    return HomeSection(template_name="first.html", context={"username": user.username})


def nothing(*, user: Any) -> None:
    return None


def section_for_staff(*, user: Any) -> HomeSection | None:
    return HomeSection(template_name="staff.html", context={}) if user.is_staff else None


def test_home_sections_for_keeps_settings_order_and_skips_none(world: Any, settings: Any) -> None:
    settings.KISA_HOME_SECTIONS = [
        f"{__name__}.section_for_staff",
        f"{__name__}.nothing",
        f"{__name__}.section_for_username",
    ]

    admin_sections = home_sections_for(user=world.users["admin"])
    worker_sections = home_sections_for(user=world.users["worker_a"])

    assert admin_sections == [
        HomeSection(template_name="staff.html", context={}),
        HomeSection(template_name="first.html", context={"username": "admin"}),
    ]
    assert worker_sections == [HomeSection(template_name="first.html", context={"username": "fachkraft_a"})]


def test_home_sections_for_is_empty_without_configured_sections(world: Any, settings: Any) -> None:
    settings.KISA_HOME_SECTIONS = []

    assert home_sections_for(user=world.users["coordinator"]) == []


def _audit_entry(number: int) -> AuditEntry:
    return AuditEntry.objects.create(
        youth_office=None,
        actor_name="system",
        action="import",
        model_label="registry.Municipality",
        object_id=str(number),
        object_repr=f"Gemeinde {number}",
    )


@pytest.mark.parametrize("persona", ["coordinator", "admin"])
def test_latest_changes_section_lists_the_newest_entries(world: Any, persona: str) -> None:
    entries = [_audit_entry(number) for number in range(LATEST_AUDIT_ENTRIES + 1)]

    section = latest_changes_section(user=world.users[persona])

    assert section is not None
    assert section.template_name == "core/_latest_changes.html"
    assert section.context["audit_entries"] == entries[::-1][:LATEST_AUDIT_ENTRIES]


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "provider", "read_only"])
def test_latest_changes_section_is_none_for_roles_without_audit_log(world: Any, persona: str) -> None:
    _audit_entry(1)

    assert latest_changes_section(user=world.users[persona]) is None


def test_latest_changes_section_is_none_without_membership(db: Any) -> None:
    from kisa.accounts.tests.factories import UserFactory

    superuser = UserFactory(is_staff=True, is_superuser=True)

    assert latest_changes_section(user=superuser) is None


def test_audit_changes_show_dates_decimals_and_system_as_a_german_reader_expects(world):
    from kisa.core.selectors import audit_changes_of
    from kisa.registry import services

    services.assignment_end(actor=None, assignment=world.assignment_a, valid_to=dt.date(2025, 7, 31))
    services.staff_member_update(
        actor=None, staff_member=world.worker_a, data={"weekly_hours": Decimal("39.5")}
    )

    ended, changed = AuditEntry.objects.filter(action="update").order_by("id")

    assert [(c.field, c.old, c.new) for c in audit_changes_of(ended)] == [("Gültig bis", "–", "31.07.2025")]
    assert [(c.field, c.old, c.new) for c in audit_changes_of(changed)] == [("Wochenstunden", "39,0", "39,5")]
    assert ended.actor_label == "System"
