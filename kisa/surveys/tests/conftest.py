import datetime as dt

import pytest
from django.core.cache import cache

from kisa.surveys import services
from kisa.surveys.tests.factories import make_questionnaire, make_round, respond


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def surveyed(world):
    """A 2025 round at Kitas A and B with 6 responses at A (one on paper) and 3 at B, plus a 2024 round."""
    questionnaire = make_questionnaire(world.office)
    earlier = make_round(
        world.office,
        kitas=[world.kita_a, world.kita_b],
        questionnaires=[questionnaire],
        name="Befragung 2024",
        starts_on=dt.date(2024, 3, 1),
    )
    respond(earlier, world.kita_a, 5, wellbeing="2")
    services.round_set_status(actor=None, survey_round=earlier, status="closed")
    survey_round = make_round(
        world.office, kitas=[world.kita_a, world.kita_b], questionnaires=[questionnaire]
    )
    respond(survey_round, world.kita_a, 4, wellbeing="5", wish="Ein Elterncafé am Nachmittag")
    respond(survey_round, world.kita_a, 1, wellbeing="4", language="ar")
    respond(survey_round, world.kita_a, 1, wellbeing="4", channel="paper")
    respond(survey_round, world.kita_b, 3, wellbeing="1", wish="Geheimer Wunsch aus B")
    world.survey_round = survey_round
    world.earlier_round = earlier
    return world
