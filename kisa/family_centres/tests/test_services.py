"""Family-centre services: the default set, criteria, and the self-assessment with its refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kisa.core.models import AuditEntry
from kisa.family_centres import services
from kisa.family_centres.defaults import DEFAULT_CRITERIA
from kisa.family_centres.models import SERVICE_AREAS, STRUCTURE_AREAS, Criterion, Rating, SelfAssessment
from kisa.family_centres.tests.factories import CriterionFactory

FULFILLED = Rating.Fulfilment.FULFILLED
PARTLY = Rating.Fulfilment.PARTLY


def users(world):
    return world.users


def test_default_set_covers_every_area_with_basic_and_advanced_criteria(world):
    created = services.criteria_install_defaults(actor=world.users["coordinator"], youth_office=world.office)

    criteria = Criterion.objects.filter(youth_office=world.office)
    assert created == criteria.count() == sum(len(v) for v in DEFAULT_CRITERIA.values())
    for area in (*SERVICE_AREAS, *STRUCTURE_AREAS):
        basic = criteria.filter(area=area, level="basic").count()
        advanced = criteria.filter(area=area, level="advanced").count()
        assert 2 <= basic <= 3 and 1 <= advanced <= 2, area
    assert AuditEntry.objects.filter(model_label="family_centres.Criterion").count() == created


def test_default_set_leaves_an_office_with_its_own_criteria_alone(world):
    CriterionFactory(youth_office=world.office, text="Eigenes Kriterium")

    assert services.criteria_install_defaults(actor=None, youth_office=world.office) == 0
    assert Criterion.objects.filter(youth_office=world.office).count() == 1


def test_criterion_create_refuses_empty_text_and_unknown_area_naming_the_field(world):
    coordinator = world.users["coordinator"]
    with pytest.raises(ValidationError) as empty:
        services.criterion_create(
            actor=coordinator, youth_office=world.office, area="counselling", level="basic", text="  "
        )
    with pytest.raises(ValidationError) as area:
        services.criterion_create(
            actor=coordinator, youth_office=world.office, area="moon", level="basic", text="x"
        )
    with pytest.raises(ValidationError) as level:
        services.criterion_create(
            actor=coordinator, youth_office=world.office, area="counselling", level="top", text="x"
        )

    assert set(empty.value.error_dict) == {"text"}
    assert set(area.value.error_dict) == {"area"}
    assert set(level.value.error_dict) == {"level"}
    assert not Criterion.objects.exists()


def test_criterion_create_goes_last_in_its_area(world):
    CriterionFactory(youth_office=world.office, area="counselling", position=4)

    criterion = services.criterion_create(
        actor=world.users["coordinator"],
        youth_office=world.office,
        area="counselling",
        level="advanced",
        text="Neu",
    )

    assert criterion.position == 5 and criterion.youth_office == world.office


def test_criterion_of_another_office_cannot_be_changed_or_deactivated(world):
    foreign = CriterionFactory(youth_office=world.other_office, text="Fremd")

    with pytest.raises(ValidationError) as update:
        services.criterion_update(
            actor=world.users["coordinator"],
            youth_office=world.office,
            criterion=foreign,
            area="counselling",
            level="basic",
            text="Übernommen",
            position=1,
        )
    with pytest.raises(ValidationError):
        services.criterion_deactivate(
            actor=world.users["coordinator"], youth_office=world.office, criterion=foreign
        )

    assert "criterion" in update.value.error_dict
    foreign.refresh_from_db()
    assert foreign.text == "Fremd" and foreign.active


def test_start_rates_every_active_criterion_not_yet_and_installs_defaults_when_needed(world):
    assessment = services.assessment_start(actor=world.users["worker_a"], kita=world.kita_a, year=2025)

    active = Criterion.objects.filter(youth_office=world.office, active=True).count()
    assert active > 0
    assert assessment.ratings.count() == active
    assert set(assessment.ratings.values_list("fulfilment", flat=True)) == {Rating.Fulfilment.NOT_YET}


def test_start_refuses_a_second_assessment_and_years_out_of_range(world):
    services.assessment_start(actor=None, kita=world.kita_a, year=2025)

    with pytest.raises(ValidationError) as twice:
        services.assessment_start(actor=None, kita=world.kita_a, year=2025)
    with pytest.raises(ValidationError) as early:
        services.assessment_start(actor=None, kita=world.kita_a, year=1999)
    with pytest.raises(ValidationError) as late:
        services.assessment_start(actor=None, kita=world.kita_a, year=2030, today=dt.date(2026, 1, 1))

    assert (
        {"year"} == set(twice.value.error_dict) == set(early.value.error_dict) == set(late.value.error_dict)
    )
    assert SelfAssessment.objects.count() == 1


@pytest.fixture
def assessment(world):
    CriterionFactory(youth_office=world.office, text="Basis", level="basic")
    CriterionFactory(youth_office=world.office, text="Aufbau", level="advanced", area="cooperation")
    return services.assessment_start(actor=None, kita=world.kita_a, year=2025)


def ids(world):
    criteria = Criterion.objects.filter(youth_office=world.office)
    return criteria.get(text="Basis").pk, criteria.get(text="Aufbau").pk


def test_save_records_ratings_and_audits_without_the_evidence(world, assessment):
    basic, advanced = ids(world)

    services.assessment_save(
        actor=world.users["worker_a"],
        assessment=assessment,
        ratings={basic: (FULFILLED, "Kooperationsvertrag vom 3.3."), advanced: (PARTLY, "")},
    )

    ratings = dict(assessment.ratings.values_list("criterion_id", "fulfilment"))
    assert ratings == {basic: FULFILLED, advanced: PARTLY}
    entry = AuditEntry.objects.get(model_label="family_centres.SelfAssessment", action="update")
    assert "Kooperationsvertrag" not in str(entry.changes)
    assert entry.changes[f"criterion {basic}"] == ["not_yet", FULFILLED]


def test_fulfilled_without_evidence_is_refused_naming_the_evidence_field(world, assessment):
    basic, advanced = ids(world)

    with pytest.raises(ValidationError) as error:
        services.assessment_save(
            actor=None, assessment=assessment, ratings={basic: (FULFILLED, "  "), advanced: (PARTLY, "")}
        )

    assert set(error.value.error_dict) == {f"evidence_{basic}"}
    assert "Basis" in error.value.error_dict[f"evidence_{basic}"][0].message
    # All or nothing: the valid rating was not saved either.
    assert set(assessment.ratings.values_list("fulfilment", flat=True)) == {Rating.Fulfilment.NOT_YET}


def test_unknown_inactive_and_foreign_criteria_and_bad_fulfilment_are_refused(world, assessment):
    basic, _advanced = ids(world)
    foreign = CriterionFactory(youth_office=world.other_office)
    retired = CriterionFactory(youth_office=world.office, active=False, text="Alt")

    with pytest.raises(ValidationError) as error:
        services.assessment_save(
            actor=None,
            assessment=assessment,
            ratings={
                foreign.pk: (PARTLY, ""),
                retired.pk: (PARTLY, ""),
                999999: (PARTLY, ""),
                basic: ("perfect", ""),
            },
        )

    assert set(error.value.error_dict) == {
        f"rating_{foreign.pk}",
        f"rating_{retired.pk}",
        "rating_999999",
        f"rating_{basic}",
    }
    assert not assessment.ratings.filter(criterion__in=[foreign, retired]).exists()


def test_a_criterion_added_after_the_start_joins_the_open_assessment_on_save(world, assessment):
    late = services.criterion_create(
        actor=world.users["coordinator"],
        youth_office=world.office,
        area="communication",
        level="basic",
        text="Neu",
    )

    services.assessment_save(actor=None, assessment=assessment, ratings={late.pk: (PARTLY, "")})

    assert assessment.ratings.get(criterion=late).fulfilment == PARTLY


def test_complete_locks_the_assessment_until_reopened(world, assessment):
    basic, _advanced = ids(world)
    services.assessment_complete(actor=None, assessment=assessment, today=dt.date(2025, 11, 1))

    with pytest.raises(ValidationError) as locked:
        services.assessment_save(actor=None, assessment=assessment, ratings={basic: (PARTLY, "")})
    with pytest.raises(ValidationError):
        services.assessment_complete(actor=None, assessment=assessment)
    services.assessment_reopen(actor=None, assessment=assessment)
    services.assessment_save(actor=None, assessment=assessment, ratings={basic: (PARTLY, "")})

    assert "completed_on" in locked.value.error_dict
    assessment.refresh_from_db()
    assert assessment.completed_on is None


def test_deactivated_criterion_stays_in_the_assessment_that_rated_it(world, assessment):
    basic, _advanced = ids(world)
    services.assessment_save(actor=None, assessment=assessment, ratings={basic: (FULFILLED, "Beleg")})
    criterion = Criterion.objects.get(pk=basic)
    services.criterion_deactivate(
        actor=world.users["coordinator"], youth_office=world.office, criterion=criterion
    )

    services.assessment_save(actor=None, assessment=assessment, ratings={basic: (PARTLY, "")})
    later = services.assessment_start(actor=None, kita=world.kita_b, year=2025)

    assert assessment.ratings.get(criterion_id=basic).fulfilment == PARTLY
    assert not later.ratings.filter(criterion_id=basic).exists()
