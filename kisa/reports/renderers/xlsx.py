"""The annual report's tables as XLSX (openpyxl): a contents sheet, then one sheet per table with its title,
a bold header row and the numbers as numbers; a suppressed cell is the text "< N"."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kisa.reports import figures
from kisa.reports.renderers import empty_note, subtitle, suppressed

MAX_SHEET_NAME = 31
INVALID = re.compile(r"[\[\]:*?/\\']")


def sheet_name(key: str, taken: set[str]) -> str:
    """A valid (≤ 31 characters, no []:*?/\\') sheet name, unique among `taken` (case-insensitive)."""
    base = INVALID.sub("-", key).strip() or "table"
    name = base[:MAX_SHEET_NAME]
    counter = 2
    while name.lower() in taken:
        suffix = f"~{counter}"
        name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        counter += 1
    taken.add(name.lower())
    return name


def _value(value: figures.Cell, threshold: int) -> str | int | float:
    if value is None:
        return suppressed(threshold)
    if isinstance(value, Decimal):
        return float(value)
    return value


def render(report: figures.Report) -> bytes:
    workbook = Workbook()
    contents = workbook.active
    taken: set[str] = set()
    contents.title = sheet_name(_("Contents"), taken)
    bold = Font(bold=True)
    contents.append([report.title])
    contents["A1"].font = Font(bold=True, size=14)
    for line in subtitle(report):
        contents.append([line])
    if report.empty:
        contents.append([empty_note()])
    contents.append([])
    contents.append([_("Sheet"), _("Section"), _("Table")])
    for cell in contents[contents.max_row]:
        cell.font = bold
    threshold = report.suppression_threshold
    for section in report.sections:
        for table in section.tables:
            name = sheet_name(table.key, taken)
            sheet = workbook.create_sheet(name)
            sheet.append([table.title])
            sheet["A1"].font = Font(bold=True, size=12)
            sheet.append([])
            sheet.append(list(table.columns))
            for cell in sheet[3]:
                cell.font = bold
            for row in table.rows:
                sheet.append([_value(value, threshold) for value in row])
            for row_cells in sheet.iter_rows(min_row=4):
                for cell in row_cells:
                    if isinstance(cell.value, str) and cell.value.startswith("< "):
                        cell.alignment = Alignment(horizontal="right")
            if table.note:
                sheet.append([])
                sheet.append([table.note])
            sheet.freeze_panes = "A4"
            sheet.column_dimensions["A"].width = 40
            contents.append([name, section.title, table.title])
            link = contents.cell(row=contents.max_row, column=1)
            link.hyperlink = f"#'{name}'!A1"
            link.style = "Hyperlink"
    contents.column_dimensions["A"].width = 32
    contents.column_dimensions["B"].width = 40
    contents.column_dimensions["C"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
