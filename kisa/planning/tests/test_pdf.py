"""The plan as PDF: what the Kita team and the provider read in it, and that the download is audited."""

from __future__ import annotations

import datetime as dt

from kisa.core.models import AuditEntry
from kisa.core.tests.ui import ui
from kisa.documentation.tests.factories import ActivityFactory
from kisa.planning.models import Goal
from kisa.planning.tests.conftest import make_finding
from kisa.planning.tests.factories import GoalFactory, PlanFactory, ProjectFactory
from kisa.surveys.tests.pdf_text import pdf_text


def _plain(text: str) -> str:
    return " ".join(text.split())


def test_the_plan_pdf_holds_phases_findings_goals_projects_and_review(world):
    plan = PlanFactory(
        kita=world.kita_a, year=2025, review_summary="Ein gutes Jahr.", reviewed_on=dt.date(2026, 1, 20)
    )
    finding = make_finding(world, year=2025, text="Eltern wünschen Austausch")
    goal = GoalFactory(
        plan=plan,
        title="Eltern vernetzen sich",
        findings=[finding],
        status=Goal.Status.REVIEWED,
        attainment=1,
        actual_value=16,
        evidence="Teilnahmelisten",
    )
    project = ProjectFactory(
        plan=plan, title="Elterncafé am Freitag", responsible=world.worker_a, goals=[goal]
    )
    ActivityFactory(worker=world.worker_a, project=project, date=dt.date(2025, 3, 7), duration_minutes=120)

    response = world.client_for("worker_a").get(f"/planung/kitas/{world.kita_a.pk}/2025/plan.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _plain(pdf_text(response.content))
    for expected in (
        "Kita St. Martin",
        "2025",
        "Eltern wünschen Austausch",
        "Eltern vernetzen sich",
        goal.indicator,
        goal.level_plus_1,
        "Teilnahmelisten",
        "Elterncafé am Freitag",
        "Adler",
        "Ein gutes Jahr.",
    ):
        assert _plain(expected) in text, expected
    assert _plain(ui("Phases")) in text and _plain(ui("Survey")) in text


def test_the_provider_gets_the_pdf_and_the_download_is_audited(world):
    PlanFactory(kita=world.kita_a, year=2026)
    path = f"/planung/kitas/{world.kita_a.pk}/2026/plan.pdf"

    response = world.client_for("provider").get(path)

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.actor_name == "traeger"
    assert entry.object_repr.startswith(f"GET {path}")


def test_another_offices_pdf_is_not_found(world):
    plan = PlanFactory(kita=world.other_kita, year=2026)

    response = world.client_for("coordinator").get(f"/planung/kitas/{plan.kita_id}/2026/plan.pdf")

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()
