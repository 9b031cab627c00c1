"""Sign-in security: second factor, password policy, lockout, idle sessions, logout everywhere,
invitations and deactivation. Each test fails when its control is removed."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import verified_client
from kisa.accounts.middleware import LAST_SEEN_KEY, SIGNED_IN_AT_KEY
from kisa.accounts.models import Invitation, Role, User
from kisa.accounts.services import api_token_create, invitation_create
from kisa.core.models import AuditEntry
from kisa.core.tests.ui import ui

LOGIN = "/konto/anmelden/"
SETUP = "/konto/zwei-faktor/einrichten/"
VERIFY = "/konto/zwei-faktor/"
HOME = "/"


@pytest.fixture(autouse=True)
def no_code_throttling(settings):
    """django-otp delays the attempt after a wrong code; these tests try a right one straight after."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _password_login(client: Client, username: str, password: str) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


# --- Two-factor authentication ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "worker_a", "admin"])
def test_roles_reading_personal_data_must_set_up_a_second_factor(world, two_factor_enforced, persona):
    client = Client()
    client.force_login(world.users[persona])

    page = client.get(HOME)
    api = client.get("/api/v1/accounts/me")

    assert page.status_code == 302
    assert page["Location"].startswith(SETUP)
    assert api.status_code == 403


@pytest.mark.parametrize("persona", ["kita_lead", "provider", "read_only"])
def test_other_roles_may_work_without_a_second_factor(world, two_factor_enforced, persona):
    client = Client()
    client.force_login(world.users[persona])

    assert client.get(HOME).status_code == 200


def test_without_enforcement_the_roles_work_without_a_second_factor(world):
    client = Client()
    client.force_login(world.users["coordinator"])

    assert client.get(HOME).status_code == 200


def test_a_user_with_a_device_must_enter_it_even_where_optional(world):
    user = world.users["read_only"]
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client = Client()
    client.force_login(user)

    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_setup_shows_a_qr_code_and_a_valid_code_confirms_it_with_recovery_codes(world, two_factor_enforced):
    user = world.users["worker_a"]
    client = Client()
    client.force_login(user)

    page = client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(SETUP, {"token": "000000" if _code(device) != "000000" else "111111"})
    confirmed = client.post(SETUP, {"token": _code(device), "next": "/register/kitas/"})

    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    assert ui("The code is not valid. Check the time on your phone and try again.") in wrong.content.decode()
    assert confirmed.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", confirmed.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(HOME).status_code == 200


def test_password_then_code_signs_in_and_a_wrong_code_is_refused_and_audited(world, two_factor_enforced):
    user = world.users["coordinator"]
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client = Client()

    after_password = _password_login(client, "koordination", "kisa-test-password-1")
    blocked = client.get(HOME)
    wrong = client.post(VERIFY, {"token": "12345"})
    right = client.post(VERIFY, {"token": _code(device), "next": "/register/kitas/"})

    assert after_password.status_code == 302
    assert blocked.status_code == 302 and blocked["Location"].startswith(VERIFY)
    assert wrong.status_code == 200
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED, actor=user).exists()
    assert right.status_code == 302 and right["Location"] == "/register/kitas/"
    assert client.get(HOME).status_code == 200


def test_a_recovery_code_works_once(world, two_factor_enforced):
    user = world.users["coordinator"]
    setup = verified_client(user)
    setup_page = setup.post("/konto/sicherheit/", {"action": "recovery_codes"})
    code = re.findall(r"<li><code>([a-z0-9]+)</code></li>", setup_page.content.decode())[0]

    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)

    assert first.post(VERIFY, {"token": code}).status_code == 302
    assert first.get(HOME).status_code == 200
    assert second.post(VERIFY, {"token": code}).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_verify_ignores_a_next_pointing_elsewhere(world):
    user = world.users["read_only"]
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client = Client()
    client.force_login(user)

    response = client.post(VERIFY, {"token": _code(device), "next": "https://evil.example/"})

    assert response["Location"] == HOME


# --- Password policy ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["kurz-pass1", "password12345", "Passwort2024!", "S0mmer#2025!", "jugendamt2026", "qwertzuiop123"],
)
def test_short_common_and_leaked_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_passphrase_is_accepted():
    validate_password("Kaffeetasse-Leuchtturm-Fahrrad")


# --- Lockout --------------------------------------------------------------------------------------------


