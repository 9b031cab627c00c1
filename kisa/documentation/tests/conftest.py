from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kisa.documentation import services
from kisa.documentation.models import ActivityType, Dimension, Topic


@pytest.fixture
def catalogue(world: Any) -> dict[str, Any]:
    """The office's default catalogue: the first type per dimension, and two topics."""
    services.catalogue_ensure_defaults(youth_office=world.office)
    types = {
        d: ActivityType.objects.filter(youth_office=world.office, dimension=d).first()
        for d in Dimension.values
    }
    topics = list(Topic.objects.filter(youth_office=world.office)[:2])
    return {"types": types, "topics": topics}


@pytest.fixture
def day() -> dt.date:
    """A past Wednesday inside worker A's assignment (from 1.1.2024, Mondays and Tuesdays)."""
    return dt.date(2025, 3, 5)


def entry_data(world: Any, catalogue: dict[str, Any], day: dt.date, **overrides: Any) -> dict[str, Any]:
    """A valid case-specific activity of worker A at Kita A."""
    data: dict[str, Any] = {
        "date": day,
        "start_time": dt.time(9, 30),
        "duration_minutes": 45,
        "dimension": Dimension.CASE,
        "activity_type": catalogue["types"][Dimension.CASE],
        "kitas": [world.kita_a],
        "topics": catalogue["topics"],
        "target_groups": ["parents"],
        "adults": 1,
        "children": 1,
        "language": "ar",
        "interpreter_needed": True,
        "partner_names": ["Erziehungsberatung Mayen"],
        "referrals": ["parenting_counselling"],
        "note": "Antrag besprochen",
    }
    data.update(overrides)
    return data
