"""factory_boy factories for territory and registry rows."""

import datetime as dt
from decimal import Decimal

import factory

from kisa.registry import models


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.District
        django_get_or_create = ("key",)

    # Land 99 does not exist, so generated keys never meet the real ones tests use (07137, 07131).
    key = factory.Sequence(lambda n: f"{99000 + n % 1000:05d}")
    name = factory.Sequence(lambda n: f"Landkreis {n}")


class MunicipalAssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MunicipalAssociation

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Verbandsgemeinde {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Municipality

    district = factory.SubFactory(DistrictFactory)
    # Real AGS in Mayen-Koblenz end at 504: numbers from 700 on never collide with them.
    ags = factory.LazyAttributeSequence(lambda o, n: f"{o.district.key}{700 + n % 300:03d}")
    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    kind = models.Municipality.Kind.LOCAL
    area_km2 = Decimal("10.00")
    area_date = dt.date(2021, 12, 31)
    population = 1000
    population_date = dt.date(2021, 12, 31)
    latitude = Decimal("50.30000")
    longitude = Decimal("7.30000")
    source = "Testdaten"


class YouthOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.YouthOffice

    name = factory.Sequence(lambda n: f"Kreisjugendamt {n}")
    district = factory.SubFactory(DistrictFactory)


class ResponsibilityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ResponsibilityArea

    youth_office = factory.SubFactory(YouthOfficeFactory)
    municipality = factory.SubFactory(
        MunicipalityFactory, district=factory.SelfAttribute("..youth_office.district")
    )
    valid_from = dt.date(2021, 1, 1)


class SocialAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SocialArea

    youth_office = factory.SubFactory(YouthOfficeFactory)
    name = factory.Sequence(lambda n: f"Sozialraum {n}")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Provider

    youth_office = factory.SubFactory(YouthOfficeFactory)
    name = factory.Sequence(lambda n: f"Träger {n}")
    kind = models.Provider.Kind.CHURCH


class KitaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Kita

    youth_office = factory.SubFactory(YouthOfficeFactory)
    number = factory.Sequence(lambda n: f"K{n:04d}")
    name = factory.Sequence(lambda n: f"Kita Sonnenschein {n}")
    municipality = factory.LazyAttribute(
        lambda o: ResponsibilityAreaFactory(youth_office=o.youth_office).municipality
    )
    provider = factory.SubFactory(ProviderFactory, youth_office=factory.SelfAttribute("..youth_office"))
    approved_places = 75
    latitude = Decimal("50.30100")
    longitude = Decimal("7.30100")


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StaffMember

    youth_office = factory.SubFactory(YouthOfficeFactory)
    first_name = factory.Sequence(lambda n: f"Vorname{n}")
    last_name = factory.Sequence(lambda n: f"Nachname{n}")
    function = models.StaffMember.Function.SOCIAL_WORKER
    employer = factory.SubFactory(ProviderFactory, youth_office=factory.SelfAttribute("..youth_office"))
    weekly_hours = Decimal("39.0")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Assignment

    youth_office = factory.SubFactory(YouthOfficeFactory)
    staff_member = factory.SubFactory(
        StaffMemberFactory, youth_office=factory.SelfAttribute("..youth_office")
    )
    kita = factory.SubFactory(KitaFactory, youth_office=factory.SelfAttribute("..youth_office"))
    weekdays = [1, 2]
    hours_per_week = Decimal("15.0")
    valid_from = dt.date(2024, 1, 1)
