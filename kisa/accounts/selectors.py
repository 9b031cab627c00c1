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


def users_of_office(*, user: Any) -> Any:
    """The accounts of the user's own office (for coordination and the admin); other offices' are absent."""
    from kisa.accounts.models import User

    office_id = membership.youth_office_id if (membership := membership_of(user)) else None
    if office_id is None:
        return User.objects.none()
    return (
        User.objects.filter(membership__youth_office_id=office_id)
        .select_related("membership")
        .order_by("username")
    )


def invitations_of_office(*, user: Any) -> Any:
    from kisa.accounts.models import Invitation

    office_id = membership.youth_office_id if (membership := membership_of(user)) else None
    return Invitation.objects.filter(youth_office_id=office_id).order_by("-created_at")


def locked_usernames() -> set[str]:
    """User names currently locked out by django-axes (failure limit reached, cool-off not yet over)."""
    from axes.models import AccessAttempt
    from django.conf import settings

    limit = settings.AXES_FAILURE_LIMIT
    return set(
        AccessAttempt.objects.filter(failures_since_start__gte=limit)
        .exclude(username__isnull=True)
        .values_list("username", flat=True)
    )
