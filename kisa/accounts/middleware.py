"""Session rules every request passes: sign-out after inactivity, and the second factor where required."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY

from kisa.accounts.two_factor import HAS_DEVICE_KEY, two_factor_required_for

LAST_SEEN_KEY = "kisa_last_seen"
SIGNED_IN_AT_KEY = "kisa_signed_in_at"
# The last-seen time is written at most this often, so not every request writes the session.
LAST_SEEN_RESOLUTION = 60


def _session_verified(request: HttpRequest, user: Any) -> bool:
    return bool(user.is_authenticated and request.session.get(DEVICE_ID_SESSION_KEY))


class SecondFactorSessionMiddleware:
    """Gives `request.user.is_verified()`: True once the second factor was entered in this session.

    In place of django-otp's OTPMiddleware, which loads the device on every request (one query each):
    django_otp.login() stores the device in the session after a valid code, and the session cannot outlive
    the device in a way that matters, because resetting a user's second factor also ends all their
    sessions (kisa.accounts.services.user_reset_two_factor).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None:
            request.user = SimpleLazyObject(functools.partial(self._install, request, user))
        return self.get_response(request)

    @staticmethod
    def _install(request: HttpRequest, user: Any) -> Any:
        user.otp_device = None
        user.is_verified = functools.partial(_session_verified, request, user)
        return user


class IdleSessionTimeoutMiddleware:
    """Signs a user out after `KISA_SESSION_IDLE_TIMEOUT` seconds without a request, and in any case
    `SESSION_COOKIE_AGE` seconds after signing in (the session itself would slide with every write)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            signed_in_at = request.session.get(SIGNED_IN_AT_KEY)
            if last_seen is not None and now - int(last_seen) > settings.KISA_SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
            elif signed_in_at is not None and now - int(signed_in_at) > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
            elif last_seen is None or now - int(last_seen) >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


# Pages a signed-in user reaches before the second factor: signing in and out, setting up and entering it.
OPEN_BEFORE_SECOND_FACTOR = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accounts:invitation_accept",
    "core:health",
}


def _url_name(request: HttpRequest) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.view_name


class TwoFactorRequiredMiddleware:
    """A signed-in user who must use a second factor, or has set one up, sees nothing before entering it.

    Required for the roles in `KISA_2FA_REQUIRED_ROLES`; anyone else with a confirmed device is asked too.
    Pages redirect to the code entry (or, without a device yet, to the setup); the API answers 403.
    Bearer tokens are unaffected: they are created only by users who passed this check.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if user.is_authenticated and not user.is_verified():
            has_device = bool(request.session.get(HAS_DEVICE_KEY))
            needed = has_device or two_factor_required_for(user)
            if needed and _url_name(request) not in OPEN_BEFORE_SECOND_FACTOR:
                if request.path_info.startswith("/api/"):
                    message = _("Two-factor authentication is required: sign in with your second factor.")
                    return JsonResponse({"detail": message}, status=403)
                target = "accounts:two_factor_verify" if has_device else "accounts:two_factor_setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
