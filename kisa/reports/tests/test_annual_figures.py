"""The annual report's figures: always suppressed, previous-year comparison, empty years, territories."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kisa.core.tests.ui import ui
from kisa.reports.annual import annual_report
from kisa.reports.tests.test_dashboard import assert_no_small_group, rows_of


@pytest.mark.parametrize("persona", ["coordinator", "read_only"])
def test_annual_report_is_suppressed_for_everyone(figures_world, persona):
    report = annual_report(user=figures_world.users[persona], year=2025, territory_key="office")
    assert report.empty is False
    assert_no_small_group(report)
    compared = rows_of(report, "activities-compared")
    assert compared[ui("case-specific")][:2] == [None, 0]  # 3 activities in 2025: below the threshold
    assert compared[ui("cross-case")][:3] == [6, 0, "–"]
    assert compared[ui("non-case-specific")][:2] == [0, None]  # 1 in 2024


def test_annual_report_has_every_section(figures_world):
    report = annual_report(user=figures_world.users["coordinator"], year=2025, territory_key="office")
    keys = [section.key for section in report.sections]
    assert keys == [
        "structure",
        "money",
        "activities",
        "surveys",
        "goals",
        "family-centres",
        "reachability",
        "outlook",
    ]
    assert rows_of(report, "structure")[ui("Kitas")] == [3]
    assert report.section("money").paragraphs  # no budget year 2025: said plainly
    assert report.section("reachability").map is not None


def test_a_year_without_data_is_an_empty_report(figures_world):
    report = annual_report(user=figures_world.users["coordinator"], year=2019, territory_key="office")
    assert report.empty is True
    assert report.sections[0].paragraphs


def test_social_area_territory(figures_world):
    w = figures_world
    report = annual_report(
        user=w.users["coordinator"], year=2025, territory_key=f"social-area-{w.social_area.pk}"
    )
    assert set(report.territory.kita_ids) == {w.kita_a.pk, w.kita_b.pk}


def test_another_offices_territory_is_refused_on_the_field(figures_world):
    w = figures_world
    from kisa.registry.tests.factories import SocialAreaFactory

    other = SocialAreaFactory(youth_office=w.other_office, name="Fremd")
    with pytest.raises(ValidationError) as error:
        annual_report(user=w.users["coordinator"], year=2025, territory_key=f"social-area-{other.pk}")
    assert "territory" in error.value.message_dict


@pytest.mark.parametrize("persona", ["provider", "worker_a", "admin"])
def test_roles_without_the_annual_report(figures_world, persona):
    with pytest.raises(PermissionDenied):
        annual_report(user=figures_world.users[persona], year=2025, territory_key="office")
