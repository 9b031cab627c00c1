"""factory_boy factories for feedback and children's voice (saved directly: tests arrange state)."""

import datetime as dt

import factory
from django.utils import timezone

from kisa.participation import models
from kisa.participation.services import hash_receipt_code


class FeedbackItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FeedbackItem

    youth_office = factory.LazyAttribute(lambda o: o.kita.youth_office)
    kind = models.FeedbackItem.Kind.COMPLAINT
    topic = models.FeedbackItem.Topic.FOOD
    message = "Das Essen ist oft kalt."
    receipt_code_hash = factory.Sequence(lambda n: hash_receipt_code(f"TEST{n:08d}"))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))


class ChildVoiceEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ChildVoiceEntry

    youth_office = factory.LazyAttribute(lambda o: o.kita.youth_office)
    category = models.ChildVoiceEntry.Category.PLAY
    words = "Ich will mehr draußen spielen."
    age_band = models.ChildVoiceEntry.AgeBand.AGE_5_6
    source = models.ChildVoiceEntry.Source.CONFERENCE
    recorded_on = factory.LazyFunction(timezone.localdate)
