"""Budget permissions (see the table in selectors.py). The system administrator does no budget work."""

from __future__ import annotations

from typing import Any

import rules

from kisa.accounts.rules import is_coordinator, is_kita_lead, is_provider, is_read_only, is_social_worker
from kisa.budget.selectors import budget_kitas_visible_to


@rules.predicate
def budget_kita_is_visible(user: Any, kita: Any) -> bool:
    if kita is None:
        return True
    return budget_kitas_visible_to(user=user).filter(pk=kita.pk).exists()


kita_roles = is_social_worker | is_kita_lead | is_provider

rules.add_perm("budget.view_years", is_coordinator | is_read_only | kita_roles)
# Office-wide sums (allocated, spent, left, per category): the committee sees these, no Kita rows.
rules.add_perm("budget.view_totals", is_coordinator | is_read_only)
rules.add_perm("budget.view_kita_budget", (is_coordinator | kita_roles) & budget_kita_is_visible)
rules.add_perm("budget.view_bookings", is_coordinator | kita_roles)
# Allocation with its formula, staff positions (salaries by name) and the evidence-of-use report.
rules.add_perm("budget.view_details", is_coordinator)
rules.add_perm("budget.manage", is_coordinator)
