"""Registry permissions, used by views and the API alike.

Global permissions say whether a role may use a page or endpoint at all; which rows it then sees is
decided by the `*_visible_to` selectors, and object permissions check membership in those querysets.
"""

from __future__ import annotations

from typing import Any

import rules

from kisa.accounts.rules import (
    has_membership,
    is_coordinator,
    is_kita_lead,
    is_provider,
    is_social_worker,
    is_system_admin,
)
from kisa.registry import selectors


@rules.predicate
def kita_is_visible(user: Any, kita: Any) -> bool:
    if kita is None:
        return True
    return selectors.kita_list_visible_to(user=user).filter(pk=kita.pk).exists()


sees_staff = is_coordinator | is_system_admin | is_social_worker | is_kita_lead | is_provider

rules.add_perm("registry.view_overview", has_membership)
rules.add_perm("registry.view_municipality", has_membership)
rules.add_perm("registry.view_socialarea", has_membership)
rules.add_perm("registry.view_provider", has_membership)
rules.add_perm("registry.view_kita", has_membership & kita_is_visible)
rules.add_perm("registry.view_staffmember", sees_staff)
rules.add_perm("registry.view_assignment", sees_staff)

# Writes: the coordinator keeps the registry; the system administrator only manages users.
rules.add_perm("registry.manage", is_coordinator)
rules.add_perm("registry.import", is_coordinator)
