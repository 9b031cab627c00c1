from typing import Any

from django.contrib import admin
from django.db import transaction

from kisa.core.audit import audit_record, diff, snapshot
from kisa.core.models import AuditEntry


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin changes land in the audit trail like every service write.

    The admin saves through its forms, so the before/after snapshot is taken here rather than in a service.
    """

    def audit_office_id(self, obj: Any) -> int | None:
        """The office whose auditors see the entry; None: the record's own office, if it has one."""
        return None

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
                instance=obj,
                changes=diff(before, snapshot(obj)),
                youth_office_id=self.audit_office_id(obj),
            )

    def delete_model(self, request: Any, obj: Any) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=AuditEntry.Action.DELETE,
                instance=obj,
                changes=snapshot(obj),
                youth_office_id=self.audit_office_id(obj),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Visible in the admin (e.g. for autocomplete), changed only where its own rules live."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    """The audit trail is append-only from the application's side."""

    list_display = ["created_at", "actor_name", "action", "model_label", "object_repr"]
    list_filter = ["action", "model_label"]
