"""The annual report as PDF (reportlab): title page, sections with headings, paragraphs, tables whose header
row repeats on every page, a bar chart per chart and the choropleth map with its legend."""

from __future__ import annotations

import io
import math
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from kisa.core.pdf import register_fonts
from kisa.reports import figures
from kisa.reports.renderers import cell_text, chart_parts, empty_note, number, subtitle

SERIES_COLOURS = [colors.HexColor(c) for c in ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf8f00")]
# Light to dark: one colour per legend band (colour-blind safe sequential blues).
BAND_COLOURS = [colors.HexColor(c) for c in ("#deebf7", "#9ecae1", "#4292c6", "#08519c", "#08306b")]
NO_VALUE_COLOUR = colors.HexColor("#d9d9d9")
WIDTH = A4[0] - 4 * cm


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=22, leading=28, spaceAfter=18),
        "h1": ParagraphStyle("h1", fontName=bold, fontSize=15, leading=19, spaceBefore=14, spaceAfter=8),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=13.5, spaceAfter=6),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8.5, leading=11, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=10.5),
        "cell_number": ParagraphStyle(
            "cell_number", fontName=regular, fontSize=8.5, leading=10.5, alignment=2
        ),
        "header": ParagraphStyle("header", fontName=bold, fontSize=8.5, leading=10.5),
    }


def _text(text: str) -> str:
    return escape(text)


CELL_PADDING = 12  # reportlab's default left plus right padding of a table cell, in points


def _text_width(paragraph: Paragraph, text: str) -> float:
    return stringWidth(text, paragraph.style.fontName, paragraph.style.fontSize)


def column_widths(rows: list[list[Paragraph]], width: float = WIDTH) -> list[float]:
    """Widths that fit each column's longest word, so that no word ("Veränderung") breaks inside; the room
    left goes to the columns with the longest texts. Only when even the longest words do not fit are all
    columns narrowed alike."""
    columns = len(rows[0])
    words = [0.0] * columns
    texts = [0.0] * columns
    for row in rows:
        for index, paragraph in enumerate(row):
            text = paragraph.getPlainText()
            words[index] = max(words[index], *(_text_width(paragraph, word) for word in text.split() or [""]))
            texts[index] = max(texts[index], _text_width(paragraph, text))
    least = [word + CELL_PADDING for word in words]
    if sum(least) >= width:
        return [w * width / sum(least) for w in least]
    wanted = [max(text + CELL_PADDING, low) for text, low in zip(texts, least, strict=True)]
    if sum(wanted) <= width:
        return [w * width / sum(wanted) for w in wanted]
    spare = width - sum(least)
    extra = [want - low for want, low in zip(wanted, least, strict=True)]
    return [low + spare * more / sum(extra) for low, more in zip(least, extra, strict=True)]


def _table(table: figures.Table, threshold: int, styles: dict[str, ParagraphStyle]) -> list[Any]:
    flowables: list[Any] = [Paragraph(_text(table.title), styles["h2"])]
    header = [Paragraph(_text(column), styles["header"]) for column in table.columns]
    rows = [
        [
            Paragraph(
                _text(cell_text(value, threshold=threshold)),
                styles["cell_number" if index >= table.numeric_from else "cell"],
            )
            for index, value in enumerate(row)
        ]
        for row in table.rows
    ]
    if not rows:
        flowables.append(Paragraph(_text(_("No data.")), styles["body"]))
    else:
        grid = Table([header, *rows], colWidths=column_widths([header, *rows]), repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7ecf3")),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#1f4e79")),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#bfbfbf")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        flowables.append(grid)
    if table.note:
        flowables.append(Paragraph(_text(table.note), styles["small"]))
    return flowables


def bar_chart(chart: figures.Chart, table: figures.Table, *, width: float = WIDTH) -> Drawing:
    """A horizontal bar chart of the table's rows (one bar series per value column), with a legend."""
    regular, bold = register_fonts()
    labels = [str(row[chart.label_column]) if chart.label_column < len(row) else "" for row in table.rows]
    series = [
        [number(row[column]) if column < len(row) else 0.0 for row in table.rows]
        for column in chart.value_columns
    ]
    rows = max(len(labels), 1)
    plot_height = max(rows * len(series) * 12 + rows * 6, 40)
    legend_height = 14 * len(series)
    height = plot_height + legend_height + 40
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, chart.title, fontName=bold, fontSize=10))
    bars = HorizontalBarChart()
    bars.x = min(width * 0.4, 170)
    bars.y = legend_height + 14
    bars.width = width - bars.x - 10
    bars.height = plot_height
    bars.data = [list(reversed(values)) for values in series] or [[0.0]]
    bars.categoryAxis.categoryNames = list(reversed([label[:40] for label in labels]))
    bars.categoryAxis.labels.fontName = regular
    bars.categoryAxis.labels.fontSize = 7.5
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.valueAxis.labels.fontName = regular
    bars.valueAxis.labels.fontSize = 7.5
    bars.valueAxis.valueMin = 0
    maximum = max((max(values) for values in series if values), default=0.0)
    bars.valueAxis.valueMax = maximum * 1.1 if maximum > 0 else 1
    bars.valueAxis.forceZero = True
    for index in range(len(series)):
        bars.bars[index].fillColor = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        bars.bars[index].strokeColor = None
    drawing.add(bars)
    for index, column in enumerate(chart.value_columns):
        y = legend_height - 14 * (index + 1) + 4
        drawing.add(
            Rect(bars.x, y, 8, 8, fillColor=SERIES_COLOURS[index % len(SERIES_COLOURS)], strokeColor=None)
        )
        name = table.columns[column] if column < len(table.columns) else ""
        label = f"{name} ({chart.unit})" if chart.unit else name
        drawing.add(String(bars.x + 12, y, label, fontName=regular, fontSize=7.5))
    return drawing


