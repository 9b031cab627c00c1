"""Users, their role in a youth office, and API tokens."""

from __future__ import annotations

import hashlib
from typing import Any

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kisa.core.models import TenantModel


class User(AbstractUser):
    """A person who logs in. What they may see comes from their `membership`."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

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
