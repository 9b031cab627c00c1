"""The cases section of the start page: a social worker's open cases (codes only, no content)."""

from __future__ import annotations

from typing import Any

from kisa.accounts.models import Role
from kisa.accounts.selectors import role_of
from kisa.cases.selectors import case_list_visible_to
from kisa.core.selectors import HomeSection

SHOWN = 5


def home_section(*, user: Any) -> HomeSection | None:
    """For social workers only: how many open cases they hold and the latest few, linked."""
    if role_of(user) != Role.SOCIAL_WORKER:
        return None
    open_cases = case_list_visible_to(user=user).open()
    return HomeSection(
        template_name="cases/home/_social_worker.html",
        context={"count": open_cases.count(), "cases": list(open_cases[:SHOWN])},
    )
