"""Documentation permissions, used by views and the API alike.

Which rows a role then sees is decided in selectors.py (`activity_list_visible_to`, `stats_scope`).
The system administrator does no domain work and gets none of these.
"""

from __future__ import annotations

from typing import Any

import rules

from kisa.accounts.rules import is_coordinator, is_kita_lead, is_provider, is_read_only, is_social_worker
from kisa.documentation import selectors


@rules.predicate
def has_worker_record(user: Any) -> bool:
    """A social worker's login linked to their staff record: only then can activities be theirs."""
    return selectors.worker_of(user) is not None


@rules.predicate
def is_activity_author(user: Any, activity: Any) -> bool:
    return activity is not None and activity.worker.user_id == user.pk


@rules.predicate
def activity_is_visible(user: Any, activity: Any) -> bool:
    if activity is None:
        return True
    return selectors.activity_list_visible_to(user=user).filter(pk=activity.pk).exists()


documents = is_social_worker & has_worker_record

rules.add_perm("documentation.add_activity", documents)
rules.add_perm("documentation.view_activity_list", documents | is_coordinator)
rules.add_perm("documentation.view_activity", (documents | is_coordinator) & activity_is_visible)
rules.add_perm("documentation.change_activity", documents & is_activity_author)
rules.add_perm("documentation.view_own_summary", documents)
rules.add_perm(
    "documentation.view_statistics", is_coordinator | documents | is_kita_lead | is_provider | is_read_only
)
rules.add_perm("documentation.manage_catalogue", is_coordinator)
