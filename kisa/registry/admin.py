"""Django admin is for system administration only (offices, districts); the coordinator keeps the
registry in the KiSA UI, where the services enforce its rules."""

from django.contrib import admin

from kisa.core.admin import AuditedModelAdmin, ReadOnlyModelAdmin
from kisa.registry.models import District, MunicipalAssociation, Provider, YouthOffice


@admin.register(YouthOffice)
class YouthOfficeAdmin(AuditedModelAdmin):
    list_display = ["name", "district"]


@admin.register(District)
class DistrictAdmin(AuditedModelAdmin):
    list_display = ["name", "key"]


@admin.register(MunicipalAssociation)
class MunicipalAssociationAdmin(AuditedModelAdmin):
    list_display = ["name", "district"]


@admin.register(Provider)
class ProviderAdmin(ReadOnlyModelAdmin):
    """Read-only: listed so a provider membership can pick its provider."""

    list_display = ["name", "kind", "youth_office"]
    search_fields = ["name"]
