"""Factories for directory rows (factory-boy); pass `youth_office` for office data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from kisa.directory import models


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organization

    name = factory.Sequence(lambda n: f"Beratungsstelle {n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Location

    organization = factory.SubFactory(
        OrganizationFactory, youth_office=factory.SelfAttribute("..youth_office")
    )
    name = factory.Sequence(lambda n: f"Standort {n}")
    street = "Marktstraße 1"
    postal_code = "56727"
    city = "Mayen"
    # Mayen's centre: next to the synthetic feed's Mayen stop.
    latitude = Decimal("50.32900")
    longitude = Decimal("7.22300")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Service

    location = factory.SubFactory(LocationFactory, youth_office=factory.SelfAttribute("..youth_office"))
    organization = factory.SelfAttribute("location.organization")
    name = factory.Sequence(lambda n: f"Angebot {n}")
    categories = factory.LazyFunction(lambda: ["parenting_counselling"])
    languages = factory.LazyFunction(lambda: ["de"])
    last_verified = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))
