import pytest
from django.core.validators import ProhibitNullCharactersValidator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from config.api import api
from kisa.accounts.models import ApiToken, hash_token
from kisa.accounts.services import api_token_create, api_token_revoke
from kisa.accounts.tests.factories import UserFactory

TOKEN_FIELDS = {"id", "name", "prefix", "created_at", "last_used_at", "revoked_at", "is_active"}


def _bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _german(message: str) -> str:
    """What the API answers: the UI language is German, so are its messages."""
    with translation.override("de"):
        return translation.gettext(message)


def test_me_names_the_user_role_and_office(world):
    response = world.client_for("coordinator").get("/api/v1/accounts/me")

    assert response.status_code == 200
    assert response.json() == {
        "username": "koordination",
        "role": "coordinator",
        "youth_office": "Kreisjugendamt Mayen-Koblenz",
    }


def test_me_without_authentication_is_401(world):
    response = Client().get("/api/v1/accounts/me")

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_bearer_token_authenticates_as_its_user(world):
    _token, raw = api_token_create(user=world.users["worker_a"], name="Skript")

    response = _bearer(raw).get("/api/v1/kitas")

    assert response.status_code == 200
    assert [kita["name"] for kita in response.json()["items"]] == ["Kita St. Martin"]


def test_bearer_token_records_its_last_use(world):
    token, raw = api_token_create(user=world.users["worker_a"], name="Skript")

    _bearer(raw).get("/api/v1/accounts/me")

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_bearer_token_revoked_is_401(world):
    token, raw = api_token_create(user=world.users["coordinator"], name="Skript")
    api_token_revoke(token=token)

    response = _bearer(raw).get("/api/v1/kitas")

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_bearer_token_of_a_deactivated_user_is_401(world):
    user = world.users["coordinator"]
    _token, raw = api_token_create(user=user, name="Skript")
    user.is_active = False
    user.save()

    response = _bearer(raw).get("/api/v1/kitas")

    assert response.status_code == 401


def test_bearer_token_unknown_is_401(world):
    response = _bearer("kisa_not-a-token").get("/api/v1/kitas")

    assert response.status_code == 401


def test_token_list_shows_own_tokens_without_the_secret(world):
    own, _raw = api_token_create(user=world.users["worker_a"], name="Auswertung")
    api_token_create(user=world.users["worker_b"], name="Fremd")

    response = world.client_for("worker_a").get("/api/v1/accounts/tokens")

    assert response.status_code == 200
    [token] = response.json()
    assert set(token) == TOKEN_FIELDS
    assert (token["id"], token["name"], token["prefix"], token["is_active"]) == (
        own.pk,
        "Auswertung",
        own.prefix,
        True,
    )


@pytest.mark.parametrize(
    ("method", "path"), [("get", "/tokens"), ("post", "/tokens"), ("delete", "/tokens/1")]
)
def test_tokens_for_a_user_without_role_are_403(db, method, path):
    client = Client()
    client.force_login(UserFactory())

    response = getattr(client, method)(
        f"/api/v1/accounts{path}", {"name": "x"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json() == {"detail": _german("Your role does not allow this.")}


def test_token_list_without_authentication_is_401(world):
    response = Client().get("/api/v1/accounts/tokens")

    assert response.status_code == 401


def test_token_list_query_count_does_not_grow_with_tokens(world, django_assert_num_queries):
    client = world.client_for("worker_a")
    api_token_create(user=world.users["worker_a"], name="eins")
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/v1/accounts/tokens").json()) == 1
    api_token_create(user=world.users["worker_a"], name="zwei")
    api_token_create(user=world.users["worker_a"], name="drei")

    with django_assert_num_queries(len(one)):
        assert len(client.get("/api/v1/accounts/tokens").json()) == 3


def test_token_create_returns_the_token_once_and_stores_only_its_hash(world):
    response = world.client_for("worker_a").post(
        "/api/v1/accounts/tokens", {"name": "Tabellenabruf"}, content_type="application/json"
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {*TOKEN_FIELDS, "token"}
    assert body["token"].startswith("kisa_")
    stored = ApiToken.objects.get(pk=body["id"])
    assert (stored.user, stored.name, stored.key_hash) == (
        world.users["worker_a"],
        "Tabellenabruf",
        hash_token(body["token"]),
    )
    assert _bearer(body["token"]).get("/api/v1/accounts/me").json()["username"] == "fachkraft_a"


def test_token_create_with_blank_name_is_422_naming_the_field(world):
    response = world.client_for("worker_a").post(
        "/api/v1/accounts/tokens", {"name": "  "}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "name", "message": _german("Give the token a name, e.g. where it is used.")}]
    }
    assert not ApiToken.objects.exists()


def test_token_create_with_a_nul_character_in_the_name_is_422_naming_the_field(world):
    # SQLite would store it, PostgreSQL fails on it: refused alike on both.
    response = world.client_for("worker_a").post(
        "/api/v1/accounts/tokens", {"name": "Skript\u0000"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "name", "message": _german(str(ProhibitNullCharactersValidator.message))}]
    }
    assert not ApiToken.objects.exists()


