"""Account writes: users with their membership, and API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from kisa.accounts.models import ApiToken, Invitation, Membership, Role, User, hash_token
from kisa.core.audit import audit_record, snapshot
from kisa.core.models import AuditEntry

TOKEN_PREFIX = "kisa_"  # noqa: S105 - a public marker, not a secret


@transaction.atomic
def user_create_with_membership(
    *,
    username: str,
    password: str,
    role: str,
    youth_office: Any,
    provider: Any = None,
    kitas: Iterable[Any] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
    first_name: str = "",
    last_name: str = "",
    skip_password_validation: bool = False,
    password_hash: str = "",
    actor: Any = None,
) -> User:
    """Create a user with their role in a youth office.

    `password` is checked with Django's password validators unless `skip_password_validation`. Hashing is
    slow by design (about half a second); loaders giving many accounts one password hash it once and pass
    `password_hash=make_password(password)`. The membership (with its Kitas) is audited; the password
    never appears in the audit trail. An existing username is refused: this never takes over an account.
    """
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("A user with this name already exists.")})
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if not skip_password_validation:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from error
    user.password = password_hash or make_password(password)
    user.full_clean()
    user.save()
    membership = Membership(user=user, youth_office=youth_office, role=role, provider=provider)
    membership.full_clean()
    membership.save()
    membership.kitas.set(kitas)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=membership,
        changes={**snapshot(membership), "kitas": sorted(str(kita) for kita in membership.kitas.all())},
    )
    return user


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`. Returns the record and the raw token, which is shown once and not stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. where it is used.")})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=raw[:12], key_hash=hash_token(raw))
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# --- Sessions, deactivation ----------------------------------------------------------------------------


@transaction.atomic
def user_log_out_everywhere(*, user: User) -> User:
    """End every session of `user` on every device (the session hash includes `session_generation`)."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user: User) -> User:
    """Deactivate an account, keeping its history: nothing is deleted (records, audit entries, memberships
    stay), sign-in is refused, every session ends and every API token is revoked."""
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError({"user": _("You cannot deactivate your own account.")})
    if not user.is_active:
        return user
    user.is_active = False
    user.session_generation += 1
    user.save(update_fields=["is_active", "session_generation"])
    for token in user.api_tokens.active():
        api_token_revoke(token=token)
    Invitation.objects.filter(user=user).update(revoked_at=timezone.now())
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=user,
        changes={"is_active": [True, False]},
        youth_office_id=_office_id(user),
    )
    return user


@transaction.atomic
def user_reactivate(*, actor: Any, user: User) -> User:
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=user,
        changes={"is_active": [False, True]},
        youth_office_id=_office_id(user),
    )
    return user


@transaction.atomic
def user_unlock(*, actor: Any, user: User) -> int:
    """Lift a login lockout of the account before its cool-off ends (after checking who asks)."""
    from axes.utils import reset

    removed = int(reset(username=user.get_username()) or 0)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=user,
        changes={"login_lockout": ["locked", "unlocked"]},
        youth_office_id=_office_id(user),
    )
    return removed


@transaction.atomic
def user_reset_two_factor(*, actor: Any, user: User) -> None:
    """Remove the user's authenticator and recovery codes (lost phone): they set up a new one at the next
    sign-in. All their sessions end."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    user_log_out_everywhere(user=user)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=user,
        changes={"two_factor": ["set up", "reset"]},
        youth_office_id=_office_id(user),
    )


def _office_id(user: User) -> int | None:
    return Membership.objects.filter(user=user).values_list("youth_office_id", flat=True).first()


# --- Invitations -----------------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *,
    actor: Any,
    youth_office: Any,
    email: str,
    username: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    provider: Any = None,
    kitas: Iterable[Any] = (),
) -> tuple[Invitation, str]:
    """Invite a person into the office in `role`. Returns the invitation and the raw link token, which is
    e-mailed once (`invitation_send`) and never stored (only its hash)."""
    if (
        User.objects.filter(username=username).exists()
        or Invitation.objects.open().filter(username=username).exists()
    ):
        raise ValidationError({"username": _("A user with this name already exists.")})
    if role == Role.PROVIDER and provider is None:
        raise ValidationError({"provider": _("A provider membership needs a provider.")})
    raw = secrets.token_urlsafe(32)
    invitation = Invitation(
        youth_office=youth_office,
        email=email,
        username=username,
        first_name=first_name,
        last_name=last_name,
        role=role,
        provider=provider if role == Role.PROVIDER else None,
        token_hash=hash_token(raw),
        invited_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_at=timezone.now() + dt.timedelta(hours=settings.KISA_INVITATION_VALID_HOURS),
    )
    invitation.full_clean()
    invitation.save()
    if role == Role.KITA_LEAD:
        invitation.kitas.set(kitas)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=invitation,
        changes={"username": username, "email": email, "role": role},
    )
    return invitation, raw


def invitation_send(*, invitation: Invitation, accept_url: str) -> None:
    """E-mail the one-time link. The message holds no password: the person chooses it."""
    subject = _("Your invitation to KiSA")
    body = _(
        "Hello,\n\nyou have been invited to KiSA (%(office)s) as %(role)s with the user name "
        "“%(username)s”.\n\nChoose your password here (the link works once, until %(until)s):\n%(url)s\n\n"
        "If you did not expect this invitation, ignore this e-mail."
    ) % {
        "office": invitation.youth_office,
        "role": invitation.get_role_display(),
        "username": invitation.username,
        "until": timezone.localtime(invitation.expires_at).strftime("%d.%m.%Y %H:%M"),
        "url": accept_url,
    }
    send_mail(subject, body, None, [invitation.email])


def invitation_for_token(raw_token: str) -> Invitation | None:
    """The open invitation this link token belongs to, or None (unknown, used, revoked or expired)."""
    return Invitation.objects.open().filter(token_hash=hash_token(raw_token)).first()


@transaction.atomic
def invitation_accept(*, raw_token: str, password: str) -> User:
    """Create the invited account with the password its owner chose; the link is then used up."""
    invitation = (
        Invitation.objects.open().select_for_update().filter(token_hash=hash_token(raw_token)).first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation link is invalid, used or expired."))
    user = user_create_with_membership(
        username=invitation.username,
        password=password,
        role=invitation.role,
        youth_office=invitation.youth_office,
        provider=invitation.provider,
        kitas=list(invitation.kitas.all()),
        first_name=invitation.first_name,
        last_name=invitation.last_name,
        actor=invitation.invited_by,
        # Like the first administrator: the admin role works in Django admin (staff, superuser).
        is_staff=invitation.role == Role.ADMIN,
        is_superuser=invitation.role == Role.ADMIN,
    )
    user.email = invitation.email
    user.save(update_fields=["email"])
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    return user


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, instance=invitation, changes={"revoked": True}
        )
    return invitation
