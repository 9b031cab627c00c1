"""Reads about who a user is in KiSA."""

from __future__ import annotations

from typing import Any

from kisa.accounts.models import ApiToken, ApiTokenQuerySet, Membership


def membership_of(user: Any) -> Membership | None:
    """The user's membership, or None for anonymous users and accounts without a role.

    Cached on the user object: permission checks ask for it many times per request.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_kisa_membership"):
        user._kisa_membership = (
            Membership.objects.select_related("youth_office", "provider").filter(user=user).first()
        )
    return user._kisa_membership


def role_of(user: Any) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def youth_office_id_of(user: Any) -> int | None:
    membership = membership_of(user)
    return membership.youth_office_id if membership else None


def led_kita_ids(user: Any) -> list[int]:
    """Kitas a Kita-leadership user leads."""
    membership = membership_of(user)
    if membership is None:
        return []
    if not hasattr(user, "_kisa_led_kita_ids"):
        user._kisa_led_kita_ids = list(membership.kitas.values_list("pk", flat=True))
    return user._kisa_led_kita_ids


def api_token_list_for(*, user: Any) -> ApiTokenQuerySet:
    return ApiToken.objects.filter(user=user)
