"""The participation demo: items in every state across several Kitas, children's voice, idempotent."""

import io
from collections import Counter

from kisa.accounts.demo import load_accounts_demo
from kisa.accounts.models import User
from kisa.participation.demo import load_participation_demo
from kisa.participation.models import ChildVoiceEntry, FeedbackItem
from kisa.participation.selectors import feedback_list_visible_to
from kisa.registry.demo import load_registry_demo


def test_demo_covers_every_state_and_loads_once(db):
    registry = load_registry_demo(stdout=io.StringIO())
    load_accounts_demo(registry=registry, password="kisa-demo-2026")
    office = registry.youth_office

    written = load_participation_demo(youth_office=office)

    items = FeedbackItem.objects.filter(youth_office=office)
    assert written == items.count() >= 36
    assert set(Counter(items.values_list("status", flat=True))) == set(FeedbackItem.Status.values)
    assert items.values("kita").distinct().count() >= 4
    assert items.filter(escalated_at__isnull=False).exists()
    assert items.filter(child_protection=True).count() == 1
    assert len({item.language for item in items}) >= 6
    late = [item for item in items if item.answered_in_time is False]
    assert late
    assert ChildVoiceEntry.objects.filter(youth_office=office).count() == 16
    lead = User.objects.get(username="kitaleitung1")
    worker = User.objects.get(username="fachkraft1")
    assert feedback_list_visible_to(user=lead).count() >= 10
    assert feedback_list_visible_to(user=worker).exists()
    assert load_participation_demo(youth_office=office) == 0
    assert items.count() == written
