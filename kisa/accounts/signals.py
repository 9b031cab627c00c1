"""Sign-ins, failed sign-ins and sign-outs land in the audit trail (who, when, from which kind of event)."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from kisa.accounts.middleware import SIGNED_IN_AT_KEY
from kisa.accounts.selectors import youth_office_id_of
from kisa.accounts.two_factor import HAS_DEVICE_KEY, has_confirmed_device
from kisa.core.audit import audit_event
from kisa.core.models import AuditEntry


@receiver(user_logged_in, dispatch_uid="kisa_audit_login")
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_event(
        actor=user,
        action=AuditEntry.Action.LOGIN,
        youth_office_id=youth_office_id_of(user),
        label=user.get_username(),
    )


@receiver(user_logged_in, dispatch_uid="kisa_second_factor_state")
def remember_second_factor_state(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Whether the user has a confirmed second factor, asked once at sign-in (the middleware reads it)."""
    if request is not None and hasattr(request, "session"):
        request.session[HAS_DEVICE_KEY] = has_confirmed_device(user)
        request.session[SIGNED_IN_AT_KEY] = int(time.time())


@receiver(user_logged_out, dispatch_uid="kisa_audit_logout")
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    audit_event(
        actor=user,
        action=AuditEntry.Action.LOGOUT,
        youth_office_id=youth_office_id_of(user),
        label=user.get_username(),
    )


@receiver(user_login_failed, dispatch_uid="kisa_audit_login_failed")
def audit_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """A failed sign-in of a known account is filed under that account's office; an unknown user name is
    not stored (people type passwords into the name field)."""
    username = str(credentials.get("username") or "")
    user = get_user_model().objects.filter(username=username).first() if username else None
    if user is None:
        audit_event(
            actor=None,
            action=AuditEntry.Action.LOGIN_FAILED,
            youth_office_id=None,
            label="unknown user name",
            actor_name="?",
        )
        return
    audit_event(
        actor=None,
        action=AuditEntry.Action.LOGIN_FAILED,
        youth_office_id=youth_office_id_of_user(user),
        label=user.get_username(),
        actor_name=user.get_username(),
        object_id=str(user.pk),
    )


def youth_office_id_of_user(user: Any) -> int | None:
    """The office of an account that is not signed in (membership_of needs an authenticated user)."""
    from kisa.accounts.models import Membership

    return Membership.objects.filter(user=user).values_list("youth_office_id", flat=True).first()
