"""Browser-facing hardening: security headers, cookies, CSRF, upload limits, error pages without
internals. Each test names the control it guards."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from kisa.core.tests.test_settings import PRODUCTION, _run_manage
from kisa.core.tests.ui import ui
from kisa.registry.models import Kita

INLINE_CODE = re.compile(
    r"<style|\sstyle=|<script(?![^>]*\s(?:src=|type=\"application/json\"))|\son[a-z]+=", re.IGNORECASE
)


def _csp(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_pages_send_a_strict_content_security_policy(world):
    response = world.client_for("coordinator").get("/")

    policy = _csp(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["img-src"] == "img-src 'self' data:"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["object-src"] == "object-src 'none'"


def test_pages_deny_framing_sniffing_and_leaking_referrers(world):
    response = world.client_for("coordinator").get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_api_and_docs_send_the_policy_too(world):
    client = world.client_for("coordinator")

    for path in ("/api/v1/accounts/me", "/api/v1/docs", "/konto/anmelden/"):
        assert "script-src 'self'" in client.get(path)["Content-Security-Policy"], path


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("coordinator", "/api/v1/docs"),
        ("coordinator", "/konto/sicherheit/"),
        ("coordinator", "/konto/benutzer/"),
        ("coordinator", "/konto/einladungen/neu/"),
        ("coordinator", "/konto/zwei-faktor/einrichten/"),
        ("read_only", "/konto/sicherheit/"),
    ],
)
def test_new_pages_and_the_api_docs_need_no_inline_code(world, persona, path):
    response = world.client_for(persona).get(path)

    assert response.status_code == 200
    assert INLINE_CODE.findall(response.content.decode()) == []


def test_session_and_csrf_cookies_are_httponly_and_samesite(world, test_password):
    client = Client()
    response = client.post("/konto/anmelden/", {"username": "jha", "password": test_password})

    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_production_settings_force_https_secure_cookies_and_hsts():
    code = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.CSRF_COOKIE_HTTPONLY, s.KISA_2FA_REQUIRED_ROLES)"
    )
    result = _run_manage("shell", "-c", code, **PRODUCTION, TWO_FACTOR_ENFORCED="true")

    assert (
        result.stdout.strip().splitlines()[-1]
        == "True True True True True True ['coordinator', 'social_worker', 'admin']"
    ), result.stderr


def test_forms_refuse_posts_without_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["coordinator"])

    response = client.post("/konto/sicherheit/ueberall-abmelden/")

    assert response.status_code == 403


def test_server_errors_show_the_friendly_page_without_internals(world, monkeypatch):
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("kisa.core.views.home_sections_for", broken)
    client = world.client_for("coordinator")
    client.raise_request_exception = False

    response = client.get("/")

    content = response.content.decode()
    assert response.status_code == 500
    assert "secret internal detail" not in content and "Traceback" not in content


def test_api_server_errors_answer_json_without_internals(world, monkeypatch):
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("kisa.accounts.api.api_token_list_for", broken)
    client = world.client_for("coordinator")
    client.raise_request_exception = False

    response = client.get("/api/v1/accounts/tokens")

    assert response.status_code == 500
    with translation.override("de"):
        assert response.json() == {"detail": translation.gettext("Internal server error.")}


# --- Uploads -------------------------------------------------------------------------------------------


def _upload(client: Client, name: str, data: bytes) -> Any:
    file = io.BytesIO(data)
    file.name = name
    return client.post("/register/import/", {"kind": "kitas", "file": file})


def test_import_refuses_files_of_other_types(world):
    response = _upload(world.client_for("coordinator"), "kitas.exe", b"MZ\x90\x00 binary")

    assert response.status_code == 200
    assert ui("Only CSV (.csv) and Excel (.xlsx) files can be imported.") in response.content.decode()
    assert Kita.objects.count() == 4


def test_import_refuses_a_file_over_the_size_limit(world):
    big = b"number;name\n" + b"A9;" + b"x" * (5 * 1024 * 1024 + 10) + b"\n"

    response = _upload(world.client_for("coordinator"), "kitas.csv", big)

    assert response.status_code == 200
    assert ui("The file is larger than %(mb)s MB.", mb=5) in response.content.decode()
    assert Kita.objects.count() == 4


def test_requests_over_the_hard_limit_are_refused_before_reading(world, settings):
    settings.KISA_MAX_REQUEST_BYTES = 1024 * 1024
    big = b"x" * (settings.KISA_MAX_REQUEST_BYTES + 1)

    page = _upload(world.client_for("coordinator"), "kitas.csv", big)
    api = world.client_for("coordinator").post(
        "/api/v1/kitas", b"[" + b"1," * 600_000 + b"1]", content_type="application/json"
    )

    assert page.status_code == 413
    assert api.status_code == 413
    assert "MB" in api.json()["detail"]