def test_repeated_failures_lock_the_account_even_with_the_right_password(world, settings):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _password_login(client, "fachkraft_a", "wrong-password-000")

    locked = _password_login(Client(REMOTE_ADDR="10.9.9.9"), "fachkraft_a", "kisa-test-password-1")

    assert locked.status_code == 429
    assert ui("Sign-in locked") in locked.content.decode()
    assert "_auth_user_id" not in Client().session


def test_repeated_failures_from_one_address_lock_that_address_for_every_account(world, settings):
    client = Client(REMOTE_ADDR="10.1.2.3")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _password_login(client, f"nobody{attempt}", "wrong-password-000")

    same_source = _password_login(client, "fachkraft_b", "kisa-test-password-1")
    other_source = _password_login(Client(REMOTE_ADDR="10.1.2.4"), "fachkraft_b", "kisa-test-password-1")

    assert same_source.status_code == 429
    assert other_source.status_code == 302


def test_lockout_ends_after_the_cool_off_time(world, settings):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _password_login(client, "fachkraft_a", "wrong-password-000")
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(1))

    assert _password_login(Client(), "fachkraft_a", "kisa-test-password-1").status_code == 302


def test_coordinator_lifts_a_lockout(world, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _password_login(Client(REMOTE_ADDR="10.0.0.1"), "fachkraft_a", "wrong-password-000")
    coordinator = world.client_for("coordinator")
    users_page = coordinator.get("/konto/benutzer/")

    coordinator.post(f"/konto/benutzer/{world.users['worker_a'].pk}/unlock/")

    assert ui("locked") in users_page.content.decode()
    assert (
        _password_login(Client(REMOTE_ADDR="10.0.0.2"), "fachkraft_a", "kisa-test-password-1").status_code
        == 302
    )


# --- Sessions -------------------------------------------------------------------------------------------


def test_session_ends_after_inactivity(world, settings):
    client = world.client_for("worker_a")
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.KISA_SESSION_IDLE_TIMEOUT - 5
    session.save()

    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGOUT, actor=world.users["worker_a"]).exists()


def test_session_ends_after_its_maximum_age_despite_activity(world, settings):
    client = world.client_for("worker_a")
    session = client.session
    session[SIGNED_IN_AT_KEY] = int(time.time()) - settings.SESSION_COOKIE_AGE - 5
    session.save()

    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_activity_keeps_the_session(world, settings):
    client = world.client_for("worker_a")
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.KISA_SESSION_IDLE_TIMEOUT + 60
    session.save()

    assert client.get(HOME).status_code == 200


def test_log_out_everywhere_ends_the_sessions_on_other_devices(world):
    laptop = world.client_for("worker_a")
    phone = world.client_for("worker_a")

    response = laptop.post("/konto/sicherheit/ueberall-abmelden/")

    assert response.status_code == 302
    assert phone.get(HOME).status_code == 302
    assert laptop.get(HOME).status_code == 302
    world.users["worker_a"].refresh_from_db()
    assert world.client_for("worker_a").get(HOME).status_code == 200


# --- Invitations ----------------------------------------------------------------------------------------


def _invite(client: Client, **overrides: Any) -> Any:
    data = {"email": "neu@example.org", "username": "neue_fachkraft", "role": Role.SOCIAL_WORKER}
    return client.post("/konto/einladungen/neu/", {**data, **overrides})


def test_invitation_sends_a_one_time_link_and_no_password(world):
    response = _invite(world.client_for("coordinator"))

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/konto/einladung/[^/\s]+/)", mail.outbox[0].body).group(1)
    page = Client().get(link)
    weak = Client().post(link, {"password1": "passwort1234", "password2": "passwort1234"})
    created_by_weak = User.objects.filter(username="neue_fachkraft").exists()
    accepted = Client().post(
        link, {"password1": "Fahrrad-Leuchtturm-42", "password2": "Fahrrad-Leuchtturm-42"}
    )
    again = Client().get(link)

    assert page.status_code == 200
    assert weak.status_code == 200 and not created_by_weak
    assert accepted.status_code == 302
    user = User.objects.get(username="neue_fachkraft")
    assert user.membership.role == Role.SOCIAL_WORKER and user.membership.youth_office == world.office
    assert user.email == "neu@example.org"
    assert again.status_code == 404
    assert "Fahrrad" not in mail.outbox[0].body
    assert Client().login(username="neue_fachkraft", password="Fahrrad-Leuchtturm-42")


