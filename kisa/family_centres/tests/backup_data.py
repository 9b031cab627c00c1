"""Family-centre records for the backup/restore test (kisa/core/tests/test_backup.py collects every app's)."""

from typing import Any

from kisa.family_centres.models import Rating, SelfAssessment
from kisa.family_centres.tests.factories import CriterionFactory, RatingFactory, SelfAssessmentFactory


def populate(*, world: Any, settings: Any) -> None:
    criterion = CriterionFactory(youth_office=world.office, text="Sprechzeiten für Eltern")
    assessment = SelfAssessmentFactory(kita=world.kita_a, year=2025)
    RatingFactory(assessment=assessment, criterion=criterion, evidence="Aushang im Eingang")


def verify(*, world: Any) -> None:
    assessment = SelfAssessment.objects.get(kita=world.kita_a, year=2025)
    rating = Rating.objects.get(assessment=assessment)
    assert (rating.criterion.text, rating.evidence) == ("Sprechzeiten für Eltern", "Aushang im Eingang")
