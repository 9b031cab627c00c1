"""The surveys section of the start page: the rounds in preparation or open that the user sees."""

from __future__ import annotations

from typing import Any

from kisa.core.selectors import HomeSection
from kisa.surveys.models import SurveyRound
from kisa.surveys.selectors import round_list_visible_to


def home_section(*, user: Any) -> HomeSection | None:
    if not user.has_perm("surveys.view_round"):
        return None
    rounds = round_list_visible_to(user=user).exclude(status=SurveyRound.Status.CLOSED)[:5]
    return HomeSection(template_name="surveys/home/_section.html", context={"rounds": list(rounds)})
