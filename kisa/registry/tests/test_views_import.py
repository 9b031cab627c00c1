"""The import page: municipalities for the system administrator, the office's registry for the coordinator;
a summary on success, the table of errors (and no write) otherwise."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ChoiceField
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from kisa.core.models import AuditEntry
from kisa.core.tests.ui import ui
from kisa.registry.models import Municipality, ResponsibilityArea
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


def _kind_options(html):
    return re.findall(
        r'<option value="([^"]*)"', html.split('<select name="kind"', 1)[1].split("</select>")[0]
    )


def test_import_page_offers_the_coordinator_the_offices_area_and_kitas(world):
    response = world.client_for("coordinator").get(_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert _kind_options(html) == ["responsibility_area", "kitas"]
    assert 'type="file" name="file"' in html
    assert 'enctype="multipart/form-data"' in html
    assert static("registry/import_example_responsibility_area.csv") in html
    assert static("registry/import_example_kitas.csv") in html
    assert static("registry/import_example_municipalities.csv") not in html
    assert "<code>ags, valid_from</code>" in html
    assert "<code>number, name, street, postal_code, ags, provider, approved_places</code>" in html


def test_import_page_offers_the_system_administrator_the_municipalities_only(world):
    response = world.client_for("admin").get(_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert _kind_options(html) == ["municipalities"]
    assert static("registry/import_example_municipalities.csv") in html
    assert static("registry/import_example_kitas.csv") not in html
    assert "ags, name, kind, verband, area_km2, population, population_date, lat, lon" in html


@pytest.mark.parametrize(("persona", "shown"), [("coordinator", True), ("admin", True), ("worker_a", False)])
def test_import_link_in_the_navigation_shows_for_either_import_permission(world, persona, shown):
    html = world.client_for(persona).get(reverse("registry:kita_list")).content.decode()

    assert (f'href="{_url()}"' in html) is shown


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "provider", "read_only"])
def test_import_page_is_forbidden_for_roles_that_may_import_nothing(world, persona):
    client = world.client_for(persona)

    assert client.get(_url()).status_code == 403
    response = _upload(client, csv_bytes([ACHT]))

    assert response.status_code == 403
    assert not Municipality.objects.filter(ags=ACHT["ags"]).exists()


def test_import_of_municipalities_by_the_coordinator_is_refused_and_writes_nothing(world):
    audit_before = AuditEntry.objects.count()

    response = _upload(world.client_for("coordinator"), csv_bytes([ACHT]))

    html = response.content.decode()
    assert response.status_code == 200
    message = ChoiceField.default_error_messages["invalid_choice"]
    assert ui(message, value="municipalities") in html
    assert not Municipality.objects.filter(ags=ACHT["ags"]).exists()
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize("kind", ["responsibility_area", "kitas"])
def test_import_of_the_offices_registry_by_the_system_administrator_is_refused(world, kind):
    content = b"ags,valid_from\n07137003,2026-01-01\n"

    response = _upload(world.client_for("admin"), content, kind=kind)

    assert ui(ChoiceField.default_error_messages["invalid_choice"], value=kind) in response.content.decode()
    assert not ResponsibilityArea.objects.filter(municipality=world.municipality_outside_area).exists()


def test_import_of_the_responsibility_area_by_the_coordinator_adds_the_periods(world):
    content = b"ags,valid_from,valid_to\n07137003,2026-01-01,\n07137055,2021-07-01,\n"

    response = _upload(world.client_for("coordinator"), content, kind="responsibility_area")

    with translation.override("de"):
        summary = gettext("%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
            "kind": gettext("Responsibility area"),
            "created": 1,
            "updated": 0,
            "unchanged": 1,
        }
    assert escape(summary) in response.content.decode()
    period = ResponsibilityArea.objects.get(municipality=world.municipality_outside_area)
    assert (period.youth_office, period.valid_from, period.valid_to) == (
        world.office,
        dt.date(2026, 1, 1),
        None,
    )


def test_import_page_sends_anonymous_users_to_the_login(client, world):
    response = client.get(_url())

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={_url()}"


def test_import_upload_with_errors_shows_the_error_table_and_writes_nothing(world):
    audit_before = AuditEntry.objects.count()
    rows = [ACHT, {**ANSCHAU, "population": "-5"}, {**BENDORF, "ags": "0713720X"}]

    response = _upload(world.client_for("admin"), csv_bytes(rows))

    html = response.content.decode()
    assert response.status_code == 200
    assert _cells(html) == [
        ("3", "population", _german("Must not be negative.")),
        ("4", "ags", _german("The AGS has exactly 8 digits.")),
    ]
    assert not Municipality.objects.filter(ags__in=[ACHT["ags"], ANSCHAU["ags"]]).exists()
    assert AuditEntry.objects.count() == audit_before


def test_import_upload_of_an_unreadable_file_shows_the_reason_without_a_row(world):
    response = _upload(world.client_for("admin"), b"\x00\x01", filename="Gemeinden.pdf")

    assert _cells(response.content.decode()) == [
        ("–", "–", _german("Only CSV (.csv) and Excel (.xlsx) files can be imported."))
    ]


def test_import_upload_ok_shows_the_summary_and_writes_the_rows(world):
    response = _upload(world.client_for("admin"), csv_bytes([ACHT, BENDORF]))

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
        == (world.users["admin"])
    )
    assert acht.district == world.district


def test_import_upload_check_only_reports_without_writing(world):
    response = _upload(world.client_for("admin"), csv_bytes([ACHT]), dry_run="on")

    assert _german("The file is valid. Nothing was written (check only).") in response.content.decode()
    assert not Municipality.objects.filter(ags=ACHT["ags"]).exists()


def test_import_upload_without_a_file_shows_the_form_error(world):
    response = world.client_for("coordinator").post(_url(), {"kind": "kitas"})

    html = response.content.decode()
    assert response.status_code == 200
    assert _german("This field is required.") in html
    assert "kern-table__body" not in html
