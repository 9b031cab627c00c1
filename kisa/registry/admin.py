"""Django admin is for system administration only; the coordinator works in the KiSA UI."""

from django.contrib import admin

from kisa.registry.models import District, MunicipalAssociation, Provider, YouthOffice


@admin.register(YouthOffice)
class YouthOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "key"]


@admin.register(MunicipalAssociation)
class MunicipalAssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "youth_office"]
    search_fields = ["name"]
