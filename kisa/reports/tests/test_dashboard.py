"""The dashboard's figures: hand-computed for a small world, suppression per role, a fixed query count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kisa.core.tests.ui import ui
from kisa.documentation.models import Dimension
from kisa.documentation.tests.factories import ActivityFactory
from kisa.registry.tests.factories import AssignmentFactory, KitaFactory
from kisa.reports.dashboard import dashboard_report
from kisa.reports.figures import Report

# Tables whose numbers describe institutions or hours, not groups of people.
NOT_PEOPLE = {
    "family-centres",
    "family-centre-areas",
    "coverage",
    "structure",
    "money",
    "reachability",
    "white-spots",
}
# Columns of other tables that count Kitas or places, not people: (table key, column index).
NOT_PEOPLE_COLUMNS = {("survey-rates", 2), ("survey-rates", 3)}


def rows_of(report: Report, key: str) -> dict[str, list[Any]]:
    for section in report.sections:
        for table in section.tables:
            if table.key == key:
                return {str(row[0]): row[1:] for row in table.rows}
    raise KeyError(key)


def assert_no_small_group(report: Report, threshold: int = 5) -> None:
    for section in report.sections:
        for table in section.tables:
            if table.key in NOT_PEOPLE:
                continue
            for row in table.rows:
                for index, cell in enumerate(row):
                    if index < table.numeric_from or (table.key, index) in NOT_PEOPLE_COLUMNS:
                        continue
                    if isinstance(cell, int) and not isinstance(cell, bool):
                        assert cell == 0 or cell >= threshold, (table.key, row)


def test_coordinator_sees_the_hand_computed_figures(figures_world):
    w = figures_world
    report = dashboard_report(user=w.users["coordinator"], year=2025)
    by_dimension = rows_of(report, "by-dimension")
    assert by_dimension[ui("case-specific")] == [3, Decimal("3.0")]
    assert by_dimension[ui("cross-case")] == [6, Decimal("3.0")]
    assert rows_of(report, "by-kita") == {
        "Kita Regenbogen": [6, Decimal("3.0")],
        "Kita St. Martin": [3, Decimal("3.0")],
    }
    assert rows_of(report, "by-social-area") == {"Maifeld": [9, Decimal("6.0")]}
    months = rows_of(report, "by-month")
    assert (
        len(months) == 12
        and months["2025-03"] == [3, Decimal("3.0")]
        and months["2025-05"] == [6, Decimal("3.0")]
    )
    reach = rows_of(report, "reach")
    assert reach[ui("Families reached")] == [3]
    assert reach[ui("Families reached, % of approved places")] == [
        round(100 * 3 / 185, 1)
    ]  # 80 + 60 + 45 places
    assert reach[ui("Group offers (cross-case activities)")] == [6]
    assert reach[ui("Participants of group offers: together")] == [30]
    assert rows_of(report, "topics") == {"Wohnen": [3, Decimal("3.0")]}
    assert list(rows_of(report, "referrals").values()) == [[1]]
    assert rows_of(report, "cases")[ui("Cases opened")] == [1]
    coverage = rows_of(report, "coverage")
    assert coverage["Kita St. Martin"][1] == Decimal("15.0")  # planned hours per week of the assignment
    assert report.empty is False


@pytest.mark.parametrize("persona", ["read_only", "provider"])
def test_aggregate_roles_never_see_a_group_below_the_threshold(figures_world, persona):
    report = dashboard_report(user=figures_world.users[persona], year=2025)
    assert_no_small_group(report)
    by_dimension = rows_of(report, "by-dimension")
    assert by_dimension[ui("case-specific")] == [None, None]  # 3 activities
    assert rows_of(report, "reach")[ui("Families reached")] == [None]


def test_read_only_sees_groups_at_the_threshold(figures_world):
    report = dashboard_report(user=figures_world.users["read_only"], year=2025)
    assert rows_of(report, "by-dimension")[ui("cross-case")] == [6, Decimal("3.0")]


def test_provider_sees_only_its_kitas(figures_world):
    report = dashboard_report(user=figures_world.users["provider"], year=2025)
    assert set(rows_of(report, "by-kita")) == {"Kita St. Martin"}
    assert ui("cross-case") not in rows_of(report, "by-dimension")


def test_filters_narrow_the_figures(figures_world):
    w = figures_world
    user = w.users["coordinator"]
    assert set(rows_of(dashboard_report(user=user, year=2025, kita_id=w.kita_b.pk), "by-kita")) == {
        "Kita Regenbogen"
    }
    march = dashboard_report(user=user, year=2025, period=(dt.date(2025, 3, 1), dt.date(2025, 3, 31)))
    assert list(rows_of(march, "by-month")) == ["2025-03"]
    church = dashboard_report(user=user, year=2025, employer_id=w.church.pk)  # worker B's employer
    assert rows_of(church, "by-dimension") == {ui("cross-case"): [6, Decimal("3.0")]}
    assert dashboard_report(user=user, year=2025, social_area_id=w.social_area.pk).territory.kita_ids


def test_another_offices_filters_are_refused_naming_the_field(figures_world):
    w = figures_world
    user = w.users["coordinator"]
    with pytest.raises(ValidationError) as error:
        dashboard_report(user=user, year=2025, kita_id=w.other_kita.pk)
    assert "kita" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        dashboard_report(user=w.users["provider"], year=2025, kita_id=w.kita_b.pk)
    assert "kita" in error.value.message_dict


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "admin"])
def test_other_roles_have_no_dashboard(figures_world, persona):
    with pytest.raises(PermissionDenied):
        dashboard_report(user=figures_world.users[persona], year=2025)


def test_a_year_without_activities_is_empty(figures_world):
    report = dashboard_report(user=figures_world.users["coordinator"], year=2019)
    assert report.empty is True


def test_query_count_does_not_grow_with_kitas(figures_world, django_assert_max_num_queries):
    w = figures_world
    user = w.users["coordinator"]
    with django_assert_max_num_queries(40) as small:
        dashboard_report(user=user, year=2025)
    for number in range(15):
        kita = KitaFactory(
            youth_office=w.office,
            number=f"N{number}",
            municipality=w.kita_a.municipality,
            provider=w.church,
            social_area=w.social_area,
        )
        AssignmentFactory(youth_office=w.office, staff_member=w.worker_a, kita=kita)
        ActivityFactory(
            worker=w.worker_a, date=dt.date(2025, 7, 1), dimension=Dimension.NON_CASE, kitas=[kita]
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        dashboard_report(user=user, year=2025)


def test_dashboard_page_shows_sections_tables_and_charts(figures_world):
    response = figures_world.client_for("coordinator").get("/berichte/?year=2025")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'role="img"' in html and "<caption" in html and 'scope="row"' in html
    assert "Kita St. Martin" in html and "style=" not in html.split("<main", 1)[-1]


def test_dashboard_page_for_read_only_shows_less_than_n(figures_world):
    response = figures_world.client_for("read_only").get("/berichte/?year=2025")
    assert response.status_code == 200
    assert "&lt; 5" in response.content.decode()


def test_dashboard_page_refuses_another_offices_kita(figures_world):
    w = figures_world
    response = w.client_for("coordinator").get(f"/berichte/?year=2025&kita={w.other_kita.pk}")
    assert response.status_code == 422


def test_monthly_totals_and_activity_scan_agree(figures_world):
    """Whole months read documentation's monthly totals; another period scans the activities: same figures."""
    user = figures_world.users["coordinator"]
    whole = dashboard_report(user=user, year=2025)
    scanned = dashboard_report(user=user, year=2025, period=(dt.date(2025, 1, 2), dt.date(2025, 12, 31)))
    for key in ("by-kita", "by-social-area", "topics", "coverage"):
        if key == "coverage":
            assert [r[:2] for r in rows_of(whole, key).values()] != []
        else:
            assert rows_of(whole, key) == rows_of(scanned, key), key
