"""Import test helpers: building files (CSV text, XLSX workbooks), running an import, English messages."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from kisa.registry.imports import ImportResult, registry_import

ACHT = {
    "ags": "07137001",
    "name": "Acht",
    "kind": "Ortsgemeinde",
    "verband": "Vordereifel",
    "own_youth_office": "false",
    "area_km2": "3.79",
    "population": "84",
    "population_date": "2021-12-31",
    "lat": "50.36997",
    "lon": "7.07238",
    "source": "Destatis GV-ISys Gemeindeverzeichnis 31.12.2021",
}
ANSCHAU = {
    **ACHT,
    "ags": "07137004",
    "name": "Anschau",
    "area_km2": "5.15",
    "population": "275",
    "lat": "50.29902",
    "lon": "7.09184",
}
BENDORF = {
    **ACHT,
    "ags": "07137203",
    "name": "Bendorf",
    "kind": "verbandsfreie Stadt",
    "verband": "",
    "area_km2": "24.12",
    "population": "16962",
    "lat": "50.42357",
    "lon": "7.57561",
}
# A new Kita in the world's "Polch" (07137068), which lies in the office's responsibility area.
PUSTEBLUME = {
    "number": "P1",
    "name": "Kita Pusteblume",
    "street": "Hauptstraße 3",
    "postal_code": "56751",
    "ags": "07137068",
    "provider": "vg maifeld",
    "social_area": "Maifeld",
    "approved_places": "70",
    "lat": "50.30000",
    "lon": "7.31000",
    "family_centre_status": "Familienzentrum",
}
WIESENGRUND = {
    **PUSTEBLUME,
    "number": "P2",
    "name": "Kita Wiesengrund",
    "provider": "Kath. Kita gGmbH",
    "social_area": "",
    "lat": "",
    "lon": "",
    "family_centre_status": "",
}


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are English msgids; pin the language so the German catalogues cannot change them.

    Autouse wherever it is imported.
    """
    with translation.override("en"):
        yield


def csv_bytes(rows: Sequence[Mapping[str, str]], delimiter: str = ",") -> bytes:
    """A UTF-8 CSV file whose header is the keys of the first row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def xlsx_bytes(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """A workbook whose first sheet holds `header` in row 1 and `rows` below, with typed cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(
    world: Any,
    content: bytes,
    *,
    kind: str = "municipalities",
    filename: str = "import.csv",
    dry_run: bool = False,
) -> ImportResult:
    """Import `content` into the world's office as its coordinator."""
    return registry_import(
        kind=kind,
        file=io.BytesIO(content),
        filename=filename,
        youth_office=world.office,
        actor=world.users["coordinator"],
        dry_run=dry_run,
    )