def test_token_create_without_name_is_422_naming_the_field(world):
    response = world.client_for("worker_a").post(
        "/api/v1/accounts/tokens", {}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "name", "message": "Dieses Feld ist zwingend erforderlich."}]
    }


def test_token_create_by_session_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["worker_a"])

    response = client.post("/api/v1/accounts/tokens", {"name": "x"}, content_type="application/json")

    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check Failed"}
    assert not ApiToken.objects.exists()


def test_token_revoke_ends_the_token(world):
    token, raw = api_token_create(user=world.users["worker_a"], name="alt")

    response = world.client_for("worker_a").delete(f"/api/v1/accounts/tokens/{token.pk}")

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _bearer(raw).get("/api/v1/accounts/me").status_code == 401


def test_token_revoke_of_another_users_token_is_404(world):
    token, raw = api_token_create(user=world.users["worker_b"], name="fremd")

    response = world.client_for("worker_a").delete(f"/api/v1/accounts/tokens/{token.pk}")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert _bearer(raw).get("/api/v1/accounts/me").status_code == 200


# --- Every endpoint declares what it requires (the API's counterpart of kisa/core/tests/test_urls.py) ---

AUTHENTICATION_ONLY = {("GET", "/accounts/me")}  # any signed-in caller may ask who they are
SESSION_OR_BEARER = [{"BearerTokenAuth": []}, {"SessionAuth": []}]


def _declared_operations() -> list[tuple[str, str, str | None, bool]]:
    """(method, path, permission, public mark) of every operation of every router mounted on the API."""
    return [
        (
            method,
            f"{prefix}{path}",
            getattr(operation.view_func, "kisa_permission", None),
            getattr(operation.view_func, "kisa_public", False),
        )
        for prefix, router in api._routers
        for path, path_view in router.path_operations.items()
        for operation in path_view.operations
        for method in operation.methods
    ]


def test_every_api_endpoint_requires_authentication_and_declares_a_permission():
    paths = api.get_openapi_schema()["paths"]
    published = {
        (method.upper(), path.removeprefix("/api/v1")): op
        for path, ops in paths.items()
        for method, op in ops.items()
    }
    declared = _declared_operations()

    assert {(m, p) for m, p, _permission, _public in declared} == set(published)
    public = {(m, p) for m, p, _permission, is_public in declared if is_public}
    assert [
        key for key, op in published.items() if key not in public and op.get("security") != SESSION_OR_BEARER
    ] == []
    assert [key for key in public if "security" in published[key]] == [], "a public endpoint asks for login"
    undeclared = [
        (m, p)
        for m, p, permission, is_public in declared
        if not permission and not is_public and (m, p) not in AUTHENTICATION_ONLY
    ]
    assert undeclared == []
