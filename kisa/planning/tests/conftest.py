"""Helpers of the planning tests: survey findings for a Kita and a year, and a complete goal's arguments."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from kisa.documentation.models import TargetGroup
from kisa.surveys.models import Finding
from kisa.surveys.tests.factories import make_round

_rounds = itertools.count()


def make_finding(
    world: Any, *, kita: Any = None, year: int = 2025, kind: str = Finding.Kind.NEED, text: str = ""
) -> Finding:
    kita = kita or world.kita_a
    survey_round = make_round(
        kita.youth_office,
        kitas=[kita],
        name=f"Befragung {year} ({next(_rounds)})",
        starts_on=dt.date(year, 3, 1),
    )
    return Finding.objects.create(
        youth_office=kita.youth_office,
        round=survey_round,
        kita=kita,
        kind=kind,
        topic="Austausch",
        text=text or "Eltern wünschen sich mehr Austausch untereinander",
    )


def goal_arguments(**overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "title": "Eltern lernen sich im Elterncafé kennen",
        "target_group": TargetGroup.PARENTS,
        "indicator": "Familien, die mindestens zweimal am Elterncafé teilnehmen",
        "indicator_source": "manual",
        "baseline": 0,
        "target_value": 12,
        "target_date": dt.date(2026, 11, 30),
        "level_minus_2": "keine Familie",
        "level_minus_1": "1–5 Familien",
        "level_0": "6–12 Familien",
        "level_plus_1": "13–20 Familien",
        "level_plus_2": "mehr als 20 Familien",
    }
    arguments.update(overrides)
    return arguments


@pytest.fixture
def finding_a(world: Any) -> Finding:
    return make_finding(world, year=2025)
