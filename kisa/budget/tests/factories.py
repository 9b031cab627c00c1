"""factory_boy factories for budget rows."""

import datetime as dt
from decimal import Decimal

import factory

from kisa.budget import models
from kisa.registry.tests.factories import KitaFactory, StaffMemberFactory, YouthOfficeFactory


class AllocationSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AllocationScheme

    youth_office = factory.SubFactory(YouthOfficeFactory)
    name = factory.Sequence(lambda n: f"Konzept {n}")
    base_share_percent = Decimal("50.00")
    weight_places = Decimal("1")
    weight_children_under_7 = Decimal("0")
    weight_social_index = Decimal("0")


class BudgetYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BudgetYear

    youth_office = factory.SubFactory(YouthOfficeFactory)
    year = 2025
    land_share = Decimal("60000.00")
    office_share = Decimal("40000.00")
    central_reserve = Decimal("0.00")
    scheme = factory.SubFactory(AllocationSchemeFactory, youth_office=factory.SelfAttribute("..youth_office"))


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Allocation

    youth_office = factory.SelfAttribute("budget_year.youth_office")
    budget_year = factory.SubFactory(BudgetYearFactory)
    kita = factory.SubFactory(KitaFactory, youth_office=factory.SelfAttribute("..budget_year.youth_office"))
    base_amount = Decimal("1000.00")
    social_amount = Decimal("500.00")


class StaffPositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StaffPosition

    youth_office = factory.SelfAttribute("budget_year.youth_office")
    budget_year = factory.SubFactory(BudgetYearFactory)
    staff_member = factory.SubFactory(
        StaffMemberFactory, youth_office=factory.SelfAttribute("..budget_year.youth_office")
    )
    employer = factory.SelfAttribute("staff_member.employer")
    weekly_hours = Decimal("39.0")
    annual_costs = Decimal("70000.00")


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Booking

    youth_office = factory.SelfAttribute("budget_year.youth_office")
    budget_year = factory.SubFactory(BudgetYearFactory)
    date = factory.LazyAttribute(lambda o: dt.date(o.budget_year.year, 3, 15))
    amount = Decimal("100.00")
    category = models.Booking.Category.MATERIAL
    description = factory.Sequence(lambda n: f"Material {n}")
    receipt_number = factory.Sequence(lambda n: f"R-{n:05d}")


class MaterialCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MaterialCost

    youth_office = factory.SelfAttribute("budget_year.youth_office")
    budget_year = factory.SubFactory(BudgetYearFactory)
    kita = None
    description = factory.Sequence(lambda n: f"Sachkosten {n}")
    amount = Decimal("500.00")
