"""Fixtures of the reports tests: report jobs run at once ("inline") with files in a temporary media folder,
and a small documented world for the figures, hand-computable (see `figures_world`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kisa.cases.tests.factories import CaseFactory
from kisa.documentation.models import Dimension, Referral
from kisa.documentation.services import figures_rebuild
from kisa.documentation.tests.factories import ActivityFactory, TopicFactory


@pytest.fixture
def figures_world(world: Any) -> Any:
    """2025 at the world's office:

    - worker A at Kita St. Martin (church): 3 case-specific activities of 60 minutes in March, one with a case
      (opened 1 March 2025), two without; topic "Wohnen" on all three; one referral to family education.
    - worker B at Kita Regenbogen (municipal): 6 cross-case group offers of 30 minutes in May, each with
      2 adults and 3 children.
    - 2024: one network contact of worker B (for the previous-year comparison).
    Coordinator: case 3 / 3.0 h, cross-case 6 / 3.0 h; families reached 1 + 2 = 3; participants 12 + 18.
    """
    topic = TopicFactory(youth_office=world.office, name="Wohnen")
    case = CaseFactory(
        kita=world.kita_a, responsible=world.worker_a, code="F-9001", opened_on=dt.date(2025, 3, 1)
    )
    first = None
    for day, with_case in ((3, True), (4, False), (5, False)):
        activity = ActivityFactory(
            worker=world.worker_a,
            date=dt.date(2025, 3, day),
            duration_minutes=60,
            dimension=Dimension.CASE,
            case=case if with_case else None,
            kitas=[world.kita_a],
            topics=[topic],
        )
        first = first or activity
    Referral.objects.create(youth_office=world.office, activity=first, category="family_education")
    for day in range(1, 7):
        ActivityFactory(
            worker=world.worker_b,
            date=dt.date(2025, 5, day),
            duration_minutes=30,
            dimension=Dimension.CROSS_CASE,
            adults=2,
            children=3,
            kitas=[world.kita_b],
        )
    ActivityFactory(
        worker=world.worker_b,
        date=dt.date(2024, 6, 1),
        duration_minutes=90,
        dimension=Dimension.NON_CASE,
        professionals=4,
        kitas=[world.kita_b],
    )
    figures_rebuild(youth_office=world.office)  # the monthly totals the services keep (bulk-made here)
    return world


@pytest.fixture(autouse=True)
def report_jobs_inline(settings: Any, tmp_path: Any) -> None:
    settings.KISA_REPORT_RUNNER = "inline"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def annual_figures(monkeypatch: Any) -> list[dict[str, Any]]:
    """Helper 1's annual figures replaced by a hand-built report; returns the calls made."""
    from kisa.reports.tests.report_factories import make_report

    calls: list[dict[str, Any]] = []

    def annual_report(*, user: Any, year: int, territory_key: str) -> Any:
        calls.append({"user": user, "year": year, "territory_key": territory_key})
        return make_report(year=year, territory_key=territory_key)

    monkeypatch.setattr("kisa.reports.annual.annual_report", annual_report)
    return calls
