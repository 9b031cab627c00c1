"""Family-centre pages: criteria, a Kita's self-assessment, progress, the start-page section."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kisa.core.tests.ui import queries_for, ui
from kisa.family_centres import services
from kisa.family_centres.models import Criterion, Rating, SelfAssessment
from kisa.family_centres.tests.factories import CriterionFactory, RatingFactory, SelfAssessmentFactory
from kisa.registry.tests.factories import KitaFactory

FULFILLED = Rating.Fulfilment.FULFILLED


def url(name: str, *args) -> str:
    return reverse(f"family_centres:{name}", args=args)


@pytest.fixture
def criteria(world):
    return [
        CriterionFactory(youth_office=world.office, text="Sprechzeiten für Eltern", level="basic"),
        CriterionFactory(
            youth_office=world.office,
            text="Beratung in Familiensprachen",
            level="advanced",
            area="counselling",
        ),
    ]


def assess(kita, year, criteria, fulfilled, completed=True):
    assessment = SelfAssessmentFactory(
        kita=kita, year=year, completed_on=f"{year}-11-01" if completed else None
    )
    for index, criterion in enumerate(criteria):
        RatingFactory(
            assessment=assessment,
            criterion=criterion,
            fulfilment=FULFILLED if index < fulfilled else Rating.Fulfilment.NOT_YET,
            evidence="Beleg" if index < fulfilled else "",
        )
    return assessment


def test_coordinator_edits_criteria_others_only_read_them(world, criteria):
    coordinator = world.client_for("coordinator").get(url("criteria_list")).content.decode()
    worker = world.client_for("worker_a").get(url("criteria_list")).content.decode()

    assert "Sprechzeiten für Eltern" in coordinator and "Sprechzeiten für Eltern" in worker
    assert url("criterion_edit", criteria[0].pk) in coordinator
    assert url("criterion_edit", criteria[0].pk) not in worker
    assert ui("New criterion") not in worker


def test_coordinator_adds_a_criterion_and_empty_text_is_refused(world):
    client = world.client_for("coordinator")

    refused = client.post(url("criterion_create"), {"area": "counselling", "level": "basic", "text": " "})
    created = client.post(
        url("criterion_create"), {"area": "communication", "level": "advanced", "text": "Website"}
    )

    assert refused.status_code == 422
    assert created.status_code == 302
    criterion = Criterion.objects.get(text="Website")
    assert (criterion.youth_office, criterion.area, criterion.level) == (
        world.office,
        "communication",
        "advanced",
    )


def test_coordinator_installs_the_default_set_and_stops_using_a_criterion(world):
    client = world.client_for("coordinator")
    client.post(url("criteria_defaults"))
    criterion = Criterion.objects.filter(youth_office=world.office).first()

    client.post(url("criterion_deactivate", criterion.pk))

    assert Criterion.objects.filter(youth_office=world.office).count() > 30
    criterion.refresh_from_db()
    assert not criterion.active
    assert world.client_for("worker_a").post(url("criteria_defaults")).status_code == 403


def test_worker_starts_rates_and_completes_a_self_assessment(world, criteria):
    client = world.client_for("worker_a")
    page = client.get(url("assessment", world.kita_a.pk, 2025)).content.decode()
    assert (
        ui("Start the self-assessment %(year)s", year=2025).replace("%(year)s", "2025") in page
        or "2025" in page
    )

    client.post(url("assessment_start", world.kita_a.pk, 2025))
    basic, advanced = criteria
    response = client.post(
        url("assessment", world.kita_a.pk, 2025),
        {
            f"rating_{basic.pk}": FULFILLED,
            f"evidence_{basic.pk}": "Aushang",
            f"rating_{advanced.pk}": "partly",
        },
    )
    completed = client.post(
        url("assessment", world.kita_a.pk, 2025),
        {
            f"rating_{basic.pk}": FULFILLED,
            f"evidence_{basic.pk}": "Aushang",
            f"rating_{advanced.pk}": "partly",
            "complete": "1",
        },
    )

    assert response.status_code == completed.status_code == 302
    assessment = SelfAssessment.objects.get(kita=world.kita_a, year=2025)
    assert assessment.completed_on is not None
    assert dict(assessment.ratings.values_list("criterion_id", "fulfilment")) == {
        basic.pk: FULFILLED,
        advanced.pk: "partly",
    }
    page = client.get(url("assessment", world.kita_a.pk, 2025)).content.decode()
    assert "Aushang" in page and ui("Reopen for corrections") in page


def test_fulfilled_without_evidence_shows_the_error_at_the_criterion(world, criteria):
    client = world.client_for("kita_lead")
    services.assessment_start(actor=None, kita=world.kita_a, year=2025)
    basic, advanced = criteria

    response = client.post(
        url("assessment", world.kita_a.pk, 2025),
        {f"rating_{basic.pk}": FULFILLED, f"evidence_{basic.pk}": "", f"rating_{advanced.pk}": "partly"},
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert f'href="#id_evidence_{basic.pk}"' in page
    assert ui("Say what shows that “%(criterion)s” is fulfilled.", criterion=basic.text) in page
    assert not SelfAssessment.objects.get(kita=world.kita_a).ratings.filter(fulfilment=FULFILLED).exists()


def test_provider_reads_the_self_assessment_without_a_form_to_change_it(world, criteria):
    assess(world.kita_a, 2025, criteria, fulfilled=1, completed=False)

    response = world.client_for("provider").get(url("assessment", world.kita_a.pk, 2025))
    refused = world.client_for("provider").post(url("assessment", world.kita_a.pk, 2025), {})

    page = response.content.decode()
    assert "Sprechzeiten für Eltern" in page and "Beleg" in page
    assert ui("Save and complete") not in page
    assert " disabled" in page
    assert refused.status_code == 403


def test_progress_shows_shares_per_kita_and_year_only_for_the_providers_kitas(world, criteria):
    """The provider's Kitas as in the plans: its own, and those its staff work in (kisa.registry.selectors)."""
    assess(world.kita_a, 2024, criteria, fulfilled=0)
    assess(world.kita_a, 2025, criteria, fulfilled=1)
    assess(
        KitaFactory(youth_office=world.office, provider=world.municipal, name="Kita Sonnenschein"),
        2025,
        criteria,
        1,
    )

    coordinator = world.client_for("coordinator").get(url("progress")).content.decode()
    provider = world.client_for("provider").get(url("progress")).content.decode()

    assert "Kita St. Martin" in coordinator and "Kita Sonnenschein" in coordinator
    assert '<meter class="fc-meter" min="0" max="1" value="1">100 %</meter>' in coordinator
    assert '<meter class="fc-meter" min="0" max="1" value="0">0 %</meter>' in coordinator
    assert "Kita St. Martin" in provider and "Kita Sonnenschein" not in provider
    assert 'style="' not in coordinator


