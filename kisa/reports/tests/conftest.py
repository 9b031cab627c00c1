"""Fixtures of the reports tests: report jobs run at once ("inline") and store their files in a temporary
media folder."""

from __future__ import annotations

from typing import Any

import pytest


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
