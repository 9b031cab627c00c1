"""The demo activities (last year and this year to date): plausible, valid by the service's rules, and loaded once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from types import SimpleNamespace

from django.utils import timezone

from kisa.documentation.demo import PER_WORKER_PER_YEAR, load_documentation_demo
from kisa.documentation.models import Activity, Dimension


def test_demo_year_follows_the_assignments_and_seasons_and_loads_once(world):
    registry = SimpleNamespace(youth_office=world.office, social_workers=[world.worker_a, world.worker_b])

    created = load_documentation_demo(registry=registry)

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    days = (yesterday - dt.date(yesterday.year - 1, 1, 1)).days + 1
    assert abs(created - 2 * PER_WORKER_PER_YEAR * days / 365) < 80, "last year and this year to date"
    assert Activity.objects.filter(date__year=yesterday.year - 1).count() > 1.6 * PER_WORKER_PER_YEAR
    assert load_documentation_demo(registry=registry) == 0
    assert Activity.objects.count() == created
    for activity in Activity.objects.prefetch_related("kitas").select_related("activity_type")[:300]:
        assert activity.date.isoweekday() in (1, 2), "on the assignment's weekdays (Monday, Tuesday)"
        assert activity.activity_type.dimension == activity.dimension
        assert 1 <= activity.duration_minutes <= 720
        expected = [] if activity.dimension == Dimension.ORGANISATION else [world.kita_a.pk, world.kita_b.pk]
        assert {k.pk for k in activity.kitas.all()} <= set(expected)
    per_month = Counter(d.month for d in Activity.objects.values_list("date", flat=True))
    assert per_month[8] < per_month[3] / 2, "Kitas close in August"
    mix = Counter(Activity.objects.values_list("dimension", flat=True))
    assert mix.most_common(1)[0][0] == Dimension.CASE
    assert set(mix) == set(Dimension.values)


def test_demo_links_activities_to_their_workers_cases_and_referrals_to_offers_of_their_kind(world):
    from kisa.directory.tests.factories import ServiceFactory
    from kisa.documentation.models import Referral
    from kisa.documentation.tests.factories import make_case

    case = make_case(worker=world.worker_a, kita=world.kita_a)
    case.opened_on = dt.date(2000, 1, 1)
    case.save()
    foreign = make_case(worker=world.other_worker, kita=world.other_kita)
    offers = {
        category: ServiceFactory(youth_office=world.office, categories=[category])
        for category in ("debt_counselling", "parenting_counselling", "health")
    }
    registry = SimpleNamespace(youth_office=world.office, social_workers=[world.worker_a, world.worker_b])

    load_documentation_demo(registry=registry)

    linked = Activity.objects.filter(case__isnull=False)
    assert linked.exists()
    assert set(linked.values_list("case", "worker", "dimension").distinct()) == {
        (case.pk, world.worker_a.pk, Dimension.CASE)
    }
    assert not Activity.objects.filter(case=foreign).exists()
    with_offer = Referral.objects.filter(service__isnull=False).select_related("service")
    assert with_offer.exists()
    assert all(r.category in r.service.categories for r in with_offer)
    assert {r.service_id for r in with_offer} <= {o.pk for o in offers.values()}
    before = (linked.count(), with_offer.count())
    assert load_documentation_demo(registry=registry) == 0
    assert (linked.count(), with_offer.count()) == before
