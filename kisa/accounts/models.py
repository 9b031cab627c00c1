"""Users, their role in a youth office, and API tokens."""

from __future__ import annotations

import hashlib
from typing import Any

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from kisa.core.models import TenantModel


class User(AbstractUser):
    """A person who logs in. What they may see comes from their `membership`."""

    session_generation = models.PositiveIntegerField(
        _("session generation"),
        default=0,
        editable=False,
        help_text=_("Raised by “log out everywhere” and deactivation: every older session ends."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django ties sessions to the password hash; KiSA also to the session generation.

        Raising `session_generation` (kisa.accounts.services.user_log_out_everywhere) thus ends every
        session of the user on every device, as a password change does, without changing the password.
        """
        key_salt = "kisa.accounts.models.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_generation}", secret=secret, algorithm="sha256"
        ).hexdigest()

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """KiSA's own permissions follow the role, for superusers too.

        A superuser administers the installation (Django admin); Django would grant them every
        permission, including reading another office's data or, later, case content (DOMAIN.md §1).
        Django's model permissions, which the admin asks for, keep the superuser shortcut.
        """
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    SOCIAL_WORKER = "social_worker", _("Kita social worker")
    KITA_LEAD = "kita_lead", _("Kita leadership")
    PROVIDER = "provider", _("Provider")
    READ_ONLY = "read_only", _("Read-only (office leadership / youth-welfare committee)")
    ADMIN = "admin", _("System administrator")


class Membership(TenantModel):
    """A user's place in one youth office: the role, and for Kita leadership and providers their scope."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    provider = models.ForeignKey(
        "registry.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("provider"),
        help_text=_("For the provider role: the provider whose Kitas and staff the user sees."),
    )
    kitas = models.ManyToManyField(
        "registry.Kita",
        blank=True,
        related_name="lead_memberships",
        verbose_name=_("Kitas"),
        help_text=_("For Kita leadership: the Kitas the user leads."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="provider") | models.Q(provider__isnull=False),
                name="membership_provider_role_has_provider",
                violation_error_message=_("A provider membership needs a provider."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 hash is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, help_text=_("First characters, to recognise it."))
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def touch(self) -> None:
        """Record use at most once a minute, so reads do not turn into a write per request."""
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(TenantModel):
    """An invitation to join a youth office in a role: a one-time, expiring link, sent by e-mail, where the
    person chooses their own password. Only the link token's SHA-256 hash is stored."""

    email = models.EmailField(_("e-mail address"))
    username = models.CharField(_("user name"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    provider = models.ForeignKey(
        "registry.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider"),
    )
    kitas = models.ManyToManyField("registry.Kita", blank=True, related_name="+", verbose_name=_("Kitas"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.username} <{self.email}>"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
