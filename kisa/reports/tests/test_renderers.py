"""The annual report files open in standard software and show the figures: PDF text, DOCX structure, XLSX
sheets; suppressed cells read "< 5"."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdf
import pytest
from docx import Document
from openpyxl import load_workbook
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from kisa.reports.renderers import cell_text, empty_note, render
from kisa.reports.renderers.pdf import column_widths
from kisa.reports.renderers.xlsx import sheet_name
from kisa.reports.tests.report_factories import make_report


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_has_a_title_page_headings_tables_suppressed_cells_and_the_map_legend():
    text = _pdf_text(render(make_report(), "pdf"))

    assert "Jahresbericht Kita-Sozialarbeit" in text
    for heading in ("Struktur", "Tätigkeit", "Erreichbarkeit", "Ausblick", "Kitas und Fachkräfte"):
        assert heading in text
    assert "Kita St. Martin" in text
    assert "1.234" in text  # a table value, in German number format
    assert "< 5" in text  # the suppressed cell
    assert "bis 15 Minuten" in text and "über 15 Minuten" in text  # the map's legend
    assert "Drei Kitas im Sozialraum Maifeld." in text


def test_a_long_table_repeats_its_header_row_on_the_next_page():
    report = make_report()
    table = report.sections[0].tables[0]
    table.rows[:] = [[f"Kita {number}", number, 1.5] for number in range(120)]

    pages = pypdf.PdfReader(io.BytesIO(render(report, "pdf"))).pages

    pages_with_header = [page for page in pages if "Stunden je Woche" in page.extract_text()]
    assert len(pages_with_header) >= 2


def test_an_empty_report_says_so_plainly_in_every_format():
    report = make_report(empty=True)

    pdf_text = " ".join(_pdf_text(render(report, "pdf")).split())
    docx_text = [p.text for p in Document(io.BytesIO(render(report, "docx"))).paragraphs]
    contents = load_workbook(io.BytesIO(render(report, "xlsx"))).worksheets[0]

    assert empty_note() in pdf_text
    assert empty_note() in docx_text
    assert empty_note() in [row[0] for row in contents.iter_rows(values_only=True)]


def test_the_docx_has_the_headings_and_real_tables_with_the_values():
    document = Document(io.BytesIO(render(make_report(), "docx")))

    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == "Jahresbericht Kita-Sozialarbeit"
    assert {"Struktur", "Tätigkeit", "Erreichbarkeit", "Ausblick", "Kitas und Fachkräfte"} <= set(headings)
    first = document.tables[0]
    assert [cell.text for cell in first.rows[0].cells] == ["Kita", "Kinder", "Stunden je Woche"]
    assert [cell.text for cell in first.rows[1].cells] == ["Kita St. Martin", "80", "19,5"]
    assert first.rows[2].cells[1].text == "< 5"
    assert first.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # Word repeats the header row on each page
    assert len(document.inline_shapes) == 2  # the bar chart and the map, as PNG images
    map_table = document.tables[-1]
    assert [cell.text for cell in map_table.rows[1].cells] == ["Kottenheim", "bis 15 Minuten"]


def test_the_xlsx_has_a_contents_sheet_and_one_sheet_per_table_with_numbers_as_numbers():
    workbook = load_workbook(io.BytesIO(render(make_report(), "xlsx")))

    assert len(workbook.sheetnames) == 1 + 3
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    assert len({name.lower() for name in workbook.sheetnames}) == 4  # the two long keys stay apart
    structure = workbook["structure_kitas"]
    assert structure["A1"].value == "Kitas und Fachkräfte"
    assert [cell.value for cell in structure[3]] == ["Kita", "Kinder", "Stunden je Woche"]
    assert structure["A3"].font.bold
    assert structure["B4"].value == 80 and structure["B4"].data_type == "n"
    assert structure["C4"].value == 19.5
    assert structure["B5"].value == "< 5"
    contents = workbook[workbook.sheetnames[0]]
    listed = [row[0] for row in contents.iter_rows(values_only=True)]
    assert "structure_kitas" in listed


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()

    names = [sheet_name(key, taken) for key in ("a" * 40, "a" * 40, "what?/[x]", "Contents", "contents")]

    assert all(len(name) <= 31 for name in names)
    assert len({name.lower() for name in names}) == 5
    assert not set("[]:*?/\\") & set("".join(names))


def test_chart_images_mark_a_suppressed_value_and_the_map_has_its_areas():
    from PIL import Image

    from kisa.reports.renderers import png

    report = make_report()
    section = report.section("activities")

    chart = Image.open(io.BytesIO(png.bar_chart(section.charts[0], section.tables[0], threshold=5)))
    area_map = Image.open(io.BytesIO(png.choropleth(report.section("reachability").map)))

    assert chart.format == "PNG" and chart.width > 0
    assert area_map.format == "PNG"
    colours = {colour for _count, colour in area_map.getcolors(maxcolors=100_000)}
    assert (0xDE, 0xEB, 0xF7) in colours  # Kottenheim in the first band
    assert (0xD9, 0xD9, 0xD9) in colours  # Polch: no value


def test_a_chart_of_many_rows_is_split_over_pages_instead_of_failing():
    report = make_report()
    section = report.section("activities")
    section.tables[0].rows[:] = [[f"Kita {number}", number, None] for number in range(150)]

    pdf = pypdf.PdfReader(io.BytesIO(render(report, "pdf")))
    document = Document(io.BytesIO(render(report, "docx")))

    assert len(pdf.pages) > 4
    assert len(document.inline_shapes) > 2


def test_every_format_carries_the_reports_title_as_document_title_once():
    report = make_report()

    pdf_title = pypdf.PdfReader(io.BytesIO(render(report, "pdf"))).metadata.title
    docx_title = Document(io.BytesIO(render(report, "docx"))).core_properties.title
    contents = load_workbook(io.BytesIO(render(report, "xlsx"))).worksheets[0]
    xlsx_titles = [cell.value for cell in contents["A"] if cell.value == report.title]

    assert pdf_title == docx_title == report.title
    assert xlsx_titles == [report.title]


def test_euros_show_cents_and_hours_one_place_as_they_were_computed():
    assert cell_text(Decimal("2900000.00"), threshold=5) == "2.900.000,00"
    assert cell_text(Decimal("1250.0"), threshold=5) == "1.250,0"
    assert cell_text(Decimal("98"), threshold=5) == "98"


def test_no_word_of_a_narrow_table_breaks_inside_and_the_page_width_is_used():
    header = ["Dimension", "2025", "2024", "Veränderung", "Stunden 2025", "Stunden 2024"]
    rows = [[Paragraph(text, ParagraphStyle("cell", fontName="Helvetica", fontSize=8)) for text in header]]
    rows.append(
        [Paragraph(text, rows[0][0].style) for text in ("fallspezifisch", "6.354", "0", "–", "5,5", "0")]
    )

    widths = column_widths(rows, width=400)

    assert sum(widths) == pytest.approx(400)
    for text, width in zip(header, widths, strict=True):
        assert width >= stringWidth(text.split()[0], "Helvetica", 8)
