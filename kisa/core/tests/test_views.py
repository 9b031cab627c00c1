"""Start page (greeting and sections), audit log, health check, error pages and the page shell."""

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
from kisa.core.selectors import HomeSection
from kisa.core.tests.ui import queries_for, ui
from kisa.registry.models import Provider
from kisa.registry.services import provider_create, provider_update

HOME = "/"
AUDIT = "/protokoll/"
MONDAY = dt.date(2025, 3, 3)


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


def test_navigation_marks_current_page(world: Any) -> None:
    content = _content(world.client_for("coordinator").get(AUDIT))

    assert f'href="{AUDIT}" aria-current="page"' in content
    assert f'href="{HOME}" aria-current="page"' not in content


# --- Start page: greeting, sections, accounts without a role ----------------------------------------------


def test_home_greets_with_name_role_office_and_date(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: MONDAY)
    world.users["worker_a"].first_name = "Anna"
    world.users["worker_a"].save()

    content = _content(world.client_for("worker_a").get(HOME))

    assert ui("Welcome, %(name)s", name="Anna") in content
    assert (
        f"{ui('Kita social worker')} · Kreisjugendamt Mayen-Koblenz · "
        '<time datetime="2025-03-03">Montag, 3. März 2025</time>'
    ) in content


def _entry(object_repr: str) -> AuditEntry:
    """An unsaved entry: enough for a section template, and no database row to clean up."""
    return AuditEntry(
        actor_name="t", action="create", model_label="x.Y", object_repr=object_repr, created_at=timezone.now()
    )


def _section_showing(object_repr: str) -> Any:
    def build(*, user: Any) -> HomeSection:
        return HomeSection(
            template_name="core/_latest_changes.html", context={"audit_entries": [_entry(object_repr)]}
        )

    return build


# Section builders for KISA_HOME_SECTIONS in the test below (settings name them by dotted path).
first_section = _section_showing("Erster")
second_section = _section_showing("Zweiter")


def no_section(*, user: Any) -> None:
    return None


def test_home_renders_each_section_with_its_own_context_in_settings_order(world: Any, settings: Any) -> None:
    settings.KISA_HOME_SECTIONS = [
        f"{__name__}.second_section",
        f"{__name__}.no_section",
        f"{__name__}.first_section",
    ]

    content = _content(world.client_for("worker_a").get(HOME))

    assert content.count(ui("Latest changes")) == 2
    assert content.index("Zweiter") < content.index("Erster")


def test_home_coordinator_shows_latest_changes(world: Any) -> None:
    _provider_with_history(world)

    content = _content(world.client_for("coordinator").get(HOME))

    assert ui("Latest changes") in content
    assert "Caritas Andernach" in content
    assert f'href="{AUDIT}"' in content


def test_home_admin_shows_latest_changes(world: Any) -> None:
    _provider_with_history(world)

    content = _content(world.client_for("admin").get(HOME))

    assert ui("Latest changes") in content
    assert "Caritas Andernach" in content


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "provider", "read_only"])
def test_home_hides_latest_changes_from_roles_without_audit_log(world: Any, persona: str) -> None:
    _provider_with_history(world)

    content = _content(world.client_for(persona).get(HOME))

    assert ui("Latest changes") not in content
    assert "Caritas" not in content


def test_home_latest_changes_query_count_does_not_grow_with_entries(
    world: Any, django_assert_num_queries: Any
) -> None:
    actor = world.users["coordinator"]
    provider_create(actor=actor, youth_office=world.office, data={"name": "Eins", "kind": "free"})
    client = world.client_for("coordinator")
    baseline = queries_for(client, HOME)
    for name in ("Zwei", "Drei"):
        provider_create(actor=actor, youth_office=world.office, data={"name": name, "kind": "free"})

    with django_assert_num_queries(baseline):
        response = client.get(HOME)

    assert [entry.object_repr for entry in response.context["audit_entries"]] == ["Drei", "Zwei", "Eins"]


def test_home_superuser_without_membership_is_asked_to_get_a_role(db: Any) -> None:
    from kisa.accounts.tests.factories import UserFactory

    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)

    response = client.get(HOME)

    content = _content(response)
    assert ui("Your account has no role in a youth office yet. Ask your system administration.") in content
    assert f'href="{reverse("admin:accounts_user_change", args=[user.pk])}"' in content
    assert ui("Latest changes") not in content
    assert INLINE_CODE.findall(content) == []


def test_home_user_without_membership_and_staff_status_gets_no_admin_link(db: Any) -> None:
    from kisa.accounts.tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory())

    content = _content(client.get(HOME))

    assert ui("Your account has no role in a youth office yet. Ask your system administration.") in content
    assert "/admin/" not in content


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
