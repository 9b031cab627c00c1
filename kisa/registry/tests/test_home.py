"""The registry's start-page section: what each role sees first, and nothing of other roles or offices."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kisa.accounts.tests.factories import UserFactory
from kisa.core.tests.ui import queries_for, ui
from kisa.registry.home import home_section
from kisa.registry.models import Provider
from kisa.registry.services import provider_create
from kisa.registry.tests.factories import AssignmentFactory, KitaFactory, StaffMemberFactory

HOME = "/"
MONDAY = dt.date(2025, 3, 3)
WEDNESDAY = dt.date(2025, 3, 5)
ROLE_TEMPLATES = {
    "coordinator": "registry/home/_coordinator.html",
    "worker_a": "registry/home/_social_worker.html",
    "kita_lead": "registry/home/_kita_lead.html",
    "provider": "registry/home/_provider.html",
    "read_only": "registry/home/_read_only.html",
    "admin": "registry/home/_admin.html",
    "outsider": "registry/home/_coordinator.html",
}


def _content(response: Any) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _on(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


# --- Which section each role gets --------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "template"), ROLE_TEMPLATES.items())
def test_home_section_renders_only_the_roles_own_template(world: Any, persona: str, template: str) -> None:
    response = world.client_for(persona).get(HOME)

    rendered = {t.name for t in response.templates}
    assert rendered & set(ROLE_TEMPLATES.values()) == {template}


def test_home_section_is_none_for_user_without_membership(db: Any) -> None:
    assert home_section(user=UserFactory()) is None


# --- Coordinator -------------------------------------------------------------------------------------------


def test_home_coordinator_shows_figures_counts_and_kitas_without_assignment(world: Any) -> None:
    response = world.client_for("coordinator").get(HOME)

    content = _content(response)
    assert response.context["figures"].municipalities == 2
    assert response.context["figures"].places == 185
    assert (
        response.context["kita_count"],
        response.context["provider_count"],
        response.context["staff_count"],
        response.context["assignment_count"],
    ) == (3, 2, 2, 2)
    assert response.context["unassigned_kitas"] == [world.kita_c]
    assert "Kita Arche Noah" in content
    assert "Kita St. Martin" not in content  # assigned: not in the list of Kitas to steer
    assert "Kita Fremd" not in content
    assert f'href="{reverse("registry:overview")}"' in content


def test_home_outsider_sees_only_own_office(world: Any) -> None:
    provider_create(
        actor=world.users["coordinator"],
        youth_office=world.office,
        data={"name": "Caritas Mayen", "kind": Provider.Kind.CHURCH},
    )

    response = world.client_for("outsider").get(HOME)

    content = _content(response)
    assert "Kreisjugendamt Ahrweiler" in content
    assert response.context["kita_count"] == 1
    assert response.context["unassigned_kitas"] == []
    for office_a_name in ("Kreisjugendamt Mayen-Koblenz", "Kita Arche Noah", "Kita St. Martin", "Caritas"):
        assert office_a_name not in content


def test_home_coordinator_query_count_does_not_grow_with_kitas(
    world: Any, django_assert_num_queries: Any
) -> None:
    client = world.client_for("coordinator")
    baseline = queries_for(client, HOME)  # one Kita without assignment (Arche Noah)
    KitaFactory.create_batch(2, youth_office=world.office, provider=world.church)

    with django_assert_num_queries(baseline):
        response = client.get(HOME)

    assert len(response.context["unassigned_kitas"]) == 3


# --- Social worker -----------------------------------------------------------------------------------------


def test_home_social_worker_shows_own_kitas_with_weekdays_and_hours(world: Any) -> None:
    response = world.client_for("worker_a").get(HOME)

    content = _content(response)
    assert response.context["assignments"] == [world.assignment_a]
    assert "Kita St. Martin" in content
    assert f"{ui('Monday')}, {ui('Tuesday')}" in content
    assert "15</dd>" in content  # hours per week
    assert "Kita Regenbogen" not in content
    assert "Kita Arche Noah" not in content


def test_home_social_worker_does_not_show_ended_assignments(world: Any) -> None:
    AssignmentFactory(
        youth_office=world.office,
        staff_member=world.worker_a,
        kita=world.kita_c,
        valid_from=dt.date(2022, 1, 1),
        valid_to=dt.date(2022, 12, 31),
    )

    response = world.client_for("worker_a").get(HOME)

    content = _content(response)
    assert response.context["assignments"] == [world.assignment_a]
    assert "Kita Arche Noah" not in content


def test_home_social_worker_highlights_todays_kita(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _on(monkeypatch, MONDAY)

    content = _content(world.client_for("worker_a").get(HOME))

    assert content.count('aria-current="date"') == 1
    monday = content.split('aria-current="date"')[1].split("</li>")[0]
    assert ui("Monday") in monday
    assert "Kita St. Martin" in monday
    assert ui("Today you are expected at:") in content


def test_home_social_worker_without_kita_today_says_so(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _on(monkeypatch, WEDNESDAY)

    content = _content(world.client_for("worker_a").get(HOME))

    assert ui("No Kita is planned for today.") in content


def test_home_section_plans_the_workers_week(world: Any) -> None:
    section = home_section(user=world.users["worker_a"], today=MONDAY)

    assert section is not None
    assert section.context["today_assignments"] == [world.assignment_a]
    assert [(day.weekday, day.is_today, day.assignments) for day in section.context["week"]] == [
        (1, True, [world.assignment_a]),
        (2, False, [world.assignment_a]),
        (3, False, []),
        (4, False, []),
        (5, False, []),
    ]


def test_home_section_shows_saturday_only_when_the_worker_works_then(world: Any) -> None:
    AssignmentFactory(youth_office=world.office, staff_member=world.worker_a, kita=world.kita_c, weekdays=[6])

    section = home_section(user=world.users["worker_a"], today=MONDAY)

    assert section is not None
    assert [day.weekday for day in section.context["week"]] == [1, 2, 3, 4, 5, 6]
    assert [a.kita for a in section.context["week"][5].assignments] == [world.kita_c]


def test_home_worker_query_count_does_not_grow_with_assignments(
    world: Any, django_assert_num_queries: Any
) -> None:
    client = world.client_for("worker_a")
    baseline = queries_for(client, HOME)
    for kita in KitaFactory.create_batch(2, youth_office=world.office, provider=world.church):
        AssignmentFactory(youth_office=world.office, staff_member=world.worker_a, kita=kita, weekdays=[3])

    with django_assert_num_queries(baseline):
        response = client.get(HOME)

    assert len(response.context["assignments"]) == 3


# --- Kita leadership and provider ------------------------------------------------------------------------


def test_home_kita_lead_shows_own_kita_with_worker_and_weekdays(world: Any) -> None:
    response = world.client_for("kita_lead").get(HOME)

    content = _content(response)
    assert response.context["kitas"] == [world.kita_a]
    assert response.context["kitas"][0].current_assignments == [world.assignment_a]
    assert "Kita St. Martin" in content
    assert f"Anna Adler: {ui('Monday')}, {ui('Tuesday')}" in content
    assert "Kita Regenbogen" not in content
    assert "Ben Berg" not in content


def test_home_provider_shows_its_kitas_places_and_employees(world: Any) -> None:
    response = world.client_for("provider").get(HOME)

    content = _content(response)
    assert {kita.name for kita in response.context["kitas"]} == {"Kita St. Martin", "Kita Arche Noah"}
    assert response.context["total_places"] == 125
    assert response.context["employees"] == [world.worker_b]
    assert "Kath. Kita gGmbH" in content
    assert "Ben Berg" in content
    # Ben Berg works at the municipal Kita Regenbogen: not one of "the Kitas of" this provider.
    assert "Kita Regenbogen" not in content
    assert "Kita Fremd" not in content
    assert f'href="{reverse("registry:provider_detail", args=[world.church.pk])}"' in content


@pytest.mark.parametrize("persona", ["kita_lead", "provider"])
def test_home_kita_cards_query_count_does_not_grow_with_kitas(
    world: Any, django_assert_num_queries: Any, persona: str
) -> None:
    client = world.client_for(persona)
    kitas_before = len(client.get(HOME).context["kitas"])
    baseline = queries_for(client, HOME)
    new_kitas = KitaFactory.create_batch(2, youth_office=world.office, provider=world.church)
    world.users["kita_lead"].membership.kitas.add(*new_kitas)
    for kita in new_kitas:
        worker = StaffMemberFactory(youth_office=world.office, employer=world.church)
        AssignmentFactory(youth_office=world.office, staff_member=worker, kita=kita)

    with django_assert_num_queries(baseline):
        response = client.get(HOME)

    assert len(response.context["kitas"]) == kitas_before + 2


# --- Read-only and system administrator ------------------------------------------------------------------


def test_home_read_only_shows_overview_figures_but_no_staff(world: Any) -> None:
    response = world.client_for("read_only").get(HOME)

    content = _content(response)
    assert response.context["overview"].responsibility_area.municipalities == 2
    assert response.context["overview"].responsibility_area.places == 185
    assert [figures.municipalities for figures in response.context["territories"]] == [3, 2]
    assert "<dd>1.328</dd>" in content  # district inhabitants per km², grouped like every other figure
    assert f'href="{reverse("registry:overview")}"' in content
    assert "Anna Adler" not in content
    assert "Ben Berg" not in content


def test_home_admin_links_user_and_token_administration(world: Any) -> None:
    content = _content(world.client_for("admin").get(HOME))

    assert ui("System administration") in content
    assert f'href="{reverse("admin:accounts_user_changelist")}"' in content
    assert f'href="{reverse("admin:accounts_apitoken_changelist")}"' in content


def test_home_admin_without_staff_status_is_told_how_to_get_it(world: Any) -> None:
    admin_user = world.users["admin"]
    admin_user.is_staff = False
    admin_user.save()

    content = _content(world.client_for("admin").get(HOME))

    assert (
        ui(
            "Your account is not yet allowed into the Django administration (staff status). "
            "Ask whoever set up KiSA to grant it."
        )
        in content
    )
    assert f'href="{reverse("admin:accounts_user_changelist")}"' not in content
