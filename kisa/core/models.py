"""What every app needs: timestamps, the tenant link, and the audit trail."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class TenantModel(TimeStampedModel):
    """A row of tenant data: it belongs to exactly one youth office."""

    youth_office = models.ForeignKey(
        "registry.YouthOffice", on_delete=models.PROTECT, related_name="+", verbose_name=_("youth office")
    )

    class Meta:
        abstract = True


# The actor name stored for changes made without a user (demo loader, imports from the command line).
SYSTEM_ACTOR = "system"


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry through the application."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Bulk changes are refused: the audit trail only grows (deletions happen, if ever, in the database
    by the operator, outside the application)."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The audit trail is append-only: entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit trail is append-only: entries cannot be deleted.")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AppendOnlyError("The audit trail is append-only: entries cannot be changed.")


class AuditEntry(models.Model):
    """One change to audited data: who, when, what, and the field values before and after.

    Written by service functions inside their transaction, so a change and its entry commit together.
    Append-only: `save()` on an existing entry, `delete()` and the queryset's bulk changes raise
    `AppendOnlyError`; the admin shows entries read-only.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        IMPORT = "import", _("imported")
        # Events that change nothing but must be traceable (SGB VIII § 61 ff.: who read or took social data).
        VIEW = "view", _("viewed")
        EXPORT = "export", _("exported")
        PURGE = "purge", _("removed by retention")
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        LOGOUT = "logout", _("signed out")
        DENIED = "denied", _("access refused")

    youth_office = models.ForeignKey(
        "registry.YouthOffice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("youth office"),
        help_text=_("Empty for shared reference data such as municipalities."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    actor_name = models.CharField(_("changed by (name)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    model_label = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["model_label", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The audit trail is append-only: entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("The audit trail is append-only: entries cannot be deleted.")

    @property
    def actor_label(self) -> str:
        """Who made the change as a reader sees it: the user name, or "System" for loaders and commands."""
        return str(_("System")) if self.actor_name == SYSTEM_ACTOR else self.actor_name


class IdempotencyRecord(models.Model):
    """The stored answer to a write sent with an `Idempotency-Key` header (kisa.core.faults).

    Written in the same transaction as the write itself: if the write committed but the answer was lost,
    the client's retry with the same key gets this answer instead of writing twice.
    """

    scope = models.CharField(max_length=200)
    key = models.CharField(max_length=100)
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100)
    body = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="idempotency_scope_key_unique")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
