"""factory_boy factories for cases and consents (bypassing the services, for arranging test data)."""

import datetime as dt

import factory

from kisa.cases import models
from kisa.directory.categories import ServiceCategory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Case

    youth_office = factory.SelfAttribute("kita.youth_office")
    opened_on = dt.date(2025, 3, 1)
    number_of_children = 2
    age_bands = ["3_5"]
    family_language = "de"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Consent

    youth_office = factory.SelfAttribute("case.youth_office")
    kind = models.Consent.Kind.RELEASE
    recipient_category = ServiceCategory.PARENTING_COUNSELLING
    data_scope = "Kontaktdaten"
    form = models.Consent.Form.WRITTEN
    given_on = dt.date(2025, 3, 10)
