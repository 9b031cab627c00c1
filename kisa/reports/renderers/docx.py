"""The annual report as DOCX (python-docx), editable by the committee's office: the same headings,
paragraphs and tables as the PDF, as real Word headings and tables (header rows repeat on each page).

Charts and the map are PNG images (renderers/png.py, Pillow: reportlab's renderPM needs cairo), each
followed by the table that holds its numbers, so the content stays editable and readable without images.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as WordTable

from kisa.reports import figures
from kisa.reports.renderers import cell_text, chart_parts, empty_note, png, subtitle


def _repeat_header(table: WordTable) -> None:
    """Mark the first row as header row: Word repeats it on every page."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _word_table(document: Any, columns: list[str], rows: list[list[str]], numeric_from: int) -> None:
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(column)
        run.bold = True
    _repeat_header(table)
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, row, strict=False)):
            cell.text = value
            if index >= numeric_from:
                cell.paragraphs[0].alignment = 2  # right


def render(report: figures.Report) -> bytes:
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.author = report.youth_office
    document.styles["Normal"].font.size = Pt(10.5)
    document.add_heading(report.title, level=0)
    for line in subtitle(report):
        document.add_paragraph(line)
    if report.empty:
        document.add_paragraph(empty_note())
    threshold = report.suppression_threshold
    for section in report.sections:
        document.add_heading(section.title, level=1)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
        for table in section.tables:
            document.add_heading(table.title, level=2)
            if table.rows:
                rows = [[cell_text(value, threshold=threshold) for value in row] for row in table.rows]
                _word_table(document, table.columns, rows, table.numeric_from)
            else:
                document.add_paragraph(_("No data."))
            if table.note:
                document.add_paragraph(table.note)
        for chart in section.charts:
            source = next((t for t in section.tables if t.key == chart.table_key), None)
            if source is not None:
                for part in chart_parts(chart, source):
                    document.add_picture(
                        io.BytesIO(png.bar_chart(chart, part, threshold=threshold)), width=Cm(16)
                    )
                document.add_paragraph(
                    _("Chart “%(chart)s”: the figures are in the table “%(table)s”.")
                    % {"chart": chart.title, "table": source.title}
                )
        if section.map is not None:
            document.add_heading(section.map.title, level=2)
            document.add_picture(io.BytesIO(png.choropleth(section.map)), width=Cm(16))
            rows = [
                [
                    area.name,
                    section.map.legend[area.band]
                    if area.value is not None and area.band < len(section.map.legend)
                    else _("no value"),
                ]
                for area in section.map.areas
            ]
            _word_table(document, [_("Area"), _("Class")], rows, numeric_from=2)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
