from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from kisa.accounts.models import ApiToken, Membership, User


class MembershipInline(admin.StackedInline):
    model = Membership
    filter_horizontal = ["kitas"]
    autocomplete_fields = ["provider"]


@admin.register(User)
class KisaUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active", "membership__role"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
