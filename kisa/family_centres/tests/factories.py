"""Factories of the family-centre app."""

from __future__ import annotations

import factory

from kisa.family_centres.models import Area, Criterion, Rating, SelfAssessment


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    area = Area.COUNSELLING
    level = Criterion.Level.BASIC
    text = factory.Sequence(lambda n: f"Die Kita bietet regelmäßige Sprechstunden an ({n}).")


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    youth_office = factory.SelfAttribute("kita.youth_office")
    year = 2025


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    fulfilment = Rating.Fulfilment.FULFILLED
