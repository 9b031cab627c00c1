"""Demo family-centre development: the default criterion set and self-assessments for 2024 and 2025.

Most Kitas with a social worker assessed themselves in both years; the 2025 figures are better than 2024's
(what a year of family-centre work should show), some Kitas are still working on 2025. Deterministic
(seeded) and idempotent (skipped when the office has self-assessments). Written through the services.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from kisa.family_centres import services
from kisa.family_centres.models import Criterion, Rating, SelfAssessment
from kisa.registry.models import Assignment, Kita

SEED = 17
YEARS = (2024, 2025)
SHARE_ASSESSED = 0.8  # "most" Kitas
EVIDENCE = [
    "Kooperationsvereinbarung liegt vor (Ordner Familienzentrum).",
    "Aushang und Terminplan im Eingangsbereich, Protokoll der Teamsitzung.",
    "Angebotsübersicht des Jahres mit Teilnahmelisten.",
    "Protokoll des Netzwerktreffens und Einladung.",
    "Elternbrief und Auswertung der Elternbefragung.",
]


def _demo_kitas(office: Any) -> list[Kita]:
    """Kitas with a current assignment (the ones the demo's social workers work in), by number; the demo
    logins' Kitas (kitaleitung1, fachkraft1) first, so they always meet an assessment."""
    today = timezone.localdate()
    current = Assignment.objects.current(today).filter(youth_office=office)
    first = set(
        Kita.objects.filter(youth_office=office, lead_memberships__user__username="kitaleitung1").values_list(
            "pk", flat=True
        )
    ) | set(current.filter(staff_member__user__username="fachkraft1").values_list("kita_id", flat=True))
    kitas = Kita.objects.filter(pk__in=current.values("kita_id")).order_by("number")
    return sorted(kitas, key=lambda kita: kita.pk not in first)


def _rate(rng: random.Random, chance: float) -> str:
    roll = rng.random()
    if roll < chance:
        return Rating.Fulfilment.FULFILLED
    return Rating.Fulfilment.PARTLY if roll < chance + (1 - chance) / 2 else Rating.Fulfilment.NOT_YET


def load_family_centres_demo(*, youth_office: Any, stdout: Any = None) -> int:
    """Load the demo for `youth_office`; returns how many self-assessments were written (0: already there)."""
    if SelfAssessment.objects.filter(youth_office=youth_office).exists():
        return 0
    services.criteria_install_defaults(actor=None, youth_office=youth_office)
    kitas = _demo_kitas(youth_office)
    rng = random.Random(SEED)  # noqa: S311 - demo data, reproducible on purpose
    count = max(1, round(len(kitas) * SHARE_ASSESSED)) if kitas else 0
    kitas = kitas[:2] + rng.sample(kitas[2:], max(0, count - 2)) if len(kitas) > 2 else kitas
    criteria = list(Criterion.objects.filter(youth_office=youth_office, active=True))
    written = 0
    for index, kita in enumerate(kitas):
        basic = rng.uniform(0.3, 0.6)
        advanced = rng.uniform(0.05, 0.3)
        for year in YEARS:
            assessment = services.assessment_start(
                actor=None, kita=kita, year=year, today=dt.date(year, 2, 1)
            )
            ratings = {}
            for criterion in criteria:
                chance = basic if criterion.level == Criterion.Level.BASIC else advanced
                fulfilment = _rate(rng, chance)
                evidence = rng.choice(EVIDENCE) if fulfilment == Rating.Fulfilment.FULFILLED else ""
                ratings[criterion.pk] = (fulfilment, evidence)
            services.assessment_save(actor=None, assessment=assessment, ratings=ratings)
            # 2025 still open in every fourth Kita (not the demo logins' own).
            if year == YEARS[0] or index < 2 or index % 4:
                services.assessment_complete(actor=None, assessment=assessment, today=dt.date(year, 11, 20))
            written += 1
            basic = min(0.95, basic + rng.uniform(0.1, 0.25))
            advanced = min(0.8, advanced + rng.uniform(0.08, 0.2))
    if stdout is not None:
        stdout.write(f"Family centres: {len(criteria)} criteria, {written} self-assessments.\n")
    return written
