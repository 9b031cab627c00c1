"""The family-centre demo: defaults, self-assessments for 2024 and 2025 in most demo Kitas, improving, once."""

import io

from kisa.accounts.demo import load_accounts_demo
from kisa.accounts.models import User
from kisa.family_centres.demo import load_family_centres_demo
from kisa.family_centres.models import Criterion, SelfAssessment
from kisa.family_centres.selectors import assessment_kitas_visible_to, progress_for
from kisa.registry.demo import load_registry_demo
from kisa.registry.models import Assignment, Kita


def test_demo_assesses_most_kitas_in_two_years_with_improving_figures_and_loads_once(db):
    registry = load_registry_demo(stdout=io.StringIO())
    load_accounts_demo(registry=registry, password="kisa-demo-2026")
    office = registry.youth_office

    written = load_family_centres_demo(youth_office=office, stdout=io.StringIO())

    assessments = SelfAssessment.objects.filter(youth_office=office)
    with_worker = Assignment.objects.filter(youth_office=office).values("kita_id").distinct().count()
    assessed = assessments.values("kita").distinct().count()
    assert written == assessments.count() == 2 * assessed
    assert assessed >= 0.7 * with_worker and assessed >= 2
    assert set(assessments.values_list("year", flat=True)) == {2024, 2025}
    assert Criterion.objects.filter(youth_office=office).count() >= 30
    assert assessments.filter(year=2025, completed_on__isnull=True).exists()
    assert not assessments.filter(year=2024, completed_on__isnull=True).exists()
    rows = progress_for(kitas=Kita.objects.filter(youth_office=office))
    by_year = {year: [row for row in rows if row.year == year] for year in (2024, 2025)}
    average = {
        year: sum(row.basic.fulfilled for row in items) / sum(row.basic.total for row in items)
        for year, items in by_year.items()
    }
    assert average[2025] > average[2024] + 0.1
    improved = sum(
        1
        for before, after in zip(by_year[2024], by_year[2025], strict=True)
        if after.basic.fulfilled + after.advanced.fulfilled
        > before.basic.fulfilled + before.advanced.fulfilled
    )
    assert improved >= 0.8 * len(by_year[2025])
    for username in ("kitaleitung1", "fachkraft1"):
        user = User.objects.get(username=username)
        visible = assessments.filter(kita__in=assessment_kitas_visible_to(user=user))
        assert visible.filter(year=2025).exists(), username
    assert load_family_centres_demo(youth_office=office, stdout=io.StringIO()) == 0
    assert assessments.count() == written
