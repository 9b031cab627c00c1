"""The monthly figures the services keep always equal a direct count of the stored activities."""

from __future__ import annotations

import datetime as dt

from kisa.documentation import services
from kisa.documentation.models import Activity, ActivityFigure, Dimension
from kisa.documentation.retention import retention_rules
from kisa.documentation.selectors import _GROUP_FIELDS, GROUP_BY, _figures, _office_figures
from kisa.documentation.tests.conftest import entry_data


def _direct(world, group_by, year):
    key = _GROUP_FIELDS[group_by]
    qs = Activity.objects.filter(youth_office=world.office, date__year=year)
    if key in {"kitas", "topics"}:
        qs = qs.filter(**{f"{key}__isnull": False})
    return sorted((row[key], row["n"], row["minutes"], row["adults_sum"]) for row in _figures(qs, key))


def _kept(world, group_by, year):
    return sorted(
        (row["key"], row["n"], row["minutes"], row["adults_sum"])
        for row in _office_figures(world.office.pk, group_by, year)
    )


def _assert_figures_match(world, *years):
    for year in years:
        for group_by in GROUP_BY:
            assert _kept(world, group_by, year) == _direct(world, group_by, year), (group_by, year)


def test_figures_follow_creates_corrections_and_retention(world, catalogue):
    worker = world.users["worker_a"]
    first, _ = services.activity_create(
        actor=worker, worker=world.worker_a, data=entry_data(world, catalogue, dt.date(2025, 3, 5))
    )
    services.activity_create(
        actor=worker,
        worker=world.worker_a,
        data=entry_data(
            world,
            catalogue,
            dt.date(2025, 4, 1),
            dimension=Dimension.NON_CASE,
            activity_type=catalogue["types"][Dimension.NON_CASE],
            topics=[],
            duration_minutes=120,
        ),
    )
    _assert_figures_match(world, 2025)

    # A correction moves the entry to another month, type and set of topics.
    services.activity_update(
        actor=worker,
        activity=first,
        data=entry_data(
            world,
            catalogue,
            dt.date(2024, 12, 2),
            topics=catalogue["topics"][:1],
            adults=3,
            activity_type=catalogue["types"][Dimension.CASE],
        ),
    )
    _assert_figures_match(world, 2024, 2025)

    # Retention deletes the 2024 entry twelve years on: it leaves the figures too.
    rule = next(r for r in retention_rules() if r.record_type == "documentation.activity")
    rule.apply(records=rule.find_due(youth_office=world.office, cutoff=dt.date(2025, 1, 1)))
    _assert_figures_match(world, 2024, 2025)
    assert not ActivityFigure.objects.filter(year=2024, activities__gt=0).exists()


def test_figures_rebuild_recomputes_an_office(world, catalogue):
    services.activity_create(
        actor=world.users["worker_a"],
        worker=world.worker_a,
        data=entry_data(world, catalogue, dt.date(2025, 3, 5)),
    )
    kept = _kept(world, "topic", 2025)
    ActivityFigure.objects.all().delete()
    assert services.figures_rebuild(youth_office=world.office) == 4  # all, one Kita, two topics
    assert _kept(world, "topic", 2025) == kept
