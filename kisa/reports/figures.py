"""The figures of the dashboard and the annual report, in one shape for every output.

A report or dashboard is a list of `Section`s; a section holds paragraphs, `Table`s, `Chart`s (each drawn
from one of its tables) and optionally a `ChoroplethMap`. The same objects are rendered as HTML (dashboard),
PDF, DOCX and XLSX (annual report) and returned as JSON by the API, so every output shows the same numbers.

Suppression: a cell is `None` when it describes a group smaller than the threshold (kisa/core/suppression.py);
renderers show it as "< N". The annual report is for the youth-welfare committee and always suppressed; the
dashboard is suppressed for roles that may only see aggregates.

Territories: `office` (the office's whole area), `social-area-<id>` or `association-<id>` (a municipal
association, Verbandsgemeinde). `resolve_territory` refuses one the user may not report on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kisa.registry.models import Kita, MunicipalAssociation, Municipality, SocialArea, YouthOffice

Cell = str | int | float | Decimal | None


@dataclass(frozen=True)
class Table:
    key: str  # stable id: JSON key, XLSX sheet name (≤ 31 characters), HTML anchor
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""
    numeric_from: int = 1  # columns from this index hold numbers (right-aligned; charts read them)


@dataclass(frozen=True)
class Chart:
    """A bar chart of one table: labels from `label_column`, one bar series per column in `value_columns`."""

    key: str
    title: str
    table_key: str
    label_column: int = 0
    value_columns: tuple[int, ...] = (1,)
    unit: str = ""


@dataclass(frozen=True)
class MapArea:
    name: str
    boundary: dict[str, Any] | None  # GeoJSON Polygon/MultiPolygon in WGS84, None if unknown
    value: float | None  # e.g. minutes by bus to the nearest offer; None: not reachable or no data
    band: int  # 0 … len(legend) − 1: the colour class


@dataclass(frozen=True)
class ChoroplethMap:
    key: str
    title: str
    areas: list[MapArea]
    legend: list[str]  # one label per band


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    map: ChoroplethMap | None = None

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


@dataclass(frozen=True)
class Territory:
    key: str
    label: str
    kita_ids: list[int]
    municipality_ids: list[int]


@dataclass(frozen=True)
class Report:
    """An annual report or a dashboard: what every renderer and the API receive."""

    title: str
    youth_office: str
    year: int
    territory: Territory
    generated_on: dt.date
    suppression_threshold: int
    sections: list[Section]
    empty: bool = False  # no documented work, survey or plan for the year: renderers say so plainly

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)


OFFICE_TERRITORY = "office"


def territory_choices(*, youth_office_id: int) -> list[tuple[str, str]]:
    """The territories an office reports on: its whole area, each social area and each municipal association
    with municipalities in the office's current responsibility area."""
    office = YouthOffice.objects.get(pk=youth_office_id)
    area = Municipality.objects.in_responsibility_area(office, timezone.localdate())
    choices = [(OFFICE_TERRITORY, str(office))]
    choices += [
        (f"social-area-{sa.pk}", str(sa))
        for sa in SocialArea.objects.filter(youth_office=office).order_by("name")
    ]
    associations = MunicipalAssociation.objects.filter(municipalities__in=area).distinct().order_by("name")
    choices += [(f"association-{association.pk}", str(association)) for association in associations]
    return choices


def resolve_territory(*, youth_office_id: int, key: str) -> Territory:
    """The Kitas and municipalities of a territory key (see the module docstring) of the office; a key that is
    unknown or names another office's territory is refused on the field `territory`."""
    office = YouthOffice.objects.get(pk=youth_office_id)
    area = Municipality.objects.in_responsibility_area(office, timezone.localdate())
    labels = dict(territory_choices(youth_office_id=youth_office_id))
    if key not in labels:
        raise ValidationError(
            {
                "territory": _(
                    "Unknown territory “%(key)s”: choose the office, one of its social areas or municipal associations."
                )
                % {"key": key}
            }
        )
    kitas = Kita.objects.filter(youth_office=office)
    municipalities = area
    if key.startswith("social-area-"):
        social_area_id = int(key.removeprefix("social-area-"))
        kitas = kitas.filter(social_area_id=social_area_id)
        municipalities = area.filter(social_areas__pk=social_area_id)
    elif key.startswith("association-"):
        association_id = int(key.removeprefix("association-"))
        municipalities = area.filter(association_id=association_id)
        kitas = kitas.filter(municipality__in=municipalities)
    return Territory(
        key=key,
        label=labels[key],
        kita_ids=list(kitas.values_list("pk", flat=True)),
        municipality_ids=list(municipalities.values_list("pk", flat=True)),
    )


def _json_cell(value: Cell) -> Cell:
    return str(value) if isinstance(value, Decimal) else value


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data for the API: suppressed cells are null; maps without their geometry
    (name, value and colour band per area)."""
    return {
        "title": report.title,
        "youth_office": report.youth_office,
        "year": report.year,
        "territory": {"key": report.territory.key, "label": report.territory.label},
        "generated_on": report.generated_on.isoformat(),
        "suppression_threshold": report.suppression_threshold,
        "empty": report.empty,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "paragraphs": section.paragraphs,
                "tables": [
                    {
                        "key": table.key,
                        "title": table.title,
                        "columns": table.columns,
                        "rows": [[_json_cell(cell) for cell in row] for row in table.rows],
                        "note": table.note,
                    }
                    for table in section.tables
                ],
                "map": None
                if section.map is None
                else {
                    "key": section.map.key,
                    "title": section.map.title,
                    "legend": section.map.legend,
                    "areas": [{"name": a.name, "value": a.value, "band": a.band} for a in section.map.areas],
                },
            }
            for section in report.sections
        ],
    }
