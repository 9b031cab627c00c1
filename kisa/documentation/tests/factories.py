"""Factories of the documentation app (activities are made directly; the services are tested themselves)."""

from __future__ import annotations

import datetime as dt
import itertools

import factory

from kisa.cases.models import Case
from kisa.cases.tests.factories import CaseFactory
from kisa.documentation.models import Activity, ActivityType, Dimension, Topic

_codes = itertools.count(1)


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityType
        django_get_or_create = ("youth_office", "dimension", "name")

    dimension = Dimension.CASE
    name = "Beratung"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("youth_office", "name")

    name = "Wohnen"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    youth_office = factory.SelfAttribute("worker.youth_office")
    date = dt.date(2025, 3, 4)
    duration_minutes = 45
    dimension = Dimension.CASE
    activity_type = factory.LazyAttribute(
        lambda o: ActivityTypeFactory(
            youth_office=o.youth_office, dimension=o.dimension, name=f"Typ {o.dimension}"
        )
    )

    @factory.post_generation
    def kitas(self, create, extracted, **kwargs):
        if create and extracted:
            self.kitas.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


def make_case(*, worker, kita, deputy=None, status=Case.Status.OPEN) -> Case:
    closed = status == Case.Status.CLOSED
    return CaseFactory(
        code=f"F-{next(_codes):04d}",
        kita=kita,
        responsible=worker,
        deputy=deputy,
        status=status,
        opened_on=dt.date(2024, 1, 1),
        closed_on=dt.date(2024, 6, 30) if closed else None,
    )
