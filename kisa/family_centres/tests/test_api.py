"""The family-centre progress endpoint: scoped like the progress page, filters checked."""

from __future__ import annotations

import pytest

from kisa.family_centres.models import Rating
from kisa.family_centres.tests.factories import CriterionFactory, RatingFactory, SelfAssessmentFactory

URL = "/api/v1/family-centres/progress"


@pytest.fixture
def assessments(world):
    basic = CriterionFactory(youth_office=world.office, level="basic", area="counselling")
    advanced = CriterionFactory(youth_office=world.office, level="advanced", area="development")
    made = {}
    for kita, year, fulfilled in ((world.kita_a, 2024, 0), (world.kita_a, 2025, 2), (world.kita_b, 2025, 1)):
        assessment = SelfAssessmentFactory(kita=kita, year=year)
        for index, criterion in enumerate((basic, advanced)):
            done = index < fulfilled
            RatingFactory(
                assessment=assessment,
                criterion=criterion,
                fulfilment=Rating.Fulfilment.FULFILLED if done else Rating.Fulfilment.PARTLY,
                evidence="Beleg" if done else "",
            )
        made[(kita.pk, year)] = assessment
    other = SelfAssessmentFactory(kita=world.other_kita, year=2025)
    return made, other


def test_coordinator_gets_every_kita_and_year_with_shares_per_area(world, assessments):
    response = world.client_for("coordinator").get(URL)

    body = response.json()
    assert response.status_code == 200 and body["count"] == 3
    rows = {(row["kita"]["id"], row["year"]): row for row in body["items"]}
    best = rows[(world.kita_a.pk, 2025)]
    assert best["basic"] == {"fulfilled": 1, "total": 1, "percent": 100}
    assert best["advanced"] == {"fulfilled": 1, "total": 1, "percent": 100}
    areas = {area["area"]: area for area in best["areas"]}
    assert len(areas) == 8
    assert areas["development"]["advanced"]["fulfilled"] == 1
    assert areas["communication"]["basic"] == {"fulfilled": 0, "total": 0, "percent": None}
    assert rows[(world.kita_a.pk, 2024)]["basic"]["percent"] == 0


def test_filters_by_year_and_kita(world, assessments):
    client = world.client_for("read_only")

    by_year = client.get(URL, {"year": 2025}).json()
    by_kita = client.get(URL, {"kita": world.kita_b.pk}).json()

    assert {(row["kita"]["id"], row["year"]) for row in by_year["items"]} == {
        (world.kita_a.pk, 2025),
        (world.kita_b.pk, 2025),
    }
    assert [row["kita"]["id"] for row in by_kita["items"]] == [world.kita_b.pk]


def test_other_office_and_roles_without_progress(world, assessments):
    outsider = world.client_for("outsider").get(URL).json()
    other_kita = world.client_for("coordinator").get(URL, {"kita": world.other_kita.pk}).json()

    assert [row["kita"]["id"] for row in outsider["items"]] == [world.other_kita.pk]
    assert other_kita["count"] == 0
    assert world.client_for("worker_a").get(URL).status_code == 403
    assert world.client_for("admin").get(URL).status_code == 403


def test_a_bad_year_is_refused_naming_the_field(world):
    response = world.client_for("coordinator").get(URL, {"year": "1800"})

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["detail"]] == ["year"]
