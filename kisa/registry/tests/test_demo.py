"""The demo registry: the plan (plain data) and what loading it writes."""

import datetime as dt
import io
import math
import os
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from kisa.core.models import AuditEntry
from kisa.registry.demo import load_registry_demo
from kisa.registry.demo.plan import build_plan, largest_remainder
from kisa.registry.models import Assignment, Kita, Municipality, SocialArea, StaffMember
from kisa.registry.selectors import overview_for

BENDORF = "07137203"


def _distance_km(lat1: Decimal, lon1: Decimal, lat2: Decimal, lon2: Decimal) -> float:
    # Equirectangular approximation: exact enough over a few kilometres.
    dy = float(lat2 - lat1) * 111.32
    dx = float(lon2 - lon1) * 111.32 * math.cos(math.radians(float(lat1)))
    return math.hypot(dx, dy)


ROOT = Path(__file__).resolve().parents[3]
PLAN_DIGEST = (
    "import hashlib, os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
    "django.setup(); from kisa.registry.demo.plan import build_plan; "
    "print(hashlib.sha256(repr(build_plan()).encode()).hexdigest())"
)


def test_build_plan_is_the_same_in_every_process():
    """Set iteration order changes with the hash seed: a plan depending on it would differ between runs."""
    digests = {
        subprocess.run(  # noqa: S603 - fixed arguments, our own code
            [sys.executable, "-c", PLAN_DIGEST],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }

    assert len(digests) == 1


def test_build_plan_spreads_98_kitas_with_about_8200_places_over_the_responsibility_area():
    plan = build_plan()
    rows = {row.ags: row for row in plan.municipalities}
    kitas_per_municipality = Counter(kita.ags for kita in plan.kitas)

    assert len(plan.kitas) == 98
    assert len({kita.number for kita in plan.kitas}) == 98
    assert 8150 <= sum(kita.places for kita in plan.kitas) <= 8250
    assert all(25 <= kita.places <= 180 and kita.places % 5 == 0 for kita in plan.kitas)
    assert not any(rows[kita.ags].own_youth_office for kita in plan.kitas)
    assert kitas_per_municipality.most_common(1)[0][0] == BENDORF
    assert all(count * 1500 <= rows[ags].population + 750 for ags, count in kitas_per_municipality.items())
    assert all(
        _distance_km(rows[kita.ags].latitude, rows[kita.ags].longitude, kita.latitude, kita.longitude) <= 1.5
        for kita in plan.kitas
    )


def test_build_plan_gives_every_kita_a_worker_on_fixed_distinct_weekdays():
    plan = build_plan()

    assigned = [a.kita_number for worker in plan.workers for a in worker.assignments]
    assert sorted(assigned) == sorted(kita.number for kita in plan.kitas)
    assert 35 <= len(plan.workers) <= 45
    for worker in plan.workers:
        days = [day for a in worker.assignments for day in a.weekdays]
        assert 1 <= len(worker.assignments) <= 4
        assert len(days) == len(set(days))
        assert sum(a.hours for a in worker.assignments) <= worker.weekly_hours
        assert Decimal("19.5") <= worker.weekly_hours <= Decimal("39")
        assert worker.valid_from >= dt.date(2021, 7, 1)


def test_largest_remainder_keeps_every_share_within_floor_and_cap():
    shares = largest_remainder(
        {"a": 10, "b": 1, "c": 1}, 5, floor={"a": 0, "b": 1, "c": 0}, cap={"a": 3, "b": 5, "c": 5}
    )

    assert shares == {"a": 3, "b": 1, "c": 1}


@pytest.mark.django_db
def test_load_registry_demo_builds_mayen_koblenz_with_official_figures_and_assigned_workers():
    # One load for all facts: loading the demo takes seconds.
    output = io.StringIO()

    registry = load_registry_demo(stdout=output)

    overview = overview_for(youth_office=registry.youth_office)
    district, area = overview.district, overview.responsibility_area
    assert (district.municipalities, district.area_km2, district.inhabitants) == (
        87,
        Decimal("817.67"),
        215_446,
    )
    assert (area.municipalities, area.area_km2, area.inhabitants) == (85, Decimal("706.14"), 165_985)
    assert district.reference_date == area.reference_date == dt.date(2021, 12, 31)
    assert area.kitas == district.kitas == 98
    assert 8150 <= area.places <= 8250
    in_area = Municipality.objects.in_responsibility_area(registry.youth_office, dt.date.today())
    assert set(Municipality.objects.exclude(pk__in=in_area).values_list("name", flat=True)) == {
        "Andernach",
        "Mayen",
    }
    kottenheim = Municipality.objects.get(ags="07137055")
    assert (kottenheim.children_under_7, kottenheim.children_under_7_estimated) == (166, True)
    assert SocialArea.objects.count() == 11
    assert Municipality.objects.filter(pk__in=in_area, social_areas__isnull=True).count() == 0
    assert output.getvalue().startswith("Registry: created 1 district, 1 youth office, 7 Verbandsgemeinden")
    workers = StaffMember.objects.filter(function=StaffMember.Function.SOCIAL_WORKER)
    current = Assignment.objects.current()
    assert 35 <= workers.count() <= 45
    assert len(registry.social_workers) == workers.count()
    for worker in workers:
        assignments = current.filter(staff_member=worker)
        assert 1 <= assignments.count() <= 4
        assert sum(a.hours_per_week for a in assignments) <= worker.weekly_hours
    assert Kita.objects.exclude(pk__in=current.values("kita")).count() == 0
    assert {w.employer.kind for w in workers} == {"municipal", "church"}
    assert registry.coordinator.function == StaffMember.Function.COORDINATOR
    assert registry.coordinator.employer.name == "Kreisverwaltung Mayen-Koblenz"
    assert set(AuditEntry.objects.values_list("actor_name", flat=True)) == {"system"}
