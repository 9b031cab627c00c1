"""Evidence of use: the PDF and XLSX open and hold the year's tables, totals and signature lines."""

from __future__ import annotations

import io
import warnings
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from kisa.budget import services
from kisa.budget.tests.factories import BookingFactory, StaffPositionFactory


def _de(msgid: str, **params: Any) -> str:
    with translation.override("de"):
        text = translation.gettext(msgid)
    return text % params if params else text


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def year_with_data(world: Any, budget_year: Any) -> Any:
    StaffPositionFactory(
        budget_year=budget_year, staff_member=world.worker_a, annual_costs=Decimal("61000.00")
    )
    services.material_cost_create(
        actor=None,
        budget_year=budget_year,
        data={
            "kita": world.kita_b,
            "project_reference": "Elterncafé",
            "description": "Kaffee & Kuchen",
            "amount": Decimal("300"),
        },
    )
    original = BookingFactory(
        budget_year=budget_year, kita=world.kita_a, amount=Decimal("1500.00"), receipt_number="R-100"
    )
    BookingFactory(budget_year=budget_year, kita=None, amount=Decimal("80.00"), receipt_number="R-101")
    services.booking_reverse(
        actor=None,
        booking=original,
        date=original.date,
        receipt_number="S-100",
        description="Korrektur",
        amount=Decimal("500"),
    )
    return budget_year


def test_pdf_has_tables_totals_and_signature_lines(world: Any, year_with_data: Any) -> None:
    response = world.client_for("coordinator").get(reverse("budget:evidence_of_use", args=[2025, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert _de("Evidence of use: Sozialraumbudget %(year)s", year=2025) in text
    assert "Kreisjugendamt Mayen-Koblenz" in text
    assert "100.000,00 €" in text  # total budget
    assert "1.080,00 €" in text  # spent: 1,500 − 500 + 80
    assert "98.920,00 €" in text  # left
    assert "Anna Adler" in text and "61.000,00 €" in text
    assert "Kaffee & Kuchen" in text
    assert "S-100" in text and "-500,00 €" in text
    assert _de("Coordination Sozialraumbudget") in text and _de("Place, date") in text


def test_xlsx_has_every_table_with_numbers(world: Any, year_with_data: Any) -> None:
    response = world.client_for("coordinator").get(reverse("budget:evidence_of_use", args=[2025, "xlsx"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        _de(t)
        for t in (
            "Overview",
            "Funding",
            "Result",
            "Use per Kita",
            "Staff positions",
            "Planned material costs",
            "Bookings",
        )
    ]
    funding = workbook[_de("Funding")]
    assert (funding["A5"].value, funding["B5"].value) == (_de("Total budget"), 100000)
    per_kita = list(workbook[_de("Use per Kita")].iter_rows(values_only=True))
    st_martin = next(row for row in per_kita if row[0] == "Kita St. Martin")
    assert float(st_martin[1]) == 38288.29 and float(st_martin[4]) == 37288.29
    bookings = list(workbook[_de("Bookings")].iter_rows(values_only=True))
    assert sum(float(row[5]) for row in bookings[1:-1]) == 1080.0
    assert float(bookings[-1][5]) == 1080.0
    assert workbook[_de("Bookings")]["F2"].number_format == '#,##0.00 "€"'


@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
def test_year_without_data_gives_a_clear_empty_report(world: Any, kind: str) -> None:
    response = world.client_for("coordinator").get(reverse("budget:evidence_of_use", args=[2019, kind]))
    assert response.status_code == 200
    expected = _de("There is no budget for %(year)s: nothing was allocated or spent.", year=2019)
    if kind == "pdf":
        assert expected in _pdf_text(response.content).replace("\n", " ")
    else:
        assert load_workbook(io.BytesIO(response.content)).active["A4"].value == expected


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "provider", "read_only", "admin"])
def test_report_refused_for_other_roles(world: Any, budget_year: Any, persona: str) -> None:
    assert (
        world.client_for(persona).get(reverse("budget:evidence_of_use", args=[2025, "pdf"])).status_code
        == 403
    )


def test_report_of_unknown_kind_answers_404(world: Any, budget_year: Any) -> None:
    assert (
        world.client_for("coordinator")
        .get(reverse("budget:evidence_of_use", args=[2025, "docx"]))
        .status_code
        == 404
    )


def test_report_covers_only_the_own_office(world: Any, budget_year: Any, other_year: Any) -> None:
    BookingFactory(budget_year=other_year, receipt_number="FREMD-1", amount=Decimal("0.50"))
    text = _pdf_text(
        world.client_for("coordinator").get(reverse("budget:evidence_of_use", args=[2025, "pdf"])).content
    )
    assert "FREMD-1" not in text and "Kita Fremd" not in text


def test_files_open_in_standard_software(world: Any, year_with_data: Any) -> None:
    """What office software needs: a sound zip with sheet names Excel accepts (whole words, at most 31
    characters) and columns wide enough for Kita names; a PDF that parses strictly, with its title in the
    metadata and a page number on every page."""
    client = world.client_for("coordinator")
    xlsx = client.get(reverse("budget:evidence_of_use", args=[2025, "xlsx"])).content
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        assert archive.testzip() is None
        assert "xl/workbook.xml" in archive.namelist()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        workbook = load_workbook(io.BytesIO(xlsx))
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in workbook.sheetnames)
    per_kita = workbook[_de("Use per Kita")]
    longest = max(len(str(row[0])) for row in per_kita.iter_rows(values_only=True))
    assert per_kita.column_dimensions["A"].width >= longest
    reader = PdfReader(
        io.BytesIO(client.get(reverse("budget:evidence_of_use", args=[2025, "pdf"])).content), strict=True
    )
    assert reader.metadata.title == _de("Evidence of use: Sozialraumbudget %(year)s") % {"year": 2025}
    for number, page in enumerate(reader.pages, start=1):
        assert _de("page %(page)s") % {"page": number} in page.extract_text()
