"""The planning pages per role: editors (worker, Kita lead) write, coordinator, provider and read-only role
read, another office's Kita answers 404."""

from __future__ import annotations

import datetime as dt

import pytest

from kisa.core.tests.ui import ui
from kisa.documentation.tests.factories import ActivityFactory
from kisa.planning.defaults import PRINCIPLES
from kisa.planning.models import CatalogueGoal, Goal, Plan
from kisa.planning.tests.conftest import make_finding
from kisa.planning.tests.factories import CatalogueGoalFactory, GoalFactory, PlanFactory, ProjectFactory


def _plan_url(plan, suffix=""):
    return f"/planung/kitas/{plan.kita_id}/{plan.year}/{suffix}"


def _goal_post(**overrides):
    data = {
        "title": "Eltern lernen sich kennen",
        "target_group": "parents",
        "indicator": "Familien, die zweimal kommen",
        "indicator_source": "manual",
        "baseline": "0",
        "target_value": "12",
        "target_date": "2026-11-30",
        "level_minus_2": "keine",
        "level_minus_1": "1–5",
        "level_0": "6–12",
        "level_plus_1": "13–20",
        "level_plus_2": "mehr als 20",
    }
    data.update(overrides)
    return data


@pytest.fixture
def plan(world):
    return PlanFactory(kita=world.kita_a, year=2026)


def test_the_index_lists_the_workers_kitas_with_a_create_link(world, plan):
    response = world.client_for("worker_a").get("/planung/?year=2027")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Kita St. Martin" in content
    assert "Kita Regenbogen" not in content  # worker B's Kita
    assert f"/planung/kitas/{world.kita_a.pk}/2027/anlegen/" in content


def test_the_coordinator_reads_every_kitas_plan_status_without_create_links(world, plan):
    content = world.client_for("coordinator").get("/planung/?year=2026").content.decode()

    assert all(name in content for name in ("Kita St. Martin", "Kita Regenbogen", "Kita Arche Noah"))
    assert "/anlegen/" not in content
    assert _plan_url(plan) in content


def test_a_worker_starts_next_years_plan_carrying_over_a_ticked_goal(world):
    old_plan = PlanFactory(kita=world.kita_a, year=2025)
    missed = GoalFactory(plan=old_plan, title="Verfehltes Ziel", status=Goal.Status.REVIEWED, attainment=-2)
    GoalFactory(plan=old_plan, title="Erreichtes Ziel", status=Goal.Status.REVIEWED, attainment=2)
    client = world.client_for("worker_a")
    url = f"/planung/kitas/{world.kita_a.pk}/2026/anlegen/"

    page = client.get(url).content.decode()
    response = client.post(url, {"goals": [missed.pk]})

    assert "Verfehltes Ziel" in page and "Erreichtes Ziel" not in page
    plan = Plan.objects.get(kita=world.kita_a, year=2026)
    assert response.status_code == 302 and response["Location"] == _plan_url(plan)
    assert plan.goals.get().carried_from == missed
    content = client.get(_plan_url(plan)).content.decode()
    assert ui("carried over from %(year)s", year=2025) in content


def test_the_kita_lead_creates_a_goal_answering_a_finding_of_their_kita(world, plan):
    finding = make_finding(world, year=2025, text="Eltern fühlen sich allein")
    rough = CatalogueGoalFactory(
        youth_office=world.office, level=CatalogueGoal.Level.ROUGH, title="Grobziel A"
    )
    client = world.client_for("kita_lead")

    form = client.get(_plan_url(plan, "ziele/neu/")).content.decode()
    response = client.post(
        _plan_url(plan, "ziele/neu/"), _goal_post(findings=[finding.pk], catalogue_rough=[rough.pk])
    )

    assert "Eltern fühlen sich allein" in form and "Grobziel A" in form
    assert ui("Rough goals it serves") in form and ui("Fine goals it serves") in form
    assert response.status_code == 302
    goal = plan.goals.get()
    assert list(goal.findings.all()) == [finding] and list(goal.catalogue_goals.all()) == [rough]


def test_a_goal_without_indicator_is_refused_with_a_message_naming_it(world, plan):
    response = world.client_for("worker_a").post(_plan_url(plan, "ziele/neu/"), _goal_post(indicator=""))

    assert response.status_code == 422
    content = response.content.decode()
    assert ui("Indicator") in content
    assert (
        ui(
            "A target without an indicator cannot be measured: name the indicator that shows the goal is "
            "reached."
        )
        in content
    )
    assert not plan.goals.exists()


