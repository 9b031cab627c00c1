"""Role predicates, the building blocks every app's rules are composed of."""

from __future__ import annotations

from typing import Any

import rules

from kisa.accounts.models import Role
from kisa.accounts.selectors import role_of


def _has_role(role: str) -> Any:
    @rules.predicate(name=f"is_{role}")
    def predicate(user: Any) -> bool:
        return role_of(user) == role

    return predicate


is_coordinator = _has_role(Role.COORDINATOR)
is_social_worker = _has_role(Role.SOCIAL_WORKER)
is_kita_lead = _has_role(Role.KITA_LEAD)
is_provider = _has_role(Role.PROVIDER)
is_read_only = _has_role(Role.READ_ONLY)
is_system_admin = _has_role(Role.ADMIN)


@rules.predicate
def has_membership(user: Any) -> bool:
    return role_of(user) is not None


rules.add_perm("accounts.manage_own_tokens", has_membership)

# Every signed-in person manages their own sign-in security (second factor, sessions).
rules.add_perm("accounts.manage_own_security", rules.is_authenticated)
# Inviting people, deactivating accounts, lifting lockouts: the office's coordination and the admin.
rules.add_perm("accounts.manage_users", is_coordinator | is_system_admin)
