"""The planning block of the start page."""

from __future__ import annotations

from django.utils import timezone

from kisa.core.tests.ui import ui
from kisa.planning.tests.factories import PlanFactory


def _section(content: str) -> str:
    return content.split('id="planning-heading"')[1].split("</section>")[0]


def test_an_editor_sees_their_kitas_plan_with_its_current_phase(world):
    year = timezone.localdate().year
    PlanFactory(kita=world.kita_a, year=year)

    section = _section(world.client_for("worker_a").get("/").content.decode())

    assert ui("Planning %(year)s", year=year) in section
    assert f'href="/planung/kitas/{world.kita_a.pk}/{year}/"' in section
    assert f"Kita St. Martin</a>: {ui('Survey')}" in section  # the first phase not done: no findings yet
    assert "Kita Regenbogen" not in section


def test_an_editor_without_a_plan_is_offered_to_create_it(world):
    year = timezone.localdate().year

    section = _section(world.client_for("kita_lead").get("/").content.decode())

    assert f"/planung/kitas/{world.kita_a.pk}/{year}/anlegen/" in section
    assert ui("no plan yet") in section


def test_the_coordinator_gets_a_link_to_all_plans_and_the_admin_nothing(world):
    coordinator = world.client_for("coordinator").get("/").content.decode()
    admin = world.client_for("admin").get("/").content.decode()

    assert ui("Plans of all Kitas") in coordinator
    assert ui("Plans of all Kitas") not in admin and "planning-heading" not in admin
