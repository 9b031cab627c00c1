"""Retention of activities: notes go after 24 months, activities after 120, legal holds stay."""

from __future__ import annotations

import datetime as dt

from kisa.core.retention import retention_rules
from kisa.documentation.models import Activity, Referral
from kisa.documentation.tests.factories import ActivityFactory

TODAY = dt.date(2026, 6, 15)


def _rule(record_type):
    return next(rule for rule in retention_rules() if rule.record_type == record_type)


def _run(rule, office):
    due = rule.find_due(youth_office=office, cutoff=rule.cutoff(today=TODAY))
    return rule.apply(records=due)


def test_rules_are_registered_in_settings():
    assert {r.record_type for r in retention_rules()} >= {
        "documentation.activity_note",
        "documentation.activity",
    }


def test_notes_older_than_24_months_are_emptied_and_nothing_else(world):
    old = ActivityFactory(
        worker=world.worker_a, date=dt.date(2024, 6, 1), note="alt", partner_names=["Caritas"]
    )
    recent = ActivityFactory(worker=world.worker_a, date=dt.date(2024, 7, 1), note="neu")
    held = ActivityFactory(worker=world.worker_a, date=dt.date(2020, 1, 1), note="Akte", legal_hold=True)
    foreign = ActivityFactory(worker=world.other_worker, date=dt.date(2020, 1, 1), note="fremd")

    assert _run(_rule("documentation.activity_note"), world.office) == 1

    old.refresh_from_db()
    assert (old.note, old.partner_names, old.duration_minutes) == ("", [], 45)
    assert old.anonymised_on is not None
    assert [Activity.objects.get(pk=a.pk).note for a in (recent, held, foreign)] == ["neu", "Akte", "fremd"]
    assert _run(_rule("documentation.activity_note"), world.office) == 0, "anonymised once"


def test_activities_older_than_120_months_are_deleted_with_their_referrals(world):
    old = ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], date=dt.date(2016, 5, 1))
    Referral.objects.create(youth_office=world.office, activity=old, category="debt_counselling")
    kept = ActivityFactory(worker=world.worker_a, date=dt.date(2016, 7, 1))
    held = ActivityFactory(worker=world.worker_a, date=dt.date(2010, 1, 1), legal_hold=True)

    assert _run(_rule("documentation.activity"), world.office) == 1

    assert set(Activity.objects.values_list("pk", flat=True)) == {kept.pk, held.pk}
    assert not Referral.objects.exists()
