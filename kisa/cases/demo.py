"""Demo cases and consents for the first demo workers (deterministic, idempotent: skipped when a worker
already has cases). Contact data only when encryption keys are configured (.env.example has a dev key)."""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.utils import timezone

from kisa.cases import services
from kisa.cases.models import AgeBand, Case, Consent
from kisa.directory.categories import ServiceCategory
from kisa.registry.demo import DemoRegistry
from kisa.registry.models import Assignment

WORKERS_WITH_CASES = 4
CASES_PER_WORKER = 5


def load_cases_demo(*, registry: DemoRegistry) -> int:
    """Create the demo cases; returns how many were created."""
    rng = random.Random(20261126)  # noqa: S311 - deterministic demo data, not security
    today = timezone.localdate()
    with_contact = bool(getattr(settings, "KISA_FIELD_ENCRYPTION_KEYS", None))
    workers = registry.social_workers[:WORKERS_WITH_CASES]
    created = 0
    for index, worker in enumerate(workers):
        if Case.objects.filter(responsible=worker).exists():
            continue
        assignments = list(
            Assignment.objects.current(today).filter(staff_member=worker).select_related("kita")
        )
        if not assignments or worker.user_id is None:
            continue
        deputy = workers[(index + 1) % len(workers)] if len(workers) > 1 else None
        for number in range(CASES_PER_WORKER):
            opened_on = today - dt.timedelta(days=rng.randint(20, 400))
            children = rng.choice([1, 1, 2, 2, 3, 4])
            case = services.case_create(
                actor=None,
                youth_office=registry.youth_office,
                responsible=worker,
                kita=rng.choice(assignments).kita,
                opened_on=opened_on,
                number_of_children=children,
                age_bands=sorted(rng.sample(AgeBand.values, k=min(children, 2))),
                family_language=rng.choice(["de", "de", "de", "ar", "tr", "uk", "ru", ""]),
                deputy=deputy if deputy is not None and deputy.user_id else None,
                contact=f"Familie Demo-{index + 1}{number + 1}, Tel. 0261 000{index}{number}"
                if with_contact
                else "",
            )
            created += 1
            if number % 2 == 0:
                services.consent_add(
                    actor=None,
                    case=case,
                    kind=Consent.Kind.RELEASE,
                    recipient_category=rng.choice(
                        [
                            ServiceCategory.PARENTING_COUNSELLING,
                            ServiceCategory.EARLY_INTERVENTION,
                            ServiceCategory.SPEECH_THERAPY,
                        ]
                    ),
                    data_scope="Kontaktdaten und Anlass der Vermittlung",
                    form=Consent.Form.WRITTEN,
                    given_on=opened_on + dt.timedelta(days=7),
                    expires_on=opened_on + dt.timedelta(days=372),
                )
            if number == CASES_PER_WORKER - 1:
                services.case_close(
                    actor=None,
                    case=case,
                    closed_on=min(today, opened_on + dt.timedelta(days=90)),
                    outcome=Case.Outcome.REFERRED,
                )
    return created
