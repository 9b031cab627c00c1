"""Participation permissions (views and API alike); which rows a role sees is decided in selectors.py."""

from __future__ import annotations

from typing import Any

import rules

from kisa.accounts.rules import is_coordinator, is_kita_lead, is_provider, is_read_only, is_social_worker
from kisa.participation import selectors


@rules.predicate
def feedback_is_visible(user: Any, item: Any) -> bool:
    if item is None:
        return True
    return selectors.feedback_list_visible_to(user=user).filter(pk=item.pk).exists()


@rules.predicate
def summary_kita_is_visible(user: Any, kita: Any) -> bool:
    if kita is None:
        return True
    return selectors.summary_kitas_of(user).filter(pk=kita.pk).exists()


@rules.predicate
def poster_kita_is_visible(user: Any, kita: Any) -> bool:
    if kita is None:
        return True
    return selectors.poster_kitas_of(user).filter(pk=kita.pk).exists()


handles_feedback = is_kita_lead | is_social_worker

# The inbox: the Kita's handlers, and the provider for escalated items of its Kitas.
rules.add_perm("participation.view_inbox", handles_feedback | is_provider)
rules.add_perm("participation.view_feedback", (handles_feedback | is_provider) & feedback_is_visible)
# Status, answer, child-protection flag and the sender's contact: the Kita's handlers only.
rules.add_perm("participation.handle_feedback", handles_feedback & feedback_is_visible)
rules.add_perm("participation.view_contact", handles_feedback & feedback_is_visible)
# Notes: handlers, and the provider on escalated items (to record what it did).
rules.add_perm("participation.add_note", (handles_feedback | is_provider) & feedback_is_visible)

rules.add_perm("participation.view_child_voice", handles_feedback)
rules.add_perm("participation.record_child_voice", handles_feedback)

rules.add_perm("participation.view_aggregates", is_coordinator | is_provider | is_read_only)
rules.add_perm(
    "participation.view_summary", (handles_feedback | is_coordinator | is_provider) & summary_kita_is_visible
)
rules.add_perm("participation.view_poster", (handles_feedback | is_coordinator) & poster_kita_is_visible)
rules.add_perm("participation.manage_settings", is_coordinator)