def test_an_expired_invitation_link_is_refused(world):
    invitation, raw = invitation_create(
        actor=world.users["coordinator"],
        youth_office=world.office,
        email="x@example.org",
        username="spaet",
        role=Role.READ_ONLY,
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    assert Client().get(f"/konto/einladung/{raw}/").status_code == 404


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "provider", "read_only"])
def test_only_coordination_and_admin_invite_and_manage_users(world, persona):
    client = world.client_for(persona)

    assert _invite(client).status_code == 403
    assert client.get("/konto/benutzer/").status_code == 403
    assert not mail.outbox


def test_coordinator_cannot_invite_a_system_administrator(world):
    response = _invite(world.client_for("coordinator"), role=Role.ADMIN)

    assert response.status_code == 200
    assert not Invitation.objects.exists()


# --- Deactivation --------------------------------------------------------------------------------------


def test_deactivation_refuses_sign_in_ends_sessions_revokes_tokens_and_keeps_history(world):
    worker = world.users["worker_a"]
    session = world.client_for("worker_a")
    _token, raw = api_token_create(user=worker, name="Skript")
    audit_before = AuditEntry.objects.count()

    response = world.client_for("coordinator").post(f"/konto/benutzer/{worker.pk}/deactivate/")

    assert response.status_code == 302
    worker.refresh_from_db()
    assert not worker.is_active
    assert session.get(HOME).status_code == 302
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/accounts/me").status_code == 401
    assert _password_login(Client(), "fachkraft_a", "kisa-test-password-1").status_code == 200
    assert User.objects.filter(pk=worker.pk).exists()
    assert world.worker_a.user_id == worker.pk
    assert AuditEntry.objects.count() > audit_before


def test_another_offices_user_cannot_be_managed(world):
    stranger = world.users["outsider"]

    response = world.client_for("coordinator").post(f"/konto/benutzer/{stranger.pk}/deactivate/")

    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active


# --- Audit of sign-in events ----------------------------------------------------------------------------


def test_sign_in_failed_sign_in_and_sign_out_are_audited_and_filterable(world):
    client = Client()
    _password_login(client, "fachkraft_b", "wrong-password-000")
    _password_login(client, "fachkraft_b", "kisa-test-password-1")
    client.post("/konto/abmelden/")

    actions = set(AuditEntry.objects.filter(actor_name="fachkraft_b").values_list("action", flat=True))
    page = world.client_for("coordinator").get("/protokoll/?action=login_failed")

    assert {"login", "login_failed", "logout"} <= actions
    entries = page.context["entries"]
    assert [entry.action for entry in entries] == ["login_failed"]
    assert "wrong-password" not in str(list(AuditEntry.objects.values()))


def test_permission_denials_are_audited_for_pages_and_api(world, denials_audited):
    page = world.client_for("read_only").get("/konto/benutzer/")
    api = world.client_for("read_only").get("/api/v1/staff")

    denied = AuditEntry.objects.filter(action=AuditEntry.Action.DENIED)
    assert page.status_code == 403
    assert api.status_code == 403
    assert denied.filter(actor=world.users["read_only"], object_repr="GET /konto/benutzer/").exists()
    assert denied.filter(actor=world.users["read_only"], object_repr="GET /api/v1/staff").exists()
    assert denied.filter(youth_office=world.office).count() == 2


def test_accounts_cannot_be_deleted_in_the_admin_only_deactivated(world):
    worker = world.users["worker_a"]

    response = world.client_for("admin").post(f"/admin/accounts/user/{worker.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert User.objects.filter(pk=worker.pk).exists()


def test_coordination_cannot_lock_out_the_administrator(world):
    admin = world.users["admin"]

    response = world.client_for("coordinator").post(f"/konto/benutzer/{admin.pk}/deactivate/")

    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.is_active


def test_an_invited_administrator_can_use_the_django_admin(world):
    _invite(world.client_for("admin"), username="neuer_admin", role=Role.ADMIN)
    link = re.search(r"http://testserver(/konto/einladung/[^/\s]+/)", mail.outbox[0].body).group(1)

    Client().post(link, {"password1": "Fahrrad-Leuchtturm-42", "password2": "Fahrrad-Leuchtturm-42"})

    user = User.objects.get(username="neuer_admin")
    assert (user.is_staff, user.membership.role) == (True, Role.ADMIN)
