"""Server-rendered SVG bar charts of a figures.Table (strict CSP: no scripts, no style attributes; colours
come from classes in static/css/kisa.css). Each chart links to its table, the accessible alternative."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kisa.reports.figures import Chart, Section

register = template.Library()

WIDTH = 360
LABEL_WIDTH = 130
BAR_HEIGHT = 14
GAP = 6


def _number(value: Any) -> float | None:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return float(value)
    return None


@register.simple_tag
def bar_chart(section: Section, chart: Chart) -> SafeString:
    table = section.table(chart.table_key)
    series = len(chart.value_columns)
    values = [_number(row[c]) for row in table.rows for c in chart.value_columns]
    top = max([v for v in values if v is not None] or [0]) or 1
    row_height = series * BAR_HEIGHT + GAP
    height = max(row_height * len(table.rows), BAR_HEIGHT) + GAP
    parts = []
    for index, row in enumerate(table.rows):
        y = GAP + index * row_height
        parts.append(
            format_html(
                '<text class="report-chart__label" x="{}" y="{}" text-anchor="end">{}</text>',
                LABEL_WIDTH - 4,
                y + BAR_HEIGHT - 3,
                str(row[chart.label_column])[:22],
            )
        )
        for number, column in enumerate(chart.value_columns):
            value = _number(row[column])
            width = 0 if value is None else round((WIDTH - LABEL_WIDTH - 40) * value / top)
            shown = f"< {table.columns[column]}" if value is None else f"{row[column]}"
            parts.append(
                format_html(
                    '<rect class="report-chart__bar report-chart__bar--{}" x="{}" y="{}" width="{}" height="{}">'
                    "<title>{}: {} {}</title></rect>"
                    '<text class="report-chart__value" x="{}" y="{}">{}</text>',
                    number,
                    LABEL_WIDTH,
                    y + number * BAR_HEIGHT,
                    width,
                    BAR_HEIGHT - 2,
                    row[chart.label_column],
                    table.columns[column],
                    "–" if value is None else row[column],
                    LABEL_WIDTH + width + 3,
                    y + number * BAR_HEIGHT + BAR_HEIGHT - 4,
                    "–" if value is None else shown,
                )
            )
    legend = format_html_join(", ", "{}", ((table.columns[c],) for c in chart.value_columns))
    label = _("%(title)s (bar chart; the figures are in the table “%(table)s”)") % {
        "title": chart.title,
        "table": table.title,
    }
    return format_html(
        '<figure class="report-chart"><svg class="report-chart__svg" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}"><title>{}</title>{}</svg><figcaption class="kern-body kern-body--small">{} '
        '(<a class="kern-link" href="#table-{}">{}</a>)</figcaption></figure>',
        WIDTH,
        height,
        label,
        chart.title,
        SafeString("".join(parts)),
        legend,
        table.key,
        _("table"),
    )