def test_another_kitas_finding_is_not_offered_and_not_accepted(world, plan):
    foreign = make_finding(world, kita=world.kita_b, year=2025, text="Bedarf der anderen Kita")
    client = world.client_for("worker_a")

    form = client.get(_plan_url(plan, "ziele/neu/")).content.decode()
    response = client.post(_plan_url(plan, "ziele/neu/"), _goal_post(findings=[foreign.pk]))

    assert "Bedarf der anderen Kita" not in form
    assert response.status_code == 422
    assert not plan.goals.exists()


def test_the_plan_page_shows_phases_findings_goals_and_projects_with_their_activities(world, plan):
    finding = make_finding(world, year=2026, text="Sportverein bietet Hallenzeiten an", kind="resource")
    goal = GoalFactory(plan=plan, title="Familien vernetzen sich", findings=[finding])
    project = ProjectFactory(
        plan=plan, responsible=world.worker_a, goals=[goal], title="Elterncafé am Freitag"
    )
    ActivityFactory(
        worker=world.worker_a,
        project=project,
        date=dt.date(2026, 3, 6),
        duration_minutes=90,
        kitas=[world.kita_a],
    )

    response = world.client_for("worker_a").get(_plan_url(plan))

    content = response.content.decode()
    phases = content.split('id="phases"')[1].split("</ol>")[0]
    assert response.status_code == 200
    assert all(
        ui(label) in phases
        for label in ("Survey", "Evaluation", "Goals", "Projects", "Implementation", "Review")
    )
    assert ui("done") in phases  # the survey: there is a finding
    assert "Sportverein bietet Hallenzeiten an" in content
    assert "Familien vernetzen sich" in content and goal.level_0 in content
    assert "Elterncafé am Freitag" in content
    assert "06.03.2026" in content and "Typ case" in content and ">90<" in content
    assert ui("Add goal") in content and ui("Add project") in content


@pytest.mark.parametrize("persona", ["coordinator", "provider", "read_only"])
def test_readers_see_the_plan_without_edit_controls(world, plan, persona):
    GoalFactory(plan=plan, title="Familien vernetzen sich")

    response = world.client_for(persona).get(_plan_url(plan))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Familien vernetzen sich" in content
    assert ui("Add goal") not in content and ui("Save evaluation") not in content
    assert ui("Add project") not in content and "/vorhaben/" not in content
    assert "/bewertung/" not in content


@pytest.mark.parametrize(("persona", "status"), [("worker_b", 404), ("outsider", 404), ("admin", 403)])
def test_others_do_not_see_the_plan(world, plan, persona, status):
    assert world.client_for(persona).get(_plan_url(plan)).status_code == status


@pytest.mark.parametrize(("persona", "status"), [("coordinator", 403), ("provider", 403), ("worker_b", 404)])
def test_readers_and_others_cannot_add_goals(world, plan, persona, status):
    response = world.client_for(persona).post(_plan_url(plan, "ziele/neu/"), _goal_post())

    assert response.status_code == status
    assert not plan.goals.exists()


def test_the_evaluation_is_saved_from_the_plan_page(world, plan):
    client = world.client_for("worker_a")

    empty = client.post(_plan_url(plan, "auswertung/"), {"evaluation": ""})
    saved = client.post(_plan_url(plan, "auswertung/"), {"evaluation": "Austausch ist das Thema."})

    assert empty.status_code == 422
    assert ui("Write down what you concluded from the findings.") in empty.content.decode()
    assert saved.status_code == 302
    plan.refresh_from_db()
    assert plan.evaluation == "Austausch ist das Thema." and plan.evaluated_on is not None


def test_a_missing_plan_offers_editors_to_create_it(world):
    worker = world.client_for("worker_a").get(f"/planung/kitas/{world.kita_a.pk}/2030/").content.decode()
    reader = world.client_for("coordinator").get(f"/planung/kitas/{world.kita_a.pk}/2030/").content.decode()

    assert "/2030/anlegen/" in worker
    assert ui("There is no plan for %(year)s yet.", year=2030) in reader and "/anlegen/" not in reader


def test_a_project_is_created_and_edited_and_its_period_checked(world, plan):
    goal = GoalFactory(plan=plan)
    client = world.client_for("worker_a")
    data = {
        "title": "Elterncafé",
        "dimension": "cross_case",
        "goals": [goal.pk],
        "partner_providers": [world.church.pk],
        "starts_on": "2026-03-01",
        "ends_on": "2026-02-01",
        "responsible": world.worker_a.pk,
        "planned_hours": "40",
        "planned_costs": "0",
        "actual_costs": "0",
        "status": "planned",
    }

    refused = client.post(_plan_url(plan, "vorhaben/neu/"), data)
    created = client.post(_plan_url(plan, "vorhaben/neu/"), {**data, "ends_on": "2026-10-31"})
    project = plan.projects.get()
    edited = client.post(
        _plan_url(plan, f"vorhaben/{project.pk}/"), {**data, "ends_on": "2026-10-31", "status": "running"}
    )

    assert refused.status_code == 422
    assert ui("The project cannot end before it starts.") in refused.content.decode()
    assert created.status_code == 302 and edited.status_code == 302
    project.refresh_from_db()
    assert project.status == "running" and list(project.partner_providers.all()) == [world.church]


