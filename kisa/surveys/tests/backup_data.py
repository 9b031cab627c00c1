"""Survey records for the backup/restore test (kisa/core/tests/test_backup.py collects every app's)."""

from typing import Any

from kisa.surveys.models import Response
from kisa.surveys.tests.factories import make_round, respond


def populate(*, world: Any, settings: Any) -> None:
    respond(make_round(world.office, kitas=[world.kita_a]), world.kita_a, 3)


def verify(*, world: Any) -> None:
    assert Response.objects.filter(kita=world.kita_a).count() == 3
