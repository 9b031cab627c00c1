"""Security controls as a browser meets them: no page breaks the strict Content-Security-Policy, and the
second factor is set up and entered end to end."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def _watch_csp(page: Page) -> list[str]:
    """Collect what Chromium reports as blocked by the policy, and script errors, with the page's address."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: script error: {error}"))
    return problems


def _visit(page: Page, url: str) -> None:
    """Open `url` and let its scripts run, if it is a page: downloads (CSV, PDF), addresses that only take
    POST and redirects elsewhere have nothing to check here."""
    probe = page.request.get(url, max_redirects=0)
    if probe.status != 200 or "text/html" not in probe.headers.get("content-type", ""):
        return
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _parameterless_pages() -> list[str]:
    """Every page of every app that needs no id (lists, forms, start pages): new apps are covered as they
    land. Logout and the admin are left out (the admin has its own test)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns: list[Any], prefix: str = "") -> list[str]:
        paths = []
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if pattern.namespace in {"admin", "api-v1"}:
                    continue
                paths += walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern) and "<" not in route and not route.startswith("^"):
                paths.append("/" + prefix + route)
        return paths

    return [path for path in walk(get_resolver().url_patterns) if "abmelden" not in path]


def _pages(world: Any) -> list[str]:
    return [
        *_parameterless_pages(),
        "/",
        "/register/uebersicht/",
        "/register/kitas/",
        f"/register/kitas/{world.kita_a.pk}/",
        f"/register/kitas/{world.kita_a.pk}/bearbeiten/",
        "/register/personal/",
        "/register/import/",
        "/protokoll/",
        "/konto/tokens/",
        "/konto/sicherheit/",
        "/konto/benutzer/",
        "/konto/einladungen/neu/",
        "/konto/zwei-faktor/einrichten/",
        "/api/v1/docs",
    ]


def test_no_page_violates_the_content_security_policy(desktop: Page, live_server, world, test_password):
    page = desktop
    problems = _watch_csp(page)
    log_in(page, live_server, "koordination", test_password)

    for path in dict.fromkeys(_pages(world)):
        _visit(page, f"{live_server.url}{path}")

    expect(page.locator("#swagger-ui")).to_contain_text("KiSA API")
    assert problems == []


def test_the_admin_site_works_under_the_policy(desktop: Page, live_server, world, test_password):
    page = desktop
    problems = _watch_csp(page)
    log_in(page, live_server, "admin", test_password)

    for path in (
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{world.users['worker_a'].pk}/change/",
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")

    assert problems == []


def test_coordinator_sets_up_the_second_factor_and_signs_in_with_it(
    desktop: Page, live_server, world, test_password, two_factor_enforced, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    page = desktop
    problems = _watch_csp(page)

    log_in(page, live_server, "koordination", test_password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Zwei-Faktor-Authentifizierung einrichten")
    expect(page.get_by_role("img", name="QR-Code für Ihre Authenticator-App")).to_be_visible()
    device = TOTPDevice.objects.get(user=world.users["coordinator"], confirmed=False)
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_role("heading", name="Ihre Wiederherstellungscodes")).to_be_visible()
    page.get_by_role("link", name="Weiter").click()
    expect(page.get_by_role("banner")).to_contain_text("Koordination")

    page.get_by_role("button", name="Abmelden").click()
    log_in(page, live_server, "koordination", test_password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Zweiter Faktor")
    device.refresh_from_db()
    page.get_by_label("Code").fill(f"{totp(device.bin_key, drift=1):06d}")
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_role("banner")).to_contain_text("Koordination")
    assert problems == []
