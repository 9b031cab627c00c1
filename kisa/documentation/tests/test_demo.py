"""The demo year of activities: plausible, valid by the service's rules, and loaded once."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

from kisa.documentation.demo import PER_WORKER_PER_YEAR, load_documentation_demo
from kisa.documentation.models import Activity, Dimension


def test_demo_year_follows_the_assignments_and_seasons_and_loads_once(world):
    registry = SimpleNamespace(youth_office=world.office, social_workers=[world.worker_a, world.worker_b])

    created = load_documentation_demo(registry=registry)

    assert abs(created - 2 * PER_WORKER_PER_YEAR) < 60
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
