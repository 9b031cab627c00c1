"""Planning permissions (views and API alike); which rows a role sees is decided in selectors.py."""

from __future__ import annotations

from typing import Any

import rules

from kisa.accounts.rules import is_coordinator, is_kita_lead, is_provider, is_read_only, is_social_worker
from kisa.planning import selectors
from kisa.planning.models import Plan
from kisa.registry.models import Kita


def _kita_id_of(obj: Any) -> int:
    """The Kita of a Kita, plan, goal or project."""
    if isinstance(obj, Kita):
        return obj.pk
    if isinstance(obj, Plan):
        return obj.kita_id
    return obj.plan.kita_id


@rules.predicate
def kita_plan_is_visible(user: Any, obj: Any) -> bool:
    if obj is None:
        return True
    return selectors.plan_kitas_visible_to(user=user).filter(pk=_kita_id_of(obj)).exists()


@rules.predicate
def kita_plan_is_editable(user: Any, obj: Any) -> bool:
    if obj is None:
        return True
    return selectors.plan_kitas_editable_by(user=user).filter(pk=_kita_id_of(obj)).exists()


edits_plans = is_social_worker | is_kita_lead
reads_plans = edits_plans | is_coordinator | is_read_only | is_provider

# A Kita's plan (with its goals, projects and review): its social worker and leadership write, the
# coordinator, the provider and the committee's read-only role read.
rules.add_perm("planning.view_plan", reads_plans & kita_plan_is_visible)
rules.add_perm("planning.edit_plan", edits_plans & kita_plan_is_editable)
# The cycle status of all Kitas at a glance.
rules.add_perm("planning.view_overview", is_coordinator | is_read_only)
# The goal framework (rough and fine goals) is the office's: the coordinator extends it, everyone reads it.
rules.add_perm("planning.view_catalogue", reads_plans)
rules.add_perm("planning.manage_catalogue", is_coordinator)
