"""Survey permissions, used by views and the API alike.

| role            | questionnaires | rounds                         | results (suppressed)   | free text, tags, findings |
|-----------------|----------------|--------------------------------|------------------------|---------------------------|
| coordinator     | manage         | manage all of the office       | all Kitas              | all Kitas                 |
| social worker   | read           | manage rounds of own Kitas,    | own Kitas              | own Kitas (current        |
|                 |                | enter paper forms              |                        | assignment)               |
| Kita leadership | –              | see rounds of own Kitas        | own Kitas              | findings of own Kitas     |
| provider        | –              | see rounds of its Kitas        | its Kitas              | –                         |
| read-only (JHA) | –              | see all rounds                 | all Kitas              | –                         |
| admin           | –              | –                              | –                      | –                         |

Which rounds and Kitas exist for a user is decided by the selectors (`round_list_visible_to`,
`result_kitas_for`, `free_text_kitas_for`); the object predicates here ask them.
"""

from __future__ import annotations

from typing import Any

import rules

from kisa.accounts.rules import (
    has_membership,
    is_coordinator,
    is_kita_lead,
    is_provider,
    is_read_only,
    is_social_worker,
)
from kisa.surveys import selectors


@rules.predicate
def round_is_visible(user: Any, survey_round: Any) -> bool:
    if survey_round is None:
        return True
    return selectors.round_list_visible_to(user=user).filter(pk=survey_round.pk).exists()


@rules.predicate
def round_targets_only_own_kitas(user: Any, survey_round: Any) -> bool:
    """A social worker manages a round only when every Kita it targets is one of theirs."""
    if survey_round is None:
        return True
    own = set(selectors.worker_kitas(user=user).values_list("pk", flat=True))
    targets = set(selectors.round_kitas(survey_round).values_list("pk", flat=True))
    return bool(targets) and targets <= own


domain_member = has_membership & (
    is_coordinator | is_social_worker | is_kita_lead | is_provider | is_read_only
)
works_on_surveys = is_coordinator | is_social_worker

rules.add_perm("surveys.view_questionnaire", works_on_surveys)
rules.add_perm("surveys.manage_questionnaire", is_coordinator)
rules.add_perm("surveys.view_round", domain_member & round_is_visible)
rules.add_perm("surveys.create_round", works_on_surveys)
rules.add_perm("surveys.manage_round", is_coordinator | (is_social_worker & round_targets_only_own_kitas))
rules.add_perm("surveys.enter_paper", works_on_surveys & round_is_visible)
rules.add_perm("surveys.view_results", domain_member & round_is_visible)
rules.add_perm("surveys.view_free_text", works_on_surveys & round_is_visible)
rules.add_perm("surveys.tag", works_on_surveys)
rules.add_perm("surveys.view_finding", works_on_surveys | is_kita_lead)
