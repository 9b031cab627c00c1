"""Case permissions (DOMAIN.md §9): case content only for the responsible worker and the named deputy.

Global permissions say whether a role may use a page or endpoint; whether a user may read one case is
decided by `case_list_visible_to` (selectors) and, per object, by `is_case_worker` below, which answers
from the case's own fields and the user's cached staff ids without a query.
Every other role (coordinator, Kita leadership, provider, youth-welfare committee) gets counts only.
"""

from __future__ import annotations

from typing import Any

import rules

from kisa.accounts.rules import is_coordinator, is_kita_lead, is_provider, is_read_only, is_social_worker
from kisa.accounts.selectors import youth_office_id_of
from kisa.cases.selectors import staff_member_ids_of


@rules.predicate
def is_case_worker(user: Any, case: Any) -> bool:
    """Responsible worker or named deputy of `case`, in the case's own office."""
    if case is None or case.youth_office_id != youth_office_id_of(user):
        return False
    ids = staff_member_ids_of(user)
    return case.responsible_id in ids or (case.deputy_id is not None and case.deputy_id in ids)


rules.add_perm("cases.view_own_cases", is_social_worker)
rules.add_perm("cases.add_case", is_social_worker)
rules.add_perm("cases.view_case", is_social_worker & is_case_worker)
rules.add_perm("cases.change_case", is_social_worker & is_case_worker)
# Counts: the worker of their own cases, the others of the Kitas they may see (selectors.case_counts_for).
rules.add_perm(
    "cases.view_case_counts", is_social_worker | is_coordinator | is_kita_lead | is_provider | is_read_only
)
# Retention periods, legal holds (codes only) and the deletion log: the coordinator runs the office.
rules.add_perm("cases.manage_retention", is_coordinator)
