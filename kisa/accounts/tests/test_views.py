"""Login, logout and the API-token page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kisa.accounts.models import ApiToken
from kisa.accounts.services import api_token_create
from kisa.accounts.tests.factories import UserFactory
from kisa.core.tests.ui import queries_for, ui

LOGIN = "/konto/anmelden/"
LOGOUT = "/konto/abmelden/"
TOKENS = "/konto/tokens/"
ME = "/api/v1/accounts/me"


def _revoke_url(token: ApiToken) -> str:
    return reverse("accounts:token_revoke", args=[token.pk])


# --- Login and logout ---------------------------------------------------------------------------------------


def test_login_page_shows_kern_form(client: Client, db: Any) -> None:
    response = client.get(LOGIN)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="kern-form-input__input"' in content
    assert 'name="username"' in content and 'name="password"' in content


def test_login_with_correct_password_opens_start_page(world: Any, test_password: str) -> None:
    client = Client()

    response = client.post(LOGIN, {"username": "koordination", "password": test_password}, follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert response.context["user"] == world.users["coordinator"]
    assert "Kreisjugendamt Mayen-Koblenz" in response.content.decode()


def test_login_keeps_the_requested_page(world: Any, test_password: str) -> None:
    client = Client()

    response = client.post(
        f"{LOGIN}?next=/protokoll/", {"username": "koordination", "password": test_password}
    )

    assert response.status_code == 302
    assert response.url == "/protokoll/"


def test_login_with_wrong_password_fails_with_clear_message(world: Any) -> None:
    client = Client()

    response = client.post(LOGIN, {"username": "koordination", "password": "falsch"})

    content = response.content.decode()
    assert response.status_code == 200
    assert ui("User name or password is wrong. Please check both and try again.") in content
    assert 'role="alert"' in content
    assert not response.context["user"].is_authenticated


def test_login_page_sends_signed_in_user_to_start_page(world: Any) -> None:
    response = world.client_for("worker_a").get(LOGIN)

    assert response.status_code == 302
    assert response.url == "/"


def test_logout_by_post_ends_the_session(world: Any) -> None:
    client = world.client_for("worker_a")

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert response.url == LOGIN
    assert client.get("/").status_code == 302


# --- API tokens ---------------------------------------------------------------------------------------------------


def test_token_page_redirects_anonymous_user_to_login(client: Client, db: Any) -> None:
    response = client.get(TOKENS)

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={TOKENS}"


def test_token_page_is_forbidden_without_membership(db: Any) -> None:
    client = Client()
    client.force_login(UserFactory())

    assert client.get(TOKENS).status_code == 403


def test_token_create_shows_raw_token_once(world: Any) -> None:
    client = world.client_for("worker_a")

    created = client.post(TOKENS, {"name": "Auswertung"})
    reloaded = client.get(TOKENS)

    token = ApiToken.objects.get(user=world.users["worker_a"])
    raw = created.context["new_token"]
    assert raw.startswith(token.prefix)
    assert f'value="{raw}"' in created.content.decode()
    assert ui(
        "Copy it now and keep it safe: it is shown only this once. KiSA stores only a fingerprint of it."
    ) in (created.content.decode())
    assert "no-store" in created["Cache-Control"]
    assert raw not in reloaded.content.decode()
    assert "Auswertung" in reloaded.content.decode()


def test_token_create_without_name_shows_error_and_creates_nothing(world: Any) -> None:
    response = world.client_for("worker_a").post(TOKENS, {"name": "   "})

    content = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in content
    assert 'id="id_name_error"' in content
    assert not ApiToken.objects.exists()


def test_token_list_shows_only_own_tokens(world: Any) -> None:
    api_token_create(user=world.users["worker_a"], name="Mein Skript")
    api_token_create(user=world.users["worker_b"], name="Fremdes Skript")

    content = world.client_for("worker_a").get(TOKENS).content.decode()

    assert "Mein Skript" in content
    assert "Fremdes Skript" not in content


def test_token_revoke_marks_token_revoked(world: Any) -> None:
    token, _raw = api_token_create(user=world.users["worker_a"], name="Auswertung")

    response = world.client_for("worker_a").post(_revoke_url(token), follow=True)

    token.refresh_from_db()
    content = response.content.decode()
    assert response.redirect_chain == [(TOKENS, 302)]
    assert token.revoked_at is not None
    assert ui("Token “%(name)s” revoked.", name="Auswertung") in content
    assert f'action="{_revoke_url(token)}"' not in content  # no revoke button for a revoked token


def test_token_revoke_of_another_users_token_is_404(world: Any) -> None:
    token, _raw = api_token_create(user=world.users["worker_b"], name="Fremd")

    response = world.client_for("worker_a").post(_revoke_url(token))

    token.refresh_from_db()
    assert response.status_code == 404
    assert token.revoked_at is None


def test_token_revoke_needs_post(world: Any) -> None:
    token, _raw = api_token_create(user=world.users["worker_a"], name="Auswertung")

    response = world.client_for("worker_a").get(_revoke_url(token))

    token.refresh_from_db()
    assert response.status_code == 405
    assert token.revoked_at is None


@pytest.mark.parametrize(("revoke", "expected_status"), [(False, 200), (True, 401)])
def test_revoked_token_no_longer_authenticates(world: Any, revoke: bool, expected_status: int) -> None:
    token, raw = api_token_create(user=world.users["worker_a"], name="Auswertung")
    if revoke:
        world.client_for("worker_a").post(_revoke_url(token))

    response = Client().get(ME, headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == expected_status
    if not revoke:
        assert response.json()["username"] == "fachkraft_a"


def test_token_list_query_count_does_not_grow_with_tokens(world: Any, django_assert_num_queries: Any) -> None:
    user = world.users["worker_a"]
    api_token_create(user=user, name="Eins")
    client = world.client_for("worker_a")
    baseline = queries_for(client, TOKENS)
    api_token_create(user=user, name="Zwei")
    api_token_create(user=user, name="Drei")

    with django_assert_num_queries(baseline):
        response = client.get(TOKENS)

    assert len(response.context["tokens"]) == 3
