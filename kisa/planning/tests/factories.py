"""Factories of the planning app (rows are made directly; the services are tested themselves)."""

from __future__ import annotations

import datetime as dt

import factory

from kisa.documentation.models import Dimension, TargetGroup
from kisa.planning.models import CatalogueGoal, Goal, Plan, Project


class CatalogueGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogueGoal
        django_get_or_create = ("youth_office", "title")

    level = CatalogueGoal.Level.FINE
    audience = CatalogueGoal.Audience.FAMILIES
    title = factory.Sequence(lambda n: f"Familien vernetzen sich untereinander ({n})")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    youth_office = factory.SelfAttribute("kita.youth_office")
    year = 2026
    starts_on = factory.LazyAttribute(lambda o: dt.date(o.year, 1, 1))
    ends_on = factory.LazyAttribute(lambda o: dt.date(o.year, 12, 31))


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal
        skip_postgeneration_save = True

    youth_office = factory.SelfAttribute("plan.youth_office")
    title = "Eltern lernen sich im Elterncafé kennen"
    target_group = TargetGroup.PARENTS
    indicator = "Familien, die mindestens zweimal am Elterncafé teilnehmen"
    indicator_source = Goal.IndicatorSource.MANUAL
    baseline = 0
    target_value = 12
    target_date = factory.LazyAttribute(lambda o: o.plan.ends_on)
    level_minus_2 = "keine Familie"
    level_minus_1 = "1–5 Familien"
    level_0 = "6–12 Familien"
    level_plus_1 = "13–20 Familien"
    level_plus_2 = "mehr als 20 Familien"

    @factory.post_generation
    def catalogue_goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.catalogue_goals.set(extracted)

    @factory.post_generation
    def findings(self, create, extracted, **kwargs):
        if create and extracted:
            self.findings.set(extracted)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    youth_office = factory.SelfAttribute("plan.youth_office")
    title = "Elterncafé am Freitag"
    dimension = Dimension.CROSS_CASE
    starts_on = factory.LazyAttribute(lambda o: o.plan.starts_on)
    ends_on = factory.LazyAttribute(lambda o: o.plan.ends_on)
    planned_hours = 40

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.goals.set(extracted)
