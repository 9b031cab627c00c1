"""Annual report pages as the coordinator and the read-only role use them: request, follow the progress,
leave and download later; other roles are refused, another office's jobs are not found."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.utils import timezone

from kisa.core.models import AuditEntry
from kisa.core.tests.ui import ui
from kisa.reports.models import ReportJob
from kisa.reports.tests.report_factories import make_done_job, make_job

PAGE = "/berichte/jahresbericht/"


def _job_url(job: ReportJob) -> str:
    return f"/berichte/auftraege/{job.pk}/"


@pytest.mark.parametrize("persona", ["coordinator", "read_only"])
def test_the_coordinator_and_read_only_role_generate_and_download_the_report(world, annual_figures, persona):
    client = world.client_for(persona)

    response = client.post(PAGE, {"year": "2025", "territory": "office", "output_format": "pdf"})

    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == _job_url(job)
    assert job.requested_by == world.users[persona]
    page = client.get(_job_url(job)).content.decode()
    assert ui("ready") in page and f"{_job_url(job)}datei/" in page
    assert 'http-equiv="refresh"' not in page
    download = client.get(f"{_job_url(job)}datei/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert ".pdf" in download["Content-Disposition"]
    text = pypdf.PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages[0].extract_text()
    assert "Jahresbericht Kita-Sozialarbeit" in text


def test_the_download_is_audited_as_an_export(world):
    job = make_done_job(world)

    response = world.client_for("coordinator").get(f"{_job_url(job)}datei/")

    assert response.status_code == 200
    b"".join(response.streaming_content)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert f"{_job_url(job)}datei/" in entry.object_repr and entry.actor == world.users["coordinator"]


def test_a_running_job_shows_its_progress_and_refreshes_itself(world):
    job = make_job(world, status=ReportJob.Status.RUNNING, progress=60, step="Rendering the PDF file")

    page = world.client_for("coordinator").get(_job_url(job)).content.decode()

    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress id="job-progress" max="100" value="60">' in page
    assert "Rendering the PDF file" in page
    assert "<script>" not in page


def test_a_failed_job_shows_its_message_and_no_download(world):
    job = make_job(world, status=ReportJob.Status.FAILED, error="Die Berechnung ist fehlgeschlagen.")

    page = world.client_for("coordinator").get(_job_url(job)).content.decode()

    assert "Die Berechnung ist fehlgeschlagen." in page
    assert f"{_job_url(job)}datei/" not in page
    assert world.client_for("coordinator").get(f"{_job_url(job)}datei/").status_code == 404


def test_the_page_lists_the_users_previous_jobs_with_status_and_download(world):
    done = make_done_job(world)
    running = make_job(world, status=ReportJob.Status.RUNNING, progress=10, year=2024)
    theirs = make_job(world, requested_by=world.users["read_only"], year=2023)

    page = world.client_for("coordinator").get(PAGE).content.decode()

    assert f"{_job_url(done)}datei/" in page and _job_url(running) in page
    assert ui("being generated") in page
    assert _job_url(theirs) not in page


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"year": "1999"}, "Select a valid choice."),
        ({"territory": "nowhere"}, "Select a valid choice."),
        ({"output_format": "odt"}, "Select a valid choice."),
    ],
)
def test_bad_input_shows_the_form_again_naming_the_field(world, annual_figures, data, field_message):
    post = {"year": "2025", "territory": "office", "output_format": "pdf", **data}

    response = world.client_for("coordinator").post(PAGE, post)

    assert response.status_code == 200
    field = next(iter(data))
    assert field in response.context["form"].errors
    assert not ReportJob.objects.exists()


def test_next_year_cannot_be_chosen(world):
    form = world.client_for("coordinator").get(PAGE).context["form"]

    years = [value for value, _label in form.fields["year"].choices]
    assert max(years) == timezone.localdate().year and min(years) == 2000


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "provider", "admin"])
def test_other_roles_are_refused(world, persona):
    job = make_done_job(world)
    client = world.client_for(persona)

    for url in (PAGE, f"{PAGE}vorschau/", _job_url(job), f"{_job_url(job)}datei/"):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(PAGE, {"year": "2025", "territory": "office", "output_format": "pdf"}).status_code == 403
    )
    assert ReportJob.objects.count() == 1


def test_another_offices_job_is_not_found(world):
    job = make_done_job(world, youth_office=world.other_office, requested_by=world.users["outsider"])

    client = world.client_for("coordinator")

    assert client.get(_job_url(job)).status_code == 404
    assert client.get(f"{_job_url(job)}datei/").status_code == 404


def test_the_read_only_role_does_not_see_the_coordinators_job_but_the_coordinator_sees_theirs(world):
    coordinators = make_job(world)
    read_onlys = make_job(world, requested_by=world.users["read_only"])

    assert world.client_for("read_only").get(_job_url(coordinators)).status_code == 403
    assert world.client_for("coordinator").get(_job_url(read_onlys)).status_code == 200


def test_the_preview_shows_the_sections_as_a_web_page(world, annual_figures):
    response = world.client_for("read_only").get(f"{PAGE}vorschau/?year=2025&territory=office")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Jahresbericht Kita-Sozialarbeit" in page
    assert "Kitas und Fachkräfte" in page and "&lt; 5" in page
    assert annual_figures[0]["user"] == world.users["read_only"]


@pytest.mark.parametrize(
    "query", ["year=2025&territory=nowhere", "year=1999&territory=office", "year=3000&territory=office"]
)
def test_the_preview_refuses_bad_input_naming_the_field(world, annual_figures, query):
    response = world.client_for("coordinator").get(f"{PAGE}vorschau/?{query}")

    assert response.status_code == 422
    assert response.context["form"].errors
    assert annual_figures == []


def test_the_start_page_shows_the_latest_jobs(world):
    job = make_done_job(world)

    page = world.client_for("coordinator").get("/").content.decode()

    assert 'id="reports-heading"' in page
    assert f"{_job_url(job)}datei/" in page
    assert 'id="reports-heading"' not in world.client_for("worker_a").get("/").content.decode()


def test_the_navigation_offers_the_annual_report_to_those_who_may_ask_for_it(world):
    assert 'href="/berichte/jahresbericht/"' in world.client_for("read_only").get("/").content.decode()
    assert 'href="/berichte/jahresbericht/"' not in world.client_for("worker_a").get("/").content.decode()