def _rings(boundary: dict[str, Any]) -> list[list[list[float]]]:
    """The outer rings of a GeoJSON Polygon or MultiPolygon."""
    if boundary.get("type") == "Polygon":
        return [boundary["coordinates"][0]]
    if boundary.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in boundary["coordinates"]]
    return []


def choropleth(chart: figures.ChoroplethMap, *, width: float = WIDTH) -> Drawing:
    """The areas coloured by band (longitude scaled by the cosine of the mean latitude), with the legend."""
    regular, bold = register_fonts()
    rings = [(area, ring) for area in chart.areas if area.boundary for ring in _rings(area.boundary)]
    legend_height = 14 * len(chart.legend) + 14
    map_height = 260.0 if rings else 0.0
    height = map_height + legend_height + 24
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, chart.title, fontName=bold, fontSize=10))
    if rings:
        points = [point for _area, ring in rings for point in ring]
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        scale_x = math.cos(math.radians((min(lats) + max(lats)) / 2))
        span_x = max((max(lons) - min(lons)) * scale_x, 1e-9)
        span_y = max(max(lats) - min(lats), 1e-9)
        scale = min(width / span_x, (map_height - 10) / span_y)
        for area, ring in rings:
            coordinates: list[float] = []
            for lon, lat, *_rest in ring:
                coordinates += [
                    (lon - min(lons)) * scale_x * scale,
                    legend_height + (lat - min(lats)) * scale,
                ]
            colour = (
                BAND_COLOURS[min(area.band, len(BAND_COLOURS) - 1)]
                if area.value is not None
                else NO_VALUE_COLOUR
            )
            drawing.add(Polygon(coordinates, fillColor=colour, strokeColor=colors.white, strokeWidth=0.6))
    for index, label in enumerate(chart.legend):
        y = legend_height - 14 * (index + 1)
        drawing.add(
            Rect(0, y, 10, 10, fillColor=BAND_COLOURS[min(index, len(BAND_COLOURS) - 1)], strokeColor=None)
        )
        drawing.add(String(14, y + 1.5, label, fontName=regular, fontSize=8))
    y = legend_height - 14 * (len(chart.legend) + 1)
    drawing.add(Rect(0, y, 10, 10, fillColor=NO_VALUE_COLOUR, strokeColor=None))
    drawing.add(String(14, y + 1.5, _("no value"), fontName=regular, fontSize=8))
    return drawing


def _map_table(chart: figures.ChoroplethMap, styles: dict[str, ParagraphStyle]) -> Table:
    """The map's values as a table (the accessible alternative to the colours)."""
    rows = [[Paragraph(_text(_("Area")), styles["header"]), Paragraph(_text(_("Class")), styles["header"])]]
    for area in chart.areas:
        band = (
            chart.legend[area.band]
            if area.value is not None and area.band < len(chart.legend)
            else _("no value")
        )
        rows.append([Paragraph(_text(area.name), styles["cell"]), Paragraph(_text(band), styles["cell"])])
    grid = Table(rows, colWidths=[WIDTH / 2, WIDTH / 2], repeatRows=1)
    grid.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#bfbfbf"))]))
    return grid


def _footer(canvas: Any, doc: Any) -> None:
    regular, _bold = register_fonts()
    canvas.saveState()
    canvas.setFont(regular, 8)
    canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, str(doc.page))
    canvas.drawString(2 * cm, 1.2 * cm, doc.title)
    canvas.restoreState()


def render(report: figures.Report) -> bytes:
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=report.title,
        author=report.youth_office,
        lang="de",
    )
    story: list[Any] = [Spacer(1, 5 * cm), Paragraph(_text(report.title), styles["title"])]
    story += [Paragraph(_text(line), styles["body"]) for line in subtitle(report)]
    if report.empty:
        story.append(Paragraph(_text(empty_note()), styles["body"]))
    story.append(PageBreak())
    threshold = report.suppression_threshold
    for section in report.sections:
        story.append(Paragraph(_text(section.title), styles["h1"]))
        story += [Paragraph(_text(paragraph), styles["body"]) for paragraph in section.paragraphs]
        for table in section.tables:
            story += _table(table, threshold, styles)
        for chart in section.charts:
            source = next((t for t in section.tables if t.key == chart.table_key), None)
            for part in chart_parts(chart, source) if source is not None else []:
                story += [Spacer(1, 6), KeepTogether(bar_chart(chart, part))]
        if section.map is not None:
            story += [Spacer(1, 6), KeepTogether(choropleth(section.map)), _map_table(section.map, styles)]
    document.build(story, onFirstPage=lambda canvas, doc: None, onLaterPages=_footer)
    return buffer.getvalue()
