"""Start page per role, audit log, health check, error pages and the page shell."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from kisa.core.models import AuditEntry
from kisa.core.tests.ui import queries_for, ui
from kisa.registry.models import Provider
from kisa.registry.services import provider_create, provider_update
from kisa.registry.tests.factories import AssignmentFactory, KitaFactory, StaffMemberFactory

HOME = "/"
AUDIT = "/protokoll/"
MONDAY = dt.date(2025, 3, 3)
WEDNESDAY = dt.date(2025, 3, 5)


def _content(response: Any) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _provider_with_history(world: Any) -> Provider:
    """One created and then renamed provider: two audit entries of office A."""
    actor = world.users["coordinator"]
    provider = provider_create(
        actor=actor, youth_office=world.office, data={"name": "Caritas Mayen", "kind": Provider.Kind.CHURCH}
    )
    return provider_update(actor=actor, provider=provider, data={"name": "Caritas Andernach"})


# --- Health, login redirect, error pages --------------------------------------------------------------------


def test_health_answers_ok_without_login(client: Client, db: Any) -> None:
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_home_redirects_anonymous_user_to_login(client: Client, db: Any) -> None:
    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next=/"


def test_unknown_page_shows_friendly_404_without_details(world: Any) -> None:
    response = world.client_for("coordinator").get("/gibt-es-nicht/")

    content = response.content.decode()
    assert response.status_code == 404
    assert ui("Page not found") in content
    assert ui("Back to the start page") in content
    assert "Traceback" not in content


def test_forbidden_page_explains_and_links_home(world: Any) -> None:
    response = world.client_for("worker_a").get(AUDIT)

    content = response.content.decode()
    assert response.status_code == 403
    assert ui("Access denied") in content
    assert ui("Back to the start page") in content


def test_server_error_page_renders_without_request_context() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert ui("Server error") in html
    assert "Traceback" not in html


# --- Page shell ------------------------------------------------------------------------------------------------


def test_shell_shows_office_role_and_post_logout(world: Any) -> None:
    content = _content(world.client_for("worker_a").get(HOME))

    assert "Kreisjugendamt Mayen-Koblenz" in content
    assert ui("Kita social worker") in content
    assert f'<form method="post" action="{reverse("accounts:logout")}">' in content
    assert 'href="#main"' in content and 'id="main"' in content


def test_navigation_links_audit_log_only_for_roles_allowed_to_read_it(world: Any) -> None:
    coordinator_page = _content(world.client_for("coordinator").get(HOME))
    worker_page = _content(world.client_for("worker_a").get(HOME))

    assert f'href="{AUDIT}"' in coordinator_page
    assert f'href="{AUDIT}"' not in worker_page
    assert f'href="{reverse("accounts:tokens")}"' in worker_page


def test_navigation_links_django_admin_only_for_staff_users(world: Any) -> None:
    admin_user = world.users["admin"]
    admin_user.is_staff = False
    admin_user.save()
    without_staff = _content(world.client_for("admin").get(HOME))
    admin_user.is_staff = True
    admin_user.save()

    with_staff = _content(world.client_for("admin").get(HOME))

    assert f'href="{reverse("admin:index")}"' not in without_staff
    assert f'href="{reverse("admin:index")}"' in with_staff
    assert f'href="{reverse("admin:accounts_user_changelist")}"' in with_staff


def test_navigation_marks_current_page(world: Any) -> None:
    content = _content(world.client_for("coordinator").get(AUDIT))

    assert f'href="{AUDIT}" aria-current="page"' in content
    assert f'href="{HOME}" aria-current="page"' not in content


# --- Start page per role -------------------------------------------------------------------------------------


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


def test_home_coordinator_shows_latest_changes(world: Any) -> None:
    _provider_with_history(world)

    content = _content(world.client_for("coordinator").get(HOME))

    assert ui("Latest changes") in content
    assert "Caritas Andernach" in content
    assert f'href="{AUDIT}"' in content


def test_home_social_worker_shows_own_kitas_with_weekdays_and_hours(world: Any) -> None:
    response = world.client_for("worker_a").get(HOME)

    content = _content(response)
    assert response.context["assignments"] == [world.assignment_a]
    assert "Kita St. Martin" in content
    assert f"{ui('Monday')}, {ui('Tuesday')}" in content
    assert "15</dd>" in content  # hours per week
    assert "Kita Regenbogen" not in content
    assert "Kita Arche Noah" not in content


def test_home_social_worker_highlights_todays_kita(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: MONDAY)

    content = _content(world.client_for("worker_a").get(HOME))

    assert content.count('aria-current="date"') == 1
    monday = content.split('aria-current="date"')[1].split("</li>")[0]
    assert ui("Monday") in monday
    assert "Kita St. Martin" in monday
    assert ui("Today you are expected at:") in content


def test_home_social_worker_without_kita_today_says_so(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: WEDNESDAY)

    content = _content(world.client_for("worker_a").get(HOME))

    assert ui("No Kita is planned for today.") in content


def test_home_context_for_worker_plans_the_week(world: Any) -> None:
    from kisa.core.selectors import home_context_for

    context = home_context_for(user=world.users["worker_a"], today=MONDAY)

    assert context["today_assignments"] == [world.assignment_a]
    assert [(day.weekday, day.is_today, day.assignments) for day in context["week"]] == [
        (1, True, [world.assignment_a]),
        (2, False, [world.assignment_a]),
        (3, False, []),
        (4, False, []),
        (5, False, []),
    ]


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
    assert "Kita Regenbogen" not in content
    assert "Kita Fremd" not in content


def test_home_read_only_shows_overview_figures_but_no_staff(world: Any) -> None:
    response = world.client_for("read_only").get(HOME)

    content = _content(response)
    assert response.context["overview"].responsibility_area.municipalities == 2
    assert response.context["overview"].responsibility_area.places == 185
    assert f'href="{reverse("registry:overview")}"' in content
    assert "Anna Adler" not in content
    assert "Ben Berg" not in content


def test_home_admin_links_audit_log(world: Any) -> None:
    _provider_with_history(world)

    content = _content(world.client_for("admin").get(HOME))

    assert ui("System administration") in content
    assert f'href="{AUDIT}"' in content
    assert "Caritas Andernach" in content


def test_home_outsider_sees_only_own_office(world: Any) -> None:
    _provider_with_history(world)

    response = world.client_for("outsider").get(HOME)

    content = _content(response)
    assert "Kreisjugendamt Ahrweiler" in content
    assert response.context["kita_count"] == 1
    for office_a_name in ("Kreisjugendamt Mayen-Koblenz", "Kita Arche Noah", "Kita St. Martin", "Caritas"):
        assert office_a_name not in content


def test_home_user_without_membership_is_denied(db: Any) -> None:
    from kisa.accounts.tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory())

    assert client.get(HOME).status_code == 403


def test_home_coordinator_query_count_does_not_grow_with_kitas(
    world: Any, django_assert_num_queries: Any
) -> None:
    client = world.client_for("coordinator")
    baseline = queries_for(client, HOME)  # one Kita without assignment (Arche Noah)
    KitaFactory.create_batch(2, youth_office=world.office, provider=world.church)

    with django_assert_num_queries(baseline):
        response = client.get(HOME)

    assert len(response.context["unassigned_kitas"]) == 3


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


# --- Audit log ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "admin"])
def test_audit_log_shows_office_entries_with_changes(world: Any, persona: str) -> None:
    _provider_with_history(world)

    response = world.client_for(persona).get(AUDIT)

    content = _content(response)
    assert [entry.action for entry in response.context["entries"]] == ["update", "create"]
    assert "<del>Caritas Mayen</del> → <ins>Caritas Andernach</ins>" in content
    assert "koordination" in content  # who changed it


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "provider", "read_only"])
def test_audit_log_is_forbidden_for_other_roles(world: Any, persona: str) -> None:
    _provider_with_history(world)

    response = world.client_for(persona).get(AUDIT)

    assert response.status_code == 403
    assert "Caritas" not in response.content.decode()


def test_audit_log_of_outsider_hides_other_office(world: Any) -> None:
    _provider_with_history(world)

    response = world.client_for("outsider").get(AUDIT)

    content = _content(response)
    assert list(response.context["entries"]) == []
    assert "Caritas" not in content


def test_audit_log_redirects_anonymous_user_to_login(client: Client, db: Any) -> None:
    response = client.get(AUDIT)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("query", "expected_actions"),
    [
        ({"action": "update"}, ["update"]),
        ({"action": "create", "model": "registry.Provider"}, ["create"]),
        ({"q": "andernach"}, ["update"]),
        ({"user": "koordi"}, ["update", "create"]),
        ({"user": "fremd"}, []),
        ({"model": "registry.Kita"}, []),
        ({"model": "nope.Nothing", "action": "explode"}, ["update", "create"]),  # unknown: ignored
    ],
)
def test_audit_log_filters(world: Any, query: dict[str, str], expected_actions: list[str]) -> None:
    _provider_with_history(world)

    response = world.client_for("coordinator").get(AUDIT, query)

    content = _content(response)
    assert [entry.action for entry in response.context["entries"]] == expected_actions
    assert ui("Please check your input") not in content  # unknown values are dropped, not reported


def test_audit_log_filter_form_offers_record_types_of_the_office(world: Any) -> None:
    _provider_with_history(world)

    response = world.client_for("coordinator").get(AUDIT, {"model": "registry.Provider"})

    content = _content(response)
    choices = response.context["filter_form"].fields["model"].choices
    assert choices[1:] == [("registry.Provider", capfirst(ui("provider")))]
    assert '<option value="registry.Provider" selected>' in content


def test_audit_log_query_count_does_not_grow_with_entries(world: Any, django_assert_num_queries: Any) -> None:
    actor = world.users["coordinator"]
    provider_create(actor=actor, youth_office=world.office, data={"name": "Eins", "kind": "free"})
    client = world.client_for("coordinator")
    baseline = queries_for(client, AUDIT)
    for name in ("Zwei", "Drei"):
        provider_create(actor=actor, youth_office=world.office, data={"name": name, "kind": "free"})

    with django_assert_num_queries(baseline):
        response = client.get(AUDIT)

    assert len(response.context["entries"]) == 3


def test_audit_log_paginates_and_keeps_filters(world: Any) -> None:
    actor = world.users["coordinator"]
    for number in range(51):
        provider_create(actor=actor, youth_office=world.office, data={"name": f"T{number}", "kind": "free"})

    content = _content(world.client_for("coordinator").get(AUDIT, {"action": "create"}))

    assert 'href="?action=create&amp;page=2"' in content
    assert AuditEntry.objects.count() == 51


INLINE_CODE = re.compile(r"<style|\sstyle=|<script(?![^>]*\ssrc=)|\son[a-z]+=", re.IGNORECASE)


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("coordinator", HOME),
        ("worker_a", HOME),
        ("kita_lead", HOME),
        ("provider", HOME),
        ("read_only", HOME),
        ("admin", HOME),
        ("coordinator", AUDIT),
        ("coordinator", "/konto/tokens/"),
    ],
)
def test_pages_have_no_inline_script_or_style(world: Any, persona: str, path: str) -> None:
    _provider_with_history(world)

    content = _content(world.client_for(persona).get(path))

    assert INLINE_CODE.findall(content) == []  # a strict Content-Security-Policy would block them


def test_login_page_has_no_inline_script_or_style(client: Client, db: Any) -> None:
    content = _content(client.get(reverse("accounts:login")))

    assert INLINE_CODE.findall(content) == []
