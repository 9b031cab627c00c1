"""Writes of the planning cycle. Every function takes keyword arguments, runs in a transaction and audits
its changes; invalid input raises ValidationError naming the field."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kisa.core.services import audited_create
from kisa.planning.defaults import DEFAULT_CATALOGUE
from kisa.planning.models import CatalogueGoal


@transaction.atomic
def catalogue_install_defaults(*, actor: Any, youth_office: Any) -> int:
    """Install the seed's rough and fine goals for an office; goals it already has are kept. Returns how
    many were added."""
    existing = set(CatalogueGoal.objects.filter(youth_office=youth_office).values_list("title", flat=True))
    added = 0
    for position, (level, audience, title) in enumerate(DEFAULT_CATALOGUE):
        if title in existing:
            continue
        audited_create(
            actor=actor,
            instance=CatalogueGoal(
                youth_office=youth_office, level=level, audience=audience, title=title, position=position
            ),
        )
        added += 1
    return added