def test_an_early_review_asks_for_a_reason(world, plan):
    goal = GoalFactory(plan=plan)
    client = world.client_for("worker_a")
    url = _plan_url(plan, f"ziele/{goal.pk}/bewertung/")
    data = {
        "attainment": "1",
        "actual_value": "15",
        "evidence": "Listen",
        "lesson": "",
        "early_review_reason": "",
    }

    page = client.get(url).content.decode()
    refused = client.post(url, data)
    reviewed = client.post(url, {**data, "early_review_reason": "Projekt endet vorzeitig"})

    assert goal.level_plus_1 in page
    assert refused.status_code == 422
    assert ui("Reason for reviewing before the plan period ends") in refused.content.decode()
    assert reviewed.status_code == 302
    goal.refresh_from_db()
    assert goal.status == Goal.Status.REVIEWED and goal.attainment == 1


def test_a_review_without_attainment_is_refused_naming_the_field(world):
    plan = PlanFactory(kita=world.kita_a, year=2025)
    goal = GoalFactory(plan=plan)

    response = world.client_for("worker_a").post(
        _plan_url(plan, f"ziele/{goal.pk}/bewertung/"), {"attainment": "", "evidence": ""}
    )

    assert response.status_code == 422
    assert ui("Attainment") in response.content.decode()
    goal.refresh_from_db()
    assert goal.status == Goal.Status.OPEN


def test_the_year_review_is_completed_once_every_goal_is_reviewed(world):
    plan = PlanFactory(kita=world.kita_a, year=2025)
    GoalFactory(plan=plan, status=Goal.Status.REVIEWED, attainment=0)
    client = world.client_for("kita_lead")

    page = client.get(_plan_url(plan)).content.decode()
    response = client.post(_plan_url(plan, "abschluss/"), {"review_summary": "Ein gutes Jahr."})

    assert ui("Complete the review") in page
    assert response.status_code == 302
    assert "Ein gutes Jahr." in client.get(_plan_url(plan)).content.decode()


def test_the_catalogue_is_read_by_all_and_kept_by_the_coordinator(world):
    CatalogueGoalFactory(youth_office=world.office, title="Familien vernetzen sich untereinander")
    CatalogueGoalFactory(youth_office=world.other_office, title="Ziel des anderen Amts")

    worker = world.client_for("worker_a").get("/planung/ziele/").content.decode()
    coordinator = world.client_for("coordinator")
    page = coordinator.get("/planung/ziele/").content.decode()
    created = coordinator.post(
        "/planung/ziele/neu/",
        {"level": "rough", "audience": "general", "title": "Übergänge gestalten", "position": "20"},
    )
    goal = CatalogueGoal.objects.get(title="Übergänge gestalten")
    retired = coordinator.post(
        f"/planung/ziele/{goal.pk}/",
        {"level": "rough", "audience": "general", "title": "Übergänge gestalten", "position": "20"},
    )

    assert "Familien vernetzen sich untereinander" in worker and "Ziel des anderen Amts" not in worker
    assert ui("Add catalogue goal") not in worker and ui("Add catalogue goal") in page
    assert created.status_code == 302 and retired.status_code == 302
    goal.refresh_from_db()
    assert goal.active is False  # the unticked box retires it
    assert world.client_for("worker_a").post("/planung/ziele/neu/", {}).status_code == 403


def test_the_principles_page_shows_the_five_principles(world):
    content = world.client_for("provider").get("/planung/grundsaetze/").content.decode()

    assert all(ui(str(title)) in content for title, _text in PRINCIPLES)


def test_the_provider_is_told_where_the_findings_are_instead_of_seeing_none(world, plan):
    make_finding(world, year=2025, text="Eltern wünschen Austausch")

    provider = world.client_for("provider").get(_plan_url(plan)).content.decode()
    worker = world.client_for("worker_a").get(_plan_url(plan)).content.decode()

    assert "Eltern wünschen Austausch" not in provider
    assert (
        ui(
            "The findings themselves are shown to the Kita's social worker, the Kita leadership and the "
            "coordination."
        )
        in provider
    )
    assert "Eltern wünschen Austausch" in worker


def test_the_navigation_offers_planning_to_readers_only(world):
    assert 'href="/planung/"' in world.client_for("read_only").get("/").content.decode()
    assert 'href="/planung/"' not in world.client_for("admin").get("/").content.decode()
