"""The coordinator opens the dashboard, generates last year's annual report and downloads it as PDF, DOCX and
XLSX; the committee's read-only account sees small groups hidden."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from kisa.core.tests.ui import ui
from kisa.documentation.models import Dimension
from kisa.documentation.services import figures_rebuild
from kisa.documentation.tests.factories import ActivityFactory
from kisa.reports.models import ReportJob
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

YEAR = 2025


def t(msgid: str) -> str:
    return html.unescape(ui(msgid))


@pytest.fixture
def documented_year(world):
    """2025 at Kita St. Martin: twelve counselling contacts and three parent cafés."""
    for day in range(1, 13):
        ActivityFactory(
            worker=world.worker_a, date=dt.date(YEAR, 3, day), duration_minutes=60, kitas=[world.kita_a]
        )
    for month in (4, 5, 6):
        ActivityFactory(
            worker=world.worker_a,
            date=dt.date(YEAR, month, 10),
            dimension=Dimension.CROSS_CASE,
            duration_minutes=90,
            adults=8,
            children=6,
            kitas=[world.kita_a],
        )
    figures_rebuild(youth_office=world.office)


def _generate(page: Page, live_server, output_format: str) -> bytes:
    page.goto(f"{live_server.url}/berichte/jahresbericht/")
    page.get_by_label(t("Year")).select_option(str(YEAR))
    page.get_by_label(t("Format")).select_option(output_format)
    page.get_by_role("button", name=t("Generate report")).click()
    expect(page.locator("#job-status")).to_have_text(re.compile(t("ready"), re.IGNORECASE))
    with page.expect_download() as download:
        page.get_by_role("link", name=t("Download")).click()
    return download.value.path().read_bytes()


def test_coordinator_reads_the_dashboard_and_downloads_the_annual_report_in_three_formats(
    desktop: Page, browser: Browser, live_server, world, test_password, documented_year, settings
):
    # The live server answers from its own thread: run report jobs in the request, as the tests do.
    settings.KISA_REPORT_RUNNER = "inline"
    page = desktop
    log_in(page, live_server, "koordination", test_password)
    navigation = page.get_by_role("navigation", name=t("Main navigation"))
    navigation.get_by_role("link", name=t("Dashboard")).click()
    page.goto(f"{live_server.url}/berichte/?year={YEAR}")
    main = page.get_by_role("main")
    expect(main.get_by_role("table").first).to_be_visible()
    expect(main).to_contain_text("Kita St. Martin")
    expect(main).to_contain_text("15")  # activities of the year at Kita St. Martin
    expect(main.locator("svg[role=img]").first).to_be_visible()

    pdf = _generate(page, live_server, "pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert str(YEAR) in text and "Kita" in text

    docx = _generate(page, live_server, "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        document = archive.read("word/document.xml").decode()
    assert "<w:tbl>" in document and str(YEAR) in document

    xlsx = _generate(page, live_server, "xlsx")
    workbook = load_workbook(io.BytesIO(xlsx))
    assert len(workbook.sheetnames) > 3
    assert ReportJob.objects.filter(status=ReportJob.Status.DONE).count() == 3

    # The committee's account: the same dashboard, with the small group of three cafés hidden.
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE", is_mobile=True)
    committee = context.new_page()
    log_in(committee, live_server, "jha", test_password)
    committee.goto(f"{live_server.url}/berichte/?year={YEAR}")
    expect(committee.get_by_role("main")).to_contain_text("< 5")
    width = committee.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the dashboard scrolls sideways on a phone ({width}px)"
    context.close()
