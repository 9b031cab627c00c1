"""Two-factor authentication with django-otp: a TOTP authenticator app, plus one-time recovery codes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kisa.accounts.selectors import role_of

TOTP_NAME = "authenticator"
# Set in the session at sign-in: whether the user has a confirmed device (asked once, not per request).
HAS_DEVICE_KEY = "kisa_has_second_factor"
RECOVERY_NAME = "recovery codes"


def two_factor_required_for(user: Any) -> bool:
    """True when the user's role reads case content or personal data (`KISA_2FA_REQUIRED_ROLES`)."""
    required = set(getattr(settings, "KISA_2FA_REQUIRED_ROLES", []))
    return bool(required) and role_of(user) in required


def has_confirmed_device(user: Any) -> bool:
    if not hasattr(user, "_kisa_has_device"):
        user._kisa_has_device = any(True for _device in devices_for_user(user, confirmed=True))
    return bool(user._kisa_has_device)


def confirmed_totp_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_recovery_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes with `KISA_RECOVERY_CODE_COUNT` new ones; returns them (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME)
    device.confirmed = True
    device.save()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.KISA_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
