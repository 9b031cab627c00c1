"""The Sachbericht pages as their users meet them: the worker writes and submits, the coordinator sees every
Kita (missing ones too) and accepts or returns; Kita lead and provider read accepted reports."""

from __future__ import annotations

import pytest

from kisa.core.tests.ui import ui
from kisa.documentation.tests.factories import ActivityFactory
from kisa.reports.models import ActivityReport
from kisa.reports.tests.factories import ActivityReportFactory

P = "/berichte/sachberichte"
TEXTS = {
    "summary": "Sprechstunde gut besucht.",
    "highlights": "Elterncafé",
    "challenges": "",
    "cooperation": "Frühe Hilfen",
    "outlook": "Väterangebote.",
}


def test_the_worker_writes_the_report_next_to_the_years_figures_and_submits_it(world):
    ActivityFactory(worker=world.worker_a, kitas=[world.kita_a], duration_minutes=120)
    client = world.client_for("worker_a")

    page = client.get(f"{P}/?year=2025")
    assert f"{P}/kitas/{world.kita_a.pk}/2025/neu/" in page.content.decode()
    form = client.get(f"{P}/kitas/{world.kita_a.pk}/2025/neu/")
    assert form.status_code == 200
    assert ui("Activities and hours by dimension") in form.content.decode()

    response = client.post(f"{P}/kitas/{world.kita_a.pk}/2025/neu/", TEXTS)
    report = ActivityReport.objects.get(kita=world.kita_a, year=2025)
    assert response.status_code == 302
    assert report.status == ActivityReport.Status.DRAFT
    assert report.author == world.worker_a

    response = client.post(f"{P}/{report.pk}/bearbeiten/", {**TEXTS, "submit": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ActivityReport.Status.SUBMITTED
    assert report.figures["hours"] == 2.0
    detail = client.get(f"{P}/{report.pk}/").content.decode()
    assert "Sprechstunde gut besucht." in detail
    assert f"{P}/{report.pk}/bearbeiten/" not in detail, "submitted: no more editing"


def test_submitting_without_summary_shows_the_reason(world):
    report = ActivityReportFactory(kita=world.kita_a, author=world.worker_a, summary="", outlook="")
    client = world.client_for("worker_a")

    response = client.post(f"{P}/{report.pk}/einreichen/")

    assert response.status_code == 422
    assert ui("Summarise the year before submitting.") in response.content.decode()
    report.refresh_from_db()
    assert report.status == ActivityReport.Status.DRAFT


def test_the_coordinator_sees_missing_reports_and_filters_by_status(world):
    ActivityReportFactory(kita=world.kita_a, author=world.worker_a, status=ActivityReport.Status.SUBMITTED)
    client = world.client_for("coordinator")

    page = client.get(f"{P}/?year=2025").content.decode()
    assert world.kita_a.name in page and world.kita_b.name in page and world.kita_c.name in page
    assert world.other_kita.name not in page

    missing = client.get(f"{P}/?year=2025&status=missing").content.decode()
    assert world.kita_b.name in missing
    assert world.kita_a.name not in missing
    assert client.get(f"{P}/?year=abc&status=bogus").status_code == 200


def test_the_coordinator_returns_with_a_comment_and_then_accepts(world):
    report = ActivityReportFactory(
        kita=world.kita_a, author=world.worker_a, status=ActivityReport.Status.SUBMITTED
    )
    client = world.client_for("coordinator")

    refused = client.post(f"{P}/{report.pk}/pruefung/", {"decision": "return", "comment": ""})
    assert refused.status_code == 422
    assert ui("Say what should be revised.") in refused.content.decode()

    client.post(
        f"{P}/{report.pk}/pruefung/", {"decision": "return", "comment": "Bitte Ausblick konkretisieren."}
    )
    report.refresh_from_db()
    assert report.status == ActivityReport.Status.RETURNED
    worker_page = world.client_for("worker_a").get(f"{P}/{report.pk}/").content.decode()
    assert "Bitte Ausblick konkretisieren." in worker_page

    world.client_for("worker_a").post(f"{P}/{report.pk}/einreichen/")
    response = client.post(f"{P}/{report.pk}/pruefung/", {"decision": "accept", "comment": ""})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ActivityReport.Status.ACCEPTED

    again = client.post(f"{P}/{report.pk}/pruefung/", {"decision": "return", "comment": "zu spät"})
    assert again.status_code == 422
    report.refresh_from_db()
    assert report.status == ActivityReport.Status.ACCEPTED


def test_an_accepted_report_is_read_only_for_its_worker(world):
    report = ActivityReportFactory(
        kita=world.kita_a, author=world.worker_a, status=ActivityReport.Status.ACCEPTED
    )
    client = world.client_for("worker_a")

    response = client.post(f"{P}/{report.pk}/bearbeiten/", {**TEXTS, "summary": "geändert"})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.summary != "geändert"


@pytest.mark.parametrize("persona", ["kita_lead", "provider"])
def test_kita_lead_and_provider_read_only_accepted_reports(world, persona):
    ActivityReportFactory(kita=world.kita_a, author=world.worker_a, year=2024)
    accepted = ActivityReportFactory(
        kita=world.kita_a, author=world.worker_a, status=ActivityReport.Status.ACCEPTED, summary="Angenommen."
    )
    client = world.client_for(persona)

    page = client.get(f"{P}/?year=2025").content.decode()
    assert f"{P}/{accepted.pk}/" in page
    assert client.get(f"{P}/?year=2024").content.decode().count(world.kita_a.name) == 0
    detail = client.get(f"{P}/{accepted.pk}/").content.decode()
    assert "Angenommen." in detail
    assert f"{P}/{accepted.pk}/pruefung/" not in detail


def test_creating_twice_leads_to_the_existing_report(world):
    report = ActivityReportFactory(kita=world.kita_a, author=world.worker_a)

    response = world.client_for("worker_a").get(f"{P}/kitas/{world.kita_a.pk}/2025/neu/")

    assert response.status_code == 302
    assert response["Location"] == f"{P}/{report.pk}/"


def test_a_year_out_of_range_is_not_found(world):
    assert world.client_for("worker_a").get(f"{P}/kitas/{world.kita_a.pk}/1999/neu/").status_code == 404


def test_an_accepted_report_downloads_as_pdf_and_the_download_is_audited(world):
    import io

    from pypdf import PdfReader

    from kisa.core.models import AuditEntry

    report = ActivityReportFactory(
        kita=world.kita_a,
        author=world.worker_a,
        status=ActivityReport.Status.ACCEPTED,
        summary="Elterncafé läuft.",
        figures={
            "year": 2025,
            "activities": 7,
            "hours": 3.5,
            "families_reached": 2,
            "dimensions": [],
            "referrals": [],
        },
    )
    before = AuditEntry.objects.count()

    response = world.client_for("kita_lead").get(f"{P}/{report.pk}/sachbericht.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Elterncafé läuft." in text
    assert world.kita_a.name in text
    assert AuditEntry.objects.count() > before
