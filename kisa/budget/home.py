"""The budget's section of the start page: the current year's budget, spent and left.

Coordinator and committee see the office's figures; Kita roles see their Kitas' allocation and what is
left there. The admin and users without a role get no section. The year is this calendar year, else
the latest budget year.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kisa.budget.selectors import (
    budget_kitas_visible_to,
    budget_year_list_visible_to,
    sees_office_totals,
    year_summary,
)
from kisa.core.selectors import HomeSection


def home_section(*, user: Any) -> HomeSection | None:
    if not user.has_perm("budget.view_years"):
        return None
    years = budget_year_list_visible_to(user=user)
    budget_year = years.filter(year=timezone.localdate().year).first() or years.first()
    if budget_year is None:
        return None
    totals = sees_office_totals(user)
    kitas = None if totals else list(budget_kitas_visible_to(user=user))
    if kitas == []:
        return None
    summary = year_summary(budget_year=budget_year, kitas=kitas, viewer=user)
    return HomeSection(template_name="budget/_home.html", context={"summary": summary, "totals": totals})
