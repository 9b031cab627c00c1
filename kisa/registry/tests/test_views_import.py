"""The import page: coordinators only; a summary on success, the table of errors (and no write) otherwise."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from kisa.core.models import AuditEntry
from kisa.registry.models import Municipality
from kisa.registry.tests.import_files import ACHT, ANSCHAU, BENDORF, csv_bytes


def _url():
    return reverse("registry:import")


def _german(message):
    """What the user sees: the page is rendered in German."""
    with translation.override("de"):
        return escape(gettext(message))


def _upload(client, content, *, kind="municipalities", filename="Gemeinden.csv", **extra):
    return client.post(_url(), {"kind": kind, "file": SimpleUploadedFile(filename, content), **extra})


def _cells(html):
    """The error table's rows as (row, column, reason) texts."""
    body = html.split('<tbody class="kern-table__body">', 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    return [
        tuple(cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)) for row in rows
    ]


def test_import_page_shows_the_upload_form_and_example_files_to_the_coordinator(world):
    response = world.client_for("coordinator").get(_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert '<select name="kind"' in html
    assert 'type="file" name="file"' in html
    assert 'enctype="multipart/form-data"' in html
    assert static("registry/import_example_municipalities.csv") in html
    assert static("registry/import_example_kitas.csv") in html
    assert "ags, name, kind, verband, area_km2, population, population_date, lat, lon" in html


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "provider", "read_only", "admin"])
def test_import_page_is_forbidden_for_roles_other_than_coordinator(world, persona):
    client = world.client_for(persona)

    assert client.get(_url()).status_code == 403
    response = _upload(client, csv_bytes([ACHT]))

    assert response.status_code == 403
    assert not Municipality.objects.filter(ags=ACHT["ags"]).exists()


def test_import_page_sends_anonymous_users_to_the_login(client, world):
    response = client.get(_url())

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={_url()}"


def test_import_upload_with_errors_shows_the_error_table_and_writes_nothing(world):
    audit_before = AuditEntry.objects.count()
    rows = [ACHT, {**ANSCHAU, "population": "-5"}, {**BENDORF, "ags": "0713720X"}]

    response = _upload(world.client_for("coordinator"), csv_bytes(rows))

    html = response.content.decode()
    assert response.status_code == 200
    assert _cells(html) == [
        ("3", "population", _german("Must not be negative.")),
        ("4", "ags", _german("The AGS has exactly 8 digits.")),
    ]
    assert not Municipality.objects.filter(ags__in=[ACHT["ags"], ANSCHAU["ags"]]).exists()
    assert AuditEntry.objects.count() == audit_before


def test_import_upload_of_an_unreadable_file_shows_the_reason_without_a_row(world):
    response = _upload(world.client_for("coordinator"), b"\x00\x01", filename="Gemeinden.pdf")

    assert _cells(response.content.decode()) == [
        ("–", "–", _german("Only CSV (.csv) and Excel (.xlsx) files can be imported."))
    ]


def test_import_upload_ok_shows_the_summary_and_writes_the_rows(world):
    response = _upload(world.client_for("coordinator"), csv_bytes([ACHT, BENDORF]))

    html = response.content.decode()
    with translation.override("de"):
        summary = gettext("%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
            "kind": gettext("Municipalities"),
            "created": 2,
            "updated": 0,
            "unchanged": 0,
        }
    assert _german("Import complete.") in html
    assert escape(summary) in html
    assert "Vordereifel" in html
    assert "kern-table__body" not in html
    acht = Municipality.objects.get(ags=ACHT["ags"])
    assert (
        AuditEntry.objects.get(object_repr="Acht", model_label="registry.Municipality").actor
        == (world.users["coordinator"])
    )
    assert acht.district == world.district


def test_import_upload_check_only_reports_without_writing(world):
    response = _upload(world.client_for("coordinator"), csv_bytes([ACHT]), dry_run="on")

    assert _german("The file is valid. Nothing was written (check only).") in response.content.decode()
    assert not Municipality.objects.filter(ags=ACHT["ags"]).exists()


def test_import_upload_without_a_file_shows_the_form_error(world):
    response = world.client_for("coordinator").post(_url(), {"kind": "kitas"})

    html = response.content.decode()
    assert response.status_code == 200
    assert _german("This field is required.") in html
    assert "kern-table__body" not in html
