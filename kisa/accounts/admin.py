from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kisa.accounts.models import ApiToken, Membership, User
from kisa.accounts.services import api_token_revoke
from kisa.core.admin import AuditedModelAdmin
from kisa.core.audit import audit_record, snapshot
from kisa.core.models import AuditEntry


class MembershipInline(admin.StackedInline):
    model = Membership
    filter_horizontal = ["kitas"]
    autocomplete_fields = ["provider"]


@admin.register(User)
class KisaUserAdmin(AuditedModelAdmin, UserAdmin):
    """Users and their role. Role changes decide what a person may see, so they are audited."""

    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active", "membership__role"]

    def audit_office_id(self, obj: Any) -> int | None:
        return Membership.objects.filter(user=obj).values_list("youth_office_id", flat=True).first()

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        """Accounts are deactivated, never deleted: their history (audit trail, records) stays attributable."""
        return False

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            for membership in formset.new_objects + [obj for obj, _fields in formset.changed_objects]:
                audit_record(
                    actor=request.user,
                    action=AuditEntry.Action.UPDATE,
                    instance=membership,
                    changes={**snapshot(membership), "kitas": [str(k) for k in membership.kitas.all()]},
                    youth_office_id=membership.youth_office_id,
                )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owners (UI, API, command); the admin can only revoke them, through
    the same service as the owner's revoke button (a revoked token never comes back)."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = readonly_fields
    actions = ["revoke"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Revoke selected tokens"), permissions=["change"])
    def revoke(self, request: Any, queryset: Any) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token)
