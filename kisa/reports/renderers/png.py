"""Charts and the map as PNG images for the DOCX report, drawn with Pillow (installed with reportlab).

reportlab's own bitmap renderer (renderPM) needs the rlPyCairo backend and the system's cairo library, which
the zero-setup install does not have; Pillow draws the same bars and polygons without system libraries.
"""

from __future__ import annotations

import io
import math

from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from kisa.core.pdf import FONT_DIR
from kisa.reports import figures
from kisa.reports.renderers import cell_text, number

SCALE = 2  # drawn at twice the size for sharp print
SERIES = ["#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf8f00"]
BANDS = ["#deebf7", "#9ecae1", "#4292c6", "#08519c", "#08306b"]
NO_VALUE = "#d9d9d9"


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size * SCALE)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def bar_chart(chart: figures.Chart, table: figures.Table, *, threshold: int, width: int = 640) -> bytes:
    """Horizontal bars per row of the table, one colour per value column, with a legend below; a suppressed
    value draws no bar and reads "< N"."""
    labels = [
        str(row[chart.label_column])[:40] if chart.label_column < len(row) else "" for row in table.rows
    ]
    series = [[number(row[c]) if c < len(row) else 0.0 for row in table.rows] for c in chart.value_columns]
    bar, gap, label_width = 12, 8, 200
    group = bar * len(series) + gap
    height = 30 + group * len(labels) + 20 * len(series) + 20
    image = Image.new("RGB", (width * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    draw.text((0, 0), chart.title, fill="black", font=_font(12, bold=True))
    maximum = max((max(values) for values in series if values), default=0.0) or 1.0
    plot = width - label_width - 60
    small = _font(9)
    for index, label in enumerate(labels):
        top = 30 + index * group
        draw.text((0, (top + 1) * SCALE), label, fill="black", font=small)
        for s, (column, values) in enumerate(zip(chart.value_columns, series, strict=True)):
            length = values[index] / maximum * plot
            y = (top + s * bar) * SCALE
            x0 = label_width * SCALE
            draw.rectangle(
                (x0, y, x0 + max(length * SCALE, 1), y + (bar - 2) * SCALE), fill=SERIES[s % len(SERIES)]
            )
            row = table.rows[index]
            text = cell_text(row[column] if column < len(row) else 0, threshold=threshold)
            draw.text((x0 + length * SCALE + 4 * SCALE, y), text, fill="black", font=small)
    legend_top = 30 + group * len(labels) + 6
    for s, column in enumerate(chart.value_columns):
        y = (legend_top + 20 * s) * SCALE
        draw.rectangle((0, y, 10 * SCALE, y + 10 * SCALE), fill=SERIES[s % len(SERIES)])
        name = table.columns[column] if column < len(table.columns) else ""
        draw.text((16 * SCALE, y), f"{name} ({chart.unit})" if chart.unit else name, fill="black", font=small)
    return _png(image)


def choropleth(chart: figures.ChoroplethMap, *, width: int = 640, map_height: int = 320) -> bytes:
    """The areas coloured by band, with the legend below (areas without a boundary are only in the table)."""
    rings = []
    for area in chart.areas:
        boundary = area.boundary or {}
        if boundary.get("type") == "Polygon":
            rings += [(area, boundary["coordinates"][0])]
        elif boundary.get("type") == "MultiPolygon":
            rings += [(area, polygon[0]) for polygon in boundary["coordinates"]]
    legend_height = 20 * (len(chart.legend) + 1)
    height = 30 + (map_height if rings else 0) + legend_height
    image = Image.new("RGB", (width * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    draw.text((0, 0), chart.title, fill="black", font=_font(12, bold=True))
    if rings:
        points = [p for _area, ring in rings for p in ring]
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
        scale = min(
            width / max((max(lons) - min(lons)) * squeeze, 1e-9),
            map_height / max(max(lats) - min(lats), 1e-9),
        )
        for area, ring in rings:
            polygon = [
                (((p[0] - min(lons)) * squeeze * scale) * SCALE, (30 + (max(lats) - p[1]) * scale) * SCALE)
                for p in ring
            ]
            colour = BANDS[min(area.band, len(BANDS) - 1)] if area.value is not None else NO_VALUE
            draw.polygon(polygon, fill=colour, outline="white")
    small = _font(9)
    top = 30 + (map_height if rings else 0) + 6
    entries = [(BANDS[min(i, len(BANDS) - 1)], label) for i, label in enumerate(chart.legend)]
    for index, (colour, label) in enumerate([*entries, (NO_VALUE, _("no value"))]):
        y = (top + 20 * index) * SCALE
        draw.rectangle((0, y, 10 * SCALE, y + 10 * SCALE), fill=colour)
        draw.text((16 * SCALE, y), label, fill="black", font=small)
    return _png(image)
