"""Family-centre permissions (views and API alike); which rows a role sees is decided in selectors.py."""

from __future__ import annotations

from typing import Any

import rules

from kisa.accounts.rules import is_coordinator, is_kita_lead, is_provider, is_read_only, is_social_worker
from kisa.family_centres import selectors
from kisa.registry.models import Kita


def _kita_id_of(obj: Any) -> int:
    """The Kita of a Kita or a self-assessment."""
    return obj.pk if isinstance(obj, Kita) else obj.kita_id


@rules.predicate
def assessment_kita_is_visible(user: Any, obj: Any) -> bool:
    if obj is None:
        return True
    return selectors.assessment_kitas_visible_to(user=user).filter(pk=_kita_id_of(obj)).exists()


@rules.predicate
def assessment_kita_is_editable(user: Any, obj: Any) -> bool:
    if obj is None:
        return True
    return selectors.assessment_kitas_editable_by(user=user).filter(pk=_kita_id_of(obj)).exists()


edits_assessments = is_social_worker | is_kita_lead
reads_assessments = edits_assessments | is_coordinator | is_read_only | is_provider

# The criterion set is the office's: the coordinator edits it, everybody who works with plans reads it.
rules.add_perm("family_centres.view_criteria", reads_assessments)
rules.add_perm("family_centres.manage_criteria", is_coordinator)
# A Kita's yearly self-assessment: the same people as its plan (kisa/planning/rules.py).
rules.add_perm("family_centres.view_assessment", reads_assessments & assessment_kita_is_visible)
rules.add_perm("family_centres.edit_assessment", edits_assessments & assessment_kita_is_editable)
# Progress across Kitas and years: the coordinator, the read-only role and the provider (its Kitas).
rules.add_perm("family_centres.view_progress", is_coordinator | is_read_only | is_provider)
