"""Issue 5's done-when: a social worker (on a phone) and the Kita lead go from the evaluated 2025 survey round
to the 2026 plan with goals and projects in one sitting; documented work appears under its project; the
coordinator sees every Kita's cycle status."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from kisa.documentation.tests.factories import ActivityFactory
from kisa.planning.models import Goal, Plan
from kisa.planning.services import catalogue_install_defaults
from kisa.planning.tests.conftest import make_finding
from kisa.planning.tests.factories import GoalFactory, PlanFactory
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_worker_and_kita_lead_plan_2026_from_the_2025_findings(
    browser: Browser, phone: Page, desktop: Page, live_server, world, test_password
):
    catalogue_install_defaults(actor=None, youth_office=world.office)
    make_finding(world, year=2025, text="Eltern wünschen sich mehr Austausch untereinander")
    make_finding(world, year=2025, kind="resource", text="Der Sportverein bietet Hallenzeiten an")
    old_plan = PlanFactory(kita=world.kita_a, year=2025)
    GoalFactory(plan=old_plan, title="Väter erreichen", status=Goal.Status.REVIEWED, attainment=-1)
    GoalFactory(plan=old_plan, title="Sprachcafé etablieren", status=Goal.Status.REVIEWED, attainment=1)

    # The worker starts the 2026 plan and carries last year's missed goal over.
    log_in(phone, live_server, "fachkraft_a", test_password)
    phone.goto(f"{live_server.url}/planung/?year=2026")
    phone.get_by_role("link", name="Plan anlegen").click()
    expect(phone.get_by_role("main")).not_to_contain_text("Sprachcafé etablieren")
    phone.get_by_label(re.compile("Väter erreichen")).check()
    phone.get_by_role("button", name="Plan anlegen").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Plan 2026: Kita St. Martin")
    expect(phone.get_by_role("main")).to_contain_text("übernommen aus 2025")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the plan page scrolls sideways on a phone ({width}px)"

    # Evaluation of the findings.
    expect(phone.locator("#needs")).to_contain_text("Eltern wünschen sich mehr Austausch")
    phone.get_by_role("textbox", name="Auswertung der Befunde").fill(
        "Austausch unter Eltern ist das wichtigste Thema."
    )
    phone.get_by_role("button", name="Auswertung speichern").click()
    expect(phone.locator("#evaluation")).to_contain_text("Austausch unter Eltern")

    # A goal answering the need; first without an indicator, which is refused naming the field.
    phone.get_by_role("link", name="Ziel hinzufügen").click()
    phone.get_by_label("Titel").fill("Eltern lernen sich im Elterncafé kennen")
    phone.get_by_label(re.compile("Eltern wünschen sich mehr Austausch")).check()
    phone.get_by_label(re.compile("Familien vernetzen sich untereinander")).check()
    phone.get_by_label("Ausgangswert").fill("0")
    phone.get_by_label("Zielwert").fill("12")
    phone.get_by_label("Zieldatum").fill("2026-11-30")
    for label, text in [
        ("−2: viel weniger als erwartet", "keine Familie"),
        ("−1: etwas weniger als erwartet", "1–5 Familien"),
        ("0: erwartetes Ergebnis", "6–12 Familien"),
        ("+1: etwas mehr als erwartet", "13–20 Familien"),
        ("+2: viel mehr als erwartet", "mehr als 20 Familien"),
    ]:
        phone.get_by_label(label).fill(text)
    phone.get_by_role("button", name="Speichern").click()
    expect(phone.get_by_role("alert")).to_contain_text("Indikator")
    phone.get_by_label("Indikator", exact=True).fill("Familien, die mindestens zweimal teilnehmen")
    phone.get_by_role("button", name="Speichern").click()
    expect(phone.get_by_role("main")).to_contain_text("Eltern lernen sich im Elterncafé kennen")

    # The Kita lead adds the project that serves the new goal.
    log_in(desktop, live_server, "kitaleitung", test_password)
    desktop.goto(f"{live_server.url}/planung/kitas/{world.kita_a.pk}/2026/")
    desktop.get_by_role("link", name="Vorhaben hinzufügen").click()
    desktop.get_by_label("Titel").fill("Elterncafé am Freitag")
    desktop.get_by_label("Eltern lernen sich im Elterncafé kennen").check()
    desktop.get_by_label("Väter erreichen").check()
    desktop.get_by_label("Zuständige Fachkraft").select_option(label=str(world.worker_a))
    desktop.get_by_label("Geplanter Aufwand (Stunden)").fill("40")
    desktop.get_by_role("button", name="Speichern").click()
    expect(desktop.get_by_role("heading", name="Elterncafé am Freitag")).to_be_visible()
    plan = Plan.objects.get(kita=world.kita_a, year=2026)
    assert plan.goals.count() == 2 and plan.projects.get().goals.count() == 2

    # Documented work appears under the project it serves.
    ActivityFactory(
        worker=world.worker_a,
        project=plan.projects.get(),
        date=dt.date(2026, 3, 6),
        duration_minutes=90,
        kitas=[world.kita_a],
    )
    desktop.reload()
    expect(desktop.get_by_role("main")).to_contain_text("1 dokumentierte Tätigkeit")
    expect(desktop.get_by_role("main")).to_contain_text("06.03.2026")

    # The coordinator reads every Kita's cycle status, without edit controls.
    coordinator = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE").new_page()
    log_in(coordinator, live_server, "koordination", test_password)
    coordinator.goto(f"{live_server.url}/planung/?year=2026")
    for name in ("Kita St. Martin", "Kita Regenbogen", "Kita Arche Noah"):
        expect(coordinator.get_by_role("main")).to_contain_text(name)
    expect(coordinator.get_by_role("link", name="Plan anlegen")).to_have_count(0)
    coordinator.get_by_role("link", name="Kita St. Martin").click()
    expect(coordinator.get_by_role("heading", name="Elterncafé am Freitag")).to_be_visible()
    expect(coordinator.get_by_role("link", name="Ziel hinzufügen")).to_have_count(0)
    coordinator.context.close()
