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
from kisa.accounts.selectors import membership_of, youth_office_id_of
from kisa.registry import selectors


@rules.predicate
def kita_is_visible(user: Any, kita: Any) -> bool:
    if kita is None:
        return True
    return selectors.kita_list_visible_to(user=user).filter(pk=kita.pk).exists()


@rules.predicate
def staff_member_is_visible(user: Any, staff_member: Any) -> bool:
    if staff_member is None:
        return True
    return selectors.staff_list_visible_to(user=user).filter(pk=staff_member.pk).exists()


# Contract data is the employer's business (DOMAIN.md §1): decided from the cached membership and the
# row's own fields, without a query, so list pages may ask once per row.
@rules.predicate
def in_staff_members_office(user: Any, staff_member: Any) -> bool:
    return staff_member is not None and staff_member.youth_office_id == youth_office_id_of(user)


@rules.predicate
def is_staff_members_employer(user: Any, staff_member: Any) -> bool:
    membership = membership_of(user)
    return membership is not None and staff_member.employer_id == membership.provider_id


@rules.predicate
def is_the_staff_member(user: Any, staff_member: Any) -> bool:
    return staff_member.user_id is not None and staff_member.user_id == user.pk


sees_staff = is_coordinator | is_system_admin | is_social_worker | is_kita_lead | is_provider

rules.add_perm("registry.view_overview", has_membership)
rules.add_perm("registry.view_municipality", has_membership)
rules.add_perm("registry.view_socialarea", has_membership)
rules.add_perm("registry.view_provider", has_membership)
rules.add_perm("registry.view_kita", has_membership & kita_is_visible)
rules.add_perm("registry.view_staffmember", sees_staff & staff_member_is_visible)
# Weekly hours, assigned hours and e-mail; Kita leadership and other providers see name, function and
# the assignments at their own Kitas only.
rules.add_perm(
    "registry.view_staff_contract",
    in_staff_members_office
    & (is_coordinator | is_system_admin | (is_provider & is_staff_members_employer) | is_the_staff_member),
)
rules.add_perm("registry.view_assignment", sees_staff)

# Writes: the coordinator keeps the registry; the system administrator only manages users.
rules.add_perm("registry.manage", is_coordinator)
rules.add_perm("registry.import", is_coordinator)
# Municipality figures are reference data shared by every office of the district, not one office's
# registry: only the system administrator imports them.
rules.add_perm("registry.import_territory", is_system_admin)
# The import page, for whoever may import some kind.
rules.add_perm("registry.open_import", is_coordinator | is_system_admin)
