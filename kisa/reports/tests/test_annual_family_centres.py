"""The annual report's family-centre development: per criterion area, for the territory's Kitas."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kisa.core.tests.ui import ui
from kisa.family_centres.models import Area, Criterion, Rating
from kisa.family_centres.tests.factories import CriterionFactory, RatingFactory, SelfAssessmentFactory
from kisa.reports.annual import annual_report
from kisa.reports.tests.test_dashboard import rows_of

FULFILLED, PARTLY, NOT_YET = Rating.Fulfilment.FULFILLED, Rating.Fulfilment.PARTLY, Rating.Fulfilment.NOT_YET


@pytest.fixture
def assessed(figures_world: Any) -> Any:
    """Criteria: counselling 2 basic + 1 advanced, communication 1 basic. Self-assessments 2025:

    - Kita A (Maifeld): counselling basic fulfilled + fulfilled, advanced partly; communication not yet;
    - Kita C (no social area): counselling basic fulfilled + not yet, advanced fulfilled; communication fulfilled;
    - Kita A 2024: everything fulfilled (another year: not counted).
    Office: counselling basic 3 of 4 = 75 %, advanced 1 of 2 = 50 %; communication basic 1 of 2 = 50 %.
    """
    w = figures_world
    office = w.office
    basic_1, basic_2 = (CriterionFactory(youth_office=office, area=Area.COUNSELLING) for _ in range(2))
    advanced = CriterionFactory(youth_office=office, area=Area.COUNSELLING, level=Criterion.Level.ADVANCED)
    communication = CriterionFactory(youth_office=office, area=Area.COMMUNICATION)
    ratings = {
        (w.kita_a, 2025): (FULFILLED, FULFILLED, PARTLY, NOT_YET),
        (w.kita_c, 2025): (FULFILLED, NOT_YET, FULFILLED, FULFILLED),
        (w.kita_a, 2024): (FULFILLED, FULFILLED, FULFILLED, FULFILLED),
    }
    for (kita, year), fulfilments in ratings.items():
        assessment = SelfAssessmentFactory(kita=kita, year=year, completed_on=dt.date(year, 11, 1))
        for criterion, fulfilment in zip(
            (basic_1, basic_2, advanced, communication), fulfilments, strict=True
        ):
            RatingFactory(assessment=assessment, criterion=criterion, fulfilment=fulfilment)
    return w


def _areas(report: Any) -> dict[str, list[Any]]:
    return rows_of(report, "family-centre-areas")


def test_every_area_of_the_office_with_basic_and_advanced_shares(assessed):
    report = annual_report(user=assessed.users["read_only"], year=2025, territory_key="office")

    areas = _areas(report)
    # Kitas with assessed criteria, basic fulfilled %, advanced fulfilled %
    assert areas[ui("Counselling and support")] == [2, 75, 50]
    assert areas[ui("Communication")] == [2, 50, "–"]
    assert areas[ui("Child-minding")] == [0, "–", "–"]
    assert list(areas) == [
        str(Area(area).label)
        for area in (
            Area.COUNSELLING,
            Area.FAMILY_EDUCATION,
            Area.CHILD_MINDING,
            Area.WORK_FAMILY,
            Area.SOCIAL_SPACE,
            Area.COOPERATION,
            Area.COMMUNICATION,
            Area.DEVELOPMENT,
        )
    ]
    summary = rows_of(report, "family-centres")
    assert summary[ui("Kitas that assessed themselves")] == [2]
    assert [chart.table_key for chart in report.section("family-centres").charts] == ["family-centre-areas"]


def test_a_social_area_counts_only_its_kitas(assessed):
    w = assessed

    report = annual_report(
        user=w.users["coordinator"], year=2025, territory_key=f"social-area-{w.social_area.pk}"
    )

    areas = _areas(report)
    assert areas[ui("Counselling and support")] == [1, 100, 0]  # Kita A only
    assert areas[ui("Communication")] == [1, 0, "–"]
    assert rows_of(report, "family-centres")[ui("Kitas")] == [2]  # A and B; B has not assessed itself


def test_a_year_without_assessments_shows_dashes_not_suppressed_cells(figures_world):
    report = annual_report(user=figures_world.users["coordinator"], year=2025, territory_key="office")

    assert all(row == [0, "–", "–"] for row in _areas(report).values())
    summary = rows_of(report, "family-centres")
    assert summary[ui("Basic criteria fulfilled, %")] == ["–"]  # no criterion rated: not "< 5"
