"""Account writes: users with their membership, and API tokens."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kisa.accounts.models import ApiToken, Membership, User, hash_token
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
