"""Demo activities: the Mayen-Koblenz demo workers' documentation of last year and this year to date
(~28,000 entries), so last year's annual report and plans are complete and this year is under way.

Each worker documents on the weekdays of their assignments (at that day's Kita), about 375 entries a
year, fewer in the August closing weeks and between Christmas and Epiphany. The mix per dimension follows
the Fachkonzept: mostly case-specific contacts, group offers (fewer in summer), network work, work with
the Kita team and organisation. Deterministic (seeded random, ending yesterday) and idempotent (skips
when the demo workers have activities).

Bulk-created, not through `activity_create`: 28,000 audited service calls would take minutes, and the
demo's rows are valid by construction (assigned Kita on an assignment weekday, types of the dimension).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from django.db.models import Q
from django.utils import timezone

from kisa.cases.models import Case
from kisa.directory.categories import ServiceCategory
from kisa.directory.models import Service
from kisa.documentation import services
from kisa.documentation.models import Activity, ActivityType, Dimension, Language, Referral, Topic
from kisa.registry.models import Assignment

PER_WORKER_PER_YEAR = 375
SEED = 2026

DIMENSION_WEIGHTS = {
    Dimension.CASE: 42,
    Dimension.CROSS_CASE: 14,
    Dimension.NON_CASE: 18,
    Dimension.KITA_STAFF: 14,
    Dimension.ORGANISATION: 12,
}
DURATIONS = {  # minutes: (shortest, longest), in steps of 15
    Dimension.CASE: (15, 90),
    Dimension.CROSS_CASE: (60, 150),
    Dimension.NON_CASE: (45, 120),
    Dimension.KITA_STAFF: (30, 90),
    Dimension.ORGANISATION: (30, 120),
}
TARGET_GROUPS = {
    Dimension.CASE: [["parents"], ["families"], ["parents", "children"]],
    Dimension.CROSS_CASE: [["parents", "children"], ["families"], ["parents"]],
    Dimension.NON_CASE: [["institutions"]],
    Dimension.KITA_STAFF: [["kita_staff"]],
    Dimension.ORGANISATION: [[]],
}
LANGUAGES = [Language.GERMAN] * 16 + [Language.ARABIC, Language.TURKISH, Language.UKRAINIAN, Language.RUSSIAN]
PARTNERS = [
    "Erziehungsberatungsstelle",
    "Frühe Hilfen",
    "Schuldnerberatung",
    "Grundschule",
    "Kinderarztpraxis",
]


def _season(day: dt.date) -> float:
    """How much work a day carries: Kitas close for weeks in August and around Christmas."""
    if day.month == 8:
        return 0.3
    if (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 6):
        return 0.15
    if day.month == 7:
        return 0.8
    return 1.0


def load_documentation_demo(*, registry: Any, stdout: Any = None) -> int:
    """Add the demo activities from 1 January of last year until yesterday; returns how many were created
    (0 when they exist)."""
    office = registry.youth_office
    workers = registry.social_workers
    services.catalogue_ensure_defaults(youth_office=office)
    if Activity.objects.filter(worker__in=workers).exists():
        link_demo_cases_and_offers(youth_office=office, workers=workers, stdout=stdout)
        return 0
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    end = timezone.localdate() - dt.timedelta(days=1)
    start = dt.date(end.year - 1, 1, 1)
    types = {d: list(ActivityType.objects.filter(youth_office=office, dimension=d)) for d in Dimension.values}
    topics = list(Topic.objects.filter(youth_office=office))
    assignments = list(Assignment.objects.filter(staff_member__in=workers).select_related("kita"))
    activities: list[Activity] = []
    kita_of: list[int | None] = []
    topics_of: list[list[Topic]] = []
    referrals_of: list[str | None] = []
    for worker in workers:
        own = [a for a in assignments if a.staff_member_id == worker.pk]
        days = []
        day = start
        while day <= end:
            present = [
                a
                for a in own
                if day.isoweekday() in a.weekdays
                and a.valid_from <= day
                and (a.valid_to is None or a.valid_to >= day)
            ]
            if present:
                days.append((day, present))
            day += dt.timedelta(days=1)
        weight = sum(_season(d) for d, _ in days) or 1
        rate = PER_WORKER_PER_YEAR * ((end - start).days + 1) / 365 / weight
        for day, present in days:
            expected = rate * _season(day)
            count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
            for _ in range(count):
                dimension = rng.choices(list(DIMENSION_WEIGHTS), weights=list(DIMENSION_WEIGHTS.values()))[0]
                if dimension == Dimension.CROSS_CASE and day.month in (7, 8) and rng.random() < 0.5:
                    dimension = Dimension.CASE
                shortest, longest = DURATIONS[dimension]
                language = (
                    rng.choice(LANGUAGES) if dimension in (Dimension.CASE, Dimension.CROSS_CASE) else "de"
                )
                group = dimension == Dimension.CROSS_CASE
                activities.append(
                    Activity(
                        youth_office=office,
                        client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        worker=worker,
                        date=day,
                        start_time=dt.time(rng.randint(8, 15), rng.choice((0, 15, 30, 45))),
                        duration_minutes=rng.randrange(shortest, longest + 1, 15),
                        travel_minutes=rng.choice((None, None, 10, 20, 30)),
                        dimension=dimension,
                        activity_type=rng.choice(types[dimension]),
                        target_groups=rng.choice(TARGET_GROUPS[dimension]),
                        adults=rng.randint(4, 15)
                        if group
                        else (rng.randint(1, 2) if dimension == Dimension.CASE else 0),
                        children=rng.randint(0, 12) if group else 0,
                        professionals=rng.randint(2, 10)
                        if dimension in (Dimension.NON_CASE, Dimension.KITA_STAFF)
                        else 0,
                        language=language,
                        interpreter_needed=language != "de" and rng.random() < 0.3,
                        partner_names=[rng.choice(PARTNERS)] if dimension == Dimension.NON_CASE else [],
                    )
                )
                kita_of.append(None if dimension == Dimension.ORGANISATION else rng.choice(present).kita_id)
                topics_of.append(
                    rng.sample(topics, rng.randint(1, 2))
                    if dimension in (Dimension.CASE, Dimension.CROSS_CASE)
                    else []
                )
                referrals_of.append(
                    rng.choice(ServiceCategory.values)
                    if dimension == Dimension.CASE and rng.random() < 0.15
                    else None
                )
    Activity.objects.bulk_create(activities, batch_size=2000)
    Activity.kitas.through.objects.bulk_create(
        (
            Activity.kitas.through(activity_id=a.pk, kita_id=k)
            for a, k in zip(activities, kita_of, strict=True)
            if k is not None
        ),
        batch_size=5000,
    )
    Activity.topics.through.objects.bulk_create(
        (
            Activity.topics.through(activity_id=a.pk, topic_id=t.pk)
            for a, ts in zip(activities, topics_of, strict=True)
            for t in ts
        ),
        batch_size=5000,
    )
    Referral.objects.bulk_create(
        (
            Referral(youth_office=office, activity=a, category=c)
            for a, c in zip(activities, referrals_of, strict=True)
            if c is not None
        ),
        batch_size=5000,
    )
    services.figures_rebuild(youth_office=office)
    if stdout is not None:
        stdout.write(f"Documentation: {len(activities)} activities of {start:%d.%m.%Y}–{end:%d.%m.%Y}.\n")
    link_demo_cases_and_offers(youth_office=office, workers=workers, stdout=stdout)
    return len(activities)


CASE_LINK_SHARE = 0.3  # of the case-specific entries inside one of the worker's cases' open period
OFFER_SHARE = 0.6  # of the referrals whose kind of offer the demo directory has


def link_demo_cases_and_offers(*, youth_office: Any, workers: Any, stdout: Any = None) -> tuple[int, int]:
    """Link some case-specific demo activities to the demo cases of their worker (responsible or deputy,
    dated while the case was open) and point referrals to demo offers of their kind; each part once
    (skipped when the workers' activities already have case links, or the referrals offers).

    Runs after the cases and directory steps; without demo cases or offers it links nothing.
    """
    rng = random.Random(SEED + 1)  # noqa: S311 - reproducible demo data, not security
    own = Activity.objects.filter(worker__in=workers)
    linked_cases = linked_offers = 0
    if not own.filter(case__isnull=False).exists():
        cases = list(
            Case.objects.filter(youth_office=youth_office).filter(
                Q(responsible__in=workers) | Q(deputy__in=workers)
            )
        )
        changed = []
        for activity in own.filter(dimension=Dimension.CASE).only("pk", "worker_id", "date").order_by("pk"):
            fitting = [
                case
                for case in cases
                if activity.worker_id in (case.responsible_id, case.deputy_id)
                and case.opened_on <= activity.date
                and (case.closed_on is None or activity.date <= case.closed_on)
            ]
            if fitting and rng.random() < CASE_LINK_SHARE:
                activity.case = rng.choice(fitting)
                changed.append(activity)
        Activity.objects.bulk_update(changed, ["case"], batch_size=1000)
        linked_cases = len(changed)
    referrals = Referral.objects.filter(activity__in=own)
    if not referrals.filter(service__isnull=False).exists():
        offers: dict[str, list[Service]] = {}
        for offer in Service.objects.filter(youth_office=youth_office, is_active=True).order_by("pk"):
            for category in offer.categories:
                offers.setdefault(category, []).append(offer)
        chosen = []
        for referral in referrals.only("pk", "category").order_by("pk"):
            if offers.get(referral.category) and rng.random() < OFFER_SHARE:
                referral.service = rng.choice(offers[referral.category])
                chosen.append(referral)
        Referral.objects.bulk_update(chosen, ["service"], batch_size=1000)
        linked_offers = len(chosen)
    if stdout is not None and (linked_cases or linked_offers):
        stdout.write(
            f"Documentation: {linked_cases} activities linked to demo cases, "
            f"{linked_offers} referrals to demo offers.\n"
        )
    return linked_cases, linked_offers
