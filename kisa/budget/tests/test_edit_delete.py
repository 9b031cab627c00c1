"""The coordinator corrects planned costs: material costs are edited and deleted, staff positions deleted;
each write is audited, other roles are refused and another office's entries answer 404. Bookings have
no edit or delete page: they are corrected by reversal only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from kisa.budget.models import Booking, MaterialCost, StaffPosition
from kisa.budget.tests.factories import BookingFactory, MaterialCostFactory, StaffPositionFactory
from kisa.core.models import AuditEntry
from kisa.core.tests.ui import ui

D = Decimal
OTHERS = ["worker_a", "kita_lead", "provider", "read_only", "admin"]


def _audit(instance: Any, action: str) -> AuditEntry | None:
    return AuditEntry.objects.filter(
        model_label=instance._meta.label, object_id=str(instance.pk), action=action
    ).first()


@pytest.fixture
def material(world: Any, budget_year: Any) -> MaterialCost:
    return MaterialCostFactory(
        budget_year=budget_year, kita=world.kita_a, description="Elterncafé", amount=D("300.00")
    )


@pytest.fixture
def position(world: Any, budget_year: Any) -> StaffPosition:
    return StaffPositionFactory(budget_year=budget_year, staff_member=world.worker_a)


def test_material_cost_is_edited_from_the_list(world: Any, material: MaterialCost) -> None:
    client = world.client_for("coordinator")
    url = reverse("budget:material_cost_update", args=[2025, material.pk])
    assert url in client.get(reverse("budget:material_costs", args=[2025])).content.decode()
    form = client.get(url).content.decode()
    assert (
        'value="Elterncafé"' in form
        and reverse("budget:material_cost_delete", args=[2025, material.pk]) in form
    )
    data = {"kita": world.kita_b.pk, "project_reference": "", "description": "Elterncafé", "amount": "450,00"}
    assert client.post(url, data).status_code == 302
    material.refresh_from_db()
    assert (material.kita, material.amount) == (world.kita_b, D("450.00"))
    entry = _audit(material, AuditEntry.Action.UPDATE)
    assert entry is not None and entry.changes["amount"] == ["300.00", "450.00"]


def test_material_cost_edit_names_the_field_of_a_bad_amount(world: Any, material: MaterialCost) -> None:
    url = reverse("budget:material_cost_update", args=[2025, material.pk])
    data = {"kita": "", "project_reference": "", "description": "Elterncafé", "amount": "-5"}
    response = world.client_for("coordinator").post(url, data)
    assert response.status_code == 422
    assert (
        'id="id_amount"' in response.content.decode() and 'aria-invalid="true"' in response.content.decode()
    )
    material.refresh_from_db()
    assert material.amount == D("300.00")


def test_material_cost_is_deleted_after_confirmation_and_audited(world: Any, material: MaterialCost) -> None:
    client = world.client_for("coordinator")
    url = reverse("budget:material_cost_delete", args=[2025, material.pk])
    page = client.get(url).content.decode()
    assert "Elterncafé" in page and ui("The deletion is recorded in the audit log.") in page
    assert MaterialCost.objects.filter(pk=material.pk).exists()  # GET deletes nothing
    pk = material.pk
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse(
        "budget:material_costs", args=[2025]
    )
    assert not MaterialCost.objects.filter(pk=pk).exists()
    material.pk = pk
    entry = _audit(material, AuditEntry.Action.DELETE)
    assert entry is not None and entry.changes["amount"] == "300.00"
    assert entry.actor == world.users["coordinator"]


def test_staff_position_is_deleted_and_bookings_stay(
    world: Any, budget_year: Any, position: StaffPosition
) -> None:
    booking = BookingFactory(budget_year=budget_year, kita=world.kita_a, category="personnel")
    client = world.client_for("coordinator")
    edit = client.get(reverse("budget:staff_position_update", args=[2025, position.pk])).content.decode()
    url = reverse("budget:staff_position_delete", args=[2025, position.pk])
    assert url in edit
    pk = position.pk
    assert client.post(url).status_code == 302
    assert not StaffPosition.objects.filter(pk=pk).exists()
    assert Booking.objects.filter(pk=booking.pk).exists()
    position.pk = pk
    assert _audit(position, AuditEntry.Action.DELETE) is not None
    page = client.get(reverse("budget:staff_positions", args=[2025])).content.decode()
    assert ui("No staff positions yet.") in page


@pytest.mark.parametrize("persona", OTHERS)
def test_edit_and_delete_refused_for_other_roles(
    world: Any, material: MaterialCost, position: StaffPosition, persona: str
) -> None:
    client = world.client_for(persona)
    for name, pk in [
        ("material_cost_update", material.pk),
        ("material_cost_delete", material.pk),
        ("staff_position_delete", position.pk),
    ]:
        url = reverse(f"budget:{name}", args=[2025, pk])
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert MaterialCost.objects.filter(pk=material.pk).exists()
    assert StaffPosition.objects.filter(pk=position.pk).exists()


def test_entries_of_another_office_answer_404(world: Any, other_year: Any) -> None:
    material = MaterialCostFactory(budget_year=other_year)
    position = StaffPositionFactory(budget_year=other_year)
    client = world.client_for("coordinator")
    for name, pk in [
        ("material_cost_update", material.pk),
        ("material_cost_delete", material.pk),
        ("staff_position_delete", position.pk),
    ]:
        assert client.post(reverse(f"budget:{name}", args=[2025, pk])).status_code == 404
    assert MaterialCost.objects.filter(pk=material.pk).exists()
    assert StaffPosition.objects.filter(pk=position.pk).exists()


def test_bookings_have_no_edit_or_delete_page() -> None:
    for name in ("booking_update", "booking_delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"budget:{name}", args=[2025, 1])
