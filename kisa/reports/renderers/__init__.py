"""The annual report as a file: PDF (charts, tables, a map), DOCX (editable, same content), XLSX (all tables).

Every renderer takes a `figures.Report` and returns the file's bytes. A suppressed cell (None) is shown as
"< N" with N the report's suppression threshold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kisa.reports.figures import Cell, Chart, Report, Table

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def suppressed(threshold: int) -> str:
    return f"< {threshold}"


def cell_text(value: Cell, *, threshold: int) -> str:
    """A cell as text: "< N" when suppressed, numbers in the active language's format."""
    if value is None:
        return suppressed(threshold)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, Decimal):
        # A Decimal keeps the places it was computed with: euros two, hours one (quantized where computed).
        exponent = value.as_tuple().exponent
        places = min(-exponent, 2) if isinstance(exponent, int) and exponent < 0 else 0
        return number_format(value, decimal_pos=places, force_grouping=True)
    if isinstance(value, float):
        return number_format(value, decimal_pos=1, force_grouping=True)
    return str(value)


def number(value: Cell) -> float:
    """A cell as a bar's height: suppressed or non-numeric cells draw no bar."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return float(value)
    return 0.0


def chart_parts(chart: Chart, table: Table, *, bar_space: float = 480.0) -> list[Table]:
    """The table's rows in pieces small enough for one chart on a page (long tables: several charts)."""
    per_row = 12 * max(len(chart.value_columns), 1) + 6
    size = max(int(bar_space // per_row), 1)
    return [
        replace(table, rows=table.rows[start : start + size]) for start in range(0, len(table.rows), size)
    ]


def subtitle(report: Report) -> list[str]:
    """The lines under the title: office, territory, year, date and the suppression rule."""
    return [
        report.youth_office,
        _("Territory: %(territory)s") % {"territory": report.territory.label},
        _("Year: %(year)d") % {"year": report.year},
        _("Generated on %(date)s") % {"date": report.generated_on.strftime("%d.%m.%Y")},
        _("Groups smaller than %(threshold)d are not shown (“< %(threshold)d”).")
        % {"threshold": report.suppression_threshold},
    ]


def empty_note() -> str:
    return _("No work, survey or plan was documented for this year: the report has no figures.")


def render(report: Report, output_format: str) -> bytes:
    from kisa.reports.renderers import docx, pdf, xlsx

    renderers: dict[str, Callable[[Report], bytes]] = {
        "pdf": pdf.render,
        "docx": docx.render,
        "xlsx": xlsx.render,
    }
    return renderers[output_format](report)
