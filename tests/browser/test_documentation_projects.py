"""A social worker links work documented without signal to a project of the Kita's plan; the project select
follows the ticked Kitas."""

from __future__ import annotations

import html

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from kisa.core.tests.ui import ui
from kisa.documentation.models import Activity
from kisa.planning.models import Project
from kisa.planning.tests.factories import PlanFactory, ProjectFactory
from kisa.registry.tests.factories import AssignmentFactory
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def t(msgid: str) -> str:
    return html.unescape(ui(msgid))


def test_offline_entry_links_the_project_of_the_ticked_kita(phone: Page, live_server, world, test_password):
    year = timezone.localdate().year
    AssignmentFactory(youth_office=world.office, staff_member=world.worker_a, kita=world.kita_c)
    cafe = ProjectFactory(
        plan=PlanFactory(kita=world.kita_a, year=year),
        responsible=world.worker_a,
        title="Elterncafé am Freitag",
        status=Project.Status.RUNNING,
    )
    ProjectFactory(
        plan=PlanFactory(kita=world.kita_c, year=year),
        responsible=world.worker_a,
        title="Runder Tisch Kinder",
    )
    errors: list[str] = []
    page = phone
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, "fachkraft_a", test_password)
    page.goto(f"{live_server.url}/dokumentation/erfassen/")
    project = page.get_by_label(t("Project"))
    for box in page.locator("input[name='kitas']").all():
        box.uncheck()
    expect(project.locator("optgroup:not([hidden])")).to_have_count(2)

    page.get_by_label("Kita St. Martin").check()
    expect(project.locator("optgroup:not([hidden])")).to_have_count(1)
    expect(project.locator("optgroup[hidden][label='Kita Arche Noah']")).to_have_count(1)
    page.get_by_label(t("cross-case"), exact=True).check()
    page.get_by_label(t("Activity type")).select_option(label="Elterncafé")
    page.get_by_label(t("Duration (minutes)")).fill("90")
    project.select_option(label="Elterncafé am Freitag")
    page.context.set_offline(True)
    page.get_by_role("button", name=t("Save entry")).click()
    expect(page.locator("#outbox-count")).to_contain_text(f"{t('Waiting to be sent')}: 1")
    assert not Activity.objects.exists()

    page.context.set_offline(False)
    expect(page.locator("#outbox-count")).to_contain_text(f"{t('Sent')}: 1")
    assert Activity.objects.get().project == cafe
    assert errors == [], f"the entry page's script failed: {errors}"
