"""Hand-built `figures.Report`s for the renderer and job tests (the annual figures are helper 1's)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from kisa.reports import figures
from kisa.reports.models import ReportJob


def _square(lon: float, lat: float, size: float = 0.05) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def make_report(*, year: int = 2025, empty: bool = False, territory_key: str = "office") -> figures.Report:
    structure = figures.Table(
        key="structure_kitas",
        title="Kitas und Fachkräfte",
        columns=["Kita", "Kinder", "Stunden je Woche"],
        rows=[["Kita St. Martin", 80, Decimal("19.5")], ["Kita Regenbogen", None, 12.0]],
        note="Stichtag 1. März",
    )
    activities = figures.Table(
        key="activities_by_dimension_and_previous_year_comparison",  # longer than a sheet name allows
        title="Aktivitäten nach Dimension",
        columns=["Dimension", "2025", "2024"],
        rows=[["Beratung", 1234, 0], ["Gruppenangebote", 56, None]],
    )
    activities_again = figures.Table(
        key="activities_by_dimension_and_previous_year_comparison_2",  # the same first 31 characters
        title="Aktivitäten nach Monat",
        columns=["Monat", "Anzahl"],
        rows=[["Januar", 17], ["Februar", 21]],
    )
    reachability = figures.ChoroplethMap(
        key="reachability",
        title="Erreichbarkeit mit Bus und Bahn",
        areas=[
            figures.MapArea(name="Kottenheim", boundary=_square(7.25, 50.34), value=12.0, band=0),
            figures.MapArea(name="Polch", boundary=_square(7.31, 50.30), value=None, band=0),
            figures.MapArea(name="Ohne Grenze", boundary=None, value=40.0, band=1),
        ],
        legend=["bis 15 Minuten", "über 15 Minuten"],
    )
    sections = [
        figures.Section(
            key="structure",
            title="Struktur",
            paragraphs=["Drei Kitas im Sozialraum Maifeld."],
            tables=[structure],
        ),
        figures.Section(
            key="activities",
            title="Tätigkeit",
            paragraphs=["Die Zahlen des Vorjahres fehlen: keine Dokumentation."],
            tables=[activities, activities_again],
            charts=[
                figures.Chart(
                    key="activities_chart",
                    title="Aktivitäten",
                    table_key=activities.key,
                    value_columns=(1, 2),
                )
            ],
        ),
        figures.Section(key="reachability", title="Erreichbarkeit", map=reachability),
        figures.Section(key="outlook", title="Ausblick", paragraphs=["Mehr Elterncafés."]),
    ]
    return figures.Report(
        title="Jahresbericht Kita-Sozialarbeit",
        youth_office="Kreisjugendamt Mayen-Koblenz",
        year=year,
        territory=figures.Territory(
            key=territory_key, label="Kreisjugendamt Mayen-Koblenz", kita_ids=[], municipality_ids=[]
        ),
        generated_on=dt.date(2026, 1, 15),
        suppression_threshold=5,
        sections=[] if empty else sections,
        empty=empty,
    )


def make_job(world: Any, *, requested_by: Any = None, **fields: Any) -> ReportJob:
    """A report job of the test world's office (or of `youth_office`), written directly (no runner)."""
    fields.setdefault("youth_office", world.office)
    fields.setdefault("year", 2025)
    fields.setdefault("territory", figures.OFFICE_TERRITORY)
    fields.setdefault("output_format", ReportJob.Format.PDF)
    return ReportJob.objects.create(requested_by=requested_by or world.users["coordinator"], **fields)


def make_done_job(world: Any, *, content: bytes = b"%PDF-1.4 test", **fields: Any) -> ReportJob:
    """A finished job with its file (a fixed name, replaced on each call: tests that run without a temporary
    MEDIA_ROOT, like the access matrix, leave one small file behind, not one per run)."""
    job = make_job(world, status=ReportJob.Status.DONE, progress=100, **fields)
    name = f"reports/tests/jahresbericht-{job.year}.{job.output_format}"
    job.file.storage.delete(name)
    job.file.name = job.file.storage.save(name, ContentFile(content))
    job.save(update_fields=["file"])
    return job