def test_progress_page_queries_do_not_grow_with_the_kitas(world, criteria):
    client = world.client_for("coordinator")
    assess(world.kita_a, 2025, criteria, fulfilled=1)
    one = queries_for(client, url("progress"))
    assess(world.kita_b, 2025, criteria, fulfilled=1)
    assess(world.kita_c, 2025, criteria, fulfilled=2)

    assert queries_for(client, url("progress")) == one


def test_start_page_lists_the_workers_kitas_and_the_coordinators_figures(world, criteria):
    services.assessment_start(actor=None, kita=world.kita_a, year=2026)

    worker = world.client_for("worker_a").get(reverse("core:home")).content.decode()
    coordinator = world.client_for("coordinator").get(reverse("core:home")).content.decode()

    assert ui("Family-centre development") in worker
    assert (
        url("assessment", world.kita_a.pk, 2026) in worker
        or url("assessment", world.kita_a.pk, 2025) in worker
    )
    assert url("progress") in coordinator


def test_index_lists_the_users_kitas_with_their_assessed_years(world, criteria):
    assess(world.kita_a, 2024, criteria, fulfilled=1)

    worker = world.client_for("worker_a").get(url("kita_index")).content.decode()
    coordinator = world.client_for("coordinator").get(url("kita_index")).content.decode()

    assert url("assessment", world.kita_a.pk, 2024) in worker
    assert "Kita St. Martin" in worker and "Kita Regenbogen" not in worker
    assert all(name in coordinator for name in ("Kita St. Martin", "Kita Regenbogen", "Kita Arche Noah"))
    assert "Kita Fremd" not in coordinator
