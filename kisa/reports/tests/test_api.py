"""GET /api/v1/reports/annual and /api/v1/reports/dashboard per role, with bad values naming the field."""

from __future__ import annotations

import pytest

from kisa.core.tests.ui import ui
from kisa.registry.tests.factories import SocialAreaFactory

API = "/api/v1/reports"


@pytest.mark.parametrize("persona", ["coordinator", "read_only"])
def test_annual_report_as_json_with_nulls_for_small_groups(figures_world, persona):
    response = figures_world.client_for(persona).get(f"{API}/annual?year=2025&territory=office")
    assert response.status_code == 200
    data = response.json()
    assert data["year"] == 2025 and data["empty"] is False
    activities = next(s for s in data["sections"] if s["key"] == "activities")
    rows = {row[0]: row for row in activities["tables"][0]["rows"]}
    assert rows[ui("case-specific")][1] is None and rows[ui("cross-case")][1] == 6


@pytest.mark.parametrize("persona", ["provider", "worker_a", "kita_lead", "admin"])
def test_annual_report_refused_without_the_permission(figures_world, persona):
    assert figures_world.client_for(persona).get(f"{API}/annual?year=2025").status_code == 403


@pytest.mark.parametrize(
    "query,field", [("year=abc", "year"), ("year=1800", "year"), ("year=2025&territory=x", "territory")]
)
def test_bad_values_are_refused_naming_the_field(figures_world, query, field):
    response = figures_world.client_for("coordinator").get(f"{API}/annual?{query}")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == [field]


def test_another_offices_social_area_is_refused_naming_territory(figures_world):
    other = SocialAreaFactory(youth_office=figures_world.other_office, name="Fremd")
    response = figures_world.client_for("coordinator").get(
        f"{API}/annual?year=2025&territory=social-area-{other.pk}"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "territory"


def test_an_empty_year_is_a_clear_empty_report(figures_world):
    data = figures_world.client_for("coordinator").get(f"{API}/annual?year=2019").json()
    assert data["empty"] is True and data["sections"][0]["paragraphs"]


def test_dashboard_json_same_figures_as_the_page(figures_world):
    data = figures_world.client_for("coordinator").get(f"{API}/dashboard?year=2025").json()
    by_dimension = next(s for s in data["sections"] if s["key"] == "by-dimension")["tables"][0]["rows"]
    assert [ui("case-specific"), 3, "3.0"] in by_dimension


def test_dashboard_json_suppressed_for_read_only_and_refused_for_workers(figures_world):
    data = figures_world.client_for("read_only").get(f"{API}/dashboard?year=2025").json()
    by_dimension = next(s for s in data["sections"] if s["key"] == "by-dimension")["tables"][0]["rows"]
    assert [ui("case-specific"), None, None] in by_dimension
    assert figures_world.client_for("worker_a").get(f"{API}/dashboard?year=2025").status_code == 403


def test_dashboard_json_refuses_another_offices_kita(figures_world):
    w = figures_world
    response = w.client_for("coordinator").get(f"{API}/dashboard?year=2025&kita={w.other_kita.pk}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "kita"
