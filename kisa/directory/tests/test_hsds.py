"""HSDS data packages: export and re-import, and broken packages refused whole with row-level errors."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from kisa.core.models import AuditEntry
from kisa.core.tests.ui import ui
from kisa.directory.hsds import HsdsError, export_json, export_zip, import_package
from kisa.directory.models import Organization, Service


def _json_package(office: Any) -> dict[str, Any]:
    return json.loads(export_json(youth_office=office))


def _resource(package: dict[str, Any], name: str) -> list[dict[str, str]]:
    return next(r for r in package["resources"] if r["name"] == name)["data"]


def test_export_zip_has_a_datapackage_and_csv_tables(offers) -> None:
    archive = zipfile.ZipFile(io.BytesIO(export_zip(youth_office=offers["debt_tr"].youth_office)))
    assert "datapackage.json" in archive.namelist()
    services = archive.read("service.csv").decode()
    assert "Schuldnerberatung Mayen" in services
    assert "Fremdes Angebot" not in services  # another office's offer
    languages = archive.read("language.csv").decode()
    assert f"{offers['debt_tr'].hsds_id},tr" in languages


def test_reimport_into_an_empty_office_recreates_the_directory(offers, world) -> None:
    package = export_zip(youth_office=world.office)
    Service.objects.filter(youth_office=world.office).delete()
    summary = import_package(actor=None, youth_office=world.office, source=package)
    assert summary.created["service"] == 2
    debt = Service.objects.get(youth_office=world.office, name="Schuldnerberatung Mayen")
    assert debt.languages == ["de", "tr"]
    assert debt.categories == ["debt_counselling"]
    assert debt.age_min == 18
    assert AuditEntry.objects.filter(model_label="directory.Service", action="import").count() == 2


def test_reimport_of_an_unchanged_json_package_changes_nothing(offers, world) -> None:
    summary = import_package(
        actor=None, youth_office=world.office, source=export_json(youth_office=world.office)
    )
    assert (summary.created["service"], summary.updated["service"]) == (0, 0)


def test_unknown_category_and_coordinates_outside_germany_refuse_the_whole_package(offers, world) -> None:
    package = _json_package(world.office)
    _resource(package, "service_attribute")[0]["taxonomy_term_id"] = "astrology"
    _resource(package, "location")[1]["latitude"] = "40.1"
    _resource(package, "organization")[0]["name"] = "Umbenannt"
    with pytest.raises(HsdsError) as error:
        import_package(actor=None, youth_office=world.office, source=json.dumps(package).encode())
    found = {(p.file, p.row, p.field) for p in error.value.problems}
    assert ("datapackage.json (service_attribute)", 1, "taxonomy_term_id") in found
    assert ("datapackage.json (location)", 2, "latitude") in found
    assert not Organization.objects.filter(name="Umbenannt").exists()


def test_csv_errors_name_file_row_and_column(offers, world) -> None:
    source = zipfile.ZipFile(io.BytesIO(export_zip(youth_office=world.office)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name).decode()
            if name == "service.csv":
                # Rows by name: 2 Erziehungsberatung Koblenz, 3 Schuldnerberatung Mayen (minimum age 18).
                content = content.replace(",18,", ",achtzehn,")
            target.writestr(name, content)
    with pytest.raises(HsdsError) as error:
        import_package(actor=None, youth_office=world.office, source=out.getvalue())
    assert [(p.file, p.row, p.field, p.message) for p in error.value.problems] == [
        ("service.csv", 3, "minimum_age", ui("not a whole number"))
    ]


def test_missing_table_is_reported(world) -> None:
    package = {"resources": [{"name": "organization", "data": []}]}
    with pytest.raises(HsdsError) as error:
        import_package(actor=None, youth_office=world.office, source=json.dumps(package).encode())
    assert {p.file for p in error.value.problems} >= {
        "datapackage.json (service)",
        "datapackage.json (location)",
    }


def test_management_commands_export_and_import(offers, world, tmp_path) -> None:
    path = tmp_path / "directory.zip"
    call_command("export_hsds", str(path), office=str(world.office.pk), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_hsds", str(path), office=world.office.name, stdout=out)
    assert "service: 0 new, 0 changed" in out.getvalue()
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_hsds", str(broken), office=world.office.name, stdout=io.StringIO())
