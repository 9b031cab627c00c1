"""CSV and XLSX exports of a round's results: exactly the figures the results page shows, suppressed
groups and questions as "< N" and without any count."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kisa.surveys.evaluation import Results
from kisa.surveys.models import ActorGroup


def rows(results: Results) -> list[list[Any]]:
    """Header and one row per option (or per number question), suppressed cells as "< N"."""
    hidden = f"< {results.threshold}"
    header = [
        _("Question"),
        _("Answer"),
        _("Count"),
        _("Percent"),
        _("Mean"),
        _("All Kitas of the round (percent)"),
        _("Previous round (percent)"),
    ]
    table: list[list[Any]] = [
        [_("Survey round"), results.survey_round.name],
        [_("Actor group"), str(ActorGroup(results.actor_group).label)],
        [_("Responses"), hidden if results.suppressed else results.responses],
        [],
        header,
    ]
    for result in results.questions:
        question = result.question
        if question.is_text:
            continue
        if result.suppressed:
            table.append([question.text, "", hidden, hidden, "", "", ""])
            continue
        if question.is_choice:
            for option in result.options:
                table.append(
                    [
                        question.text,
                        option.label,
                        option.count,
                        option.percent,
                        "",
                        result.district.get(option.key, ""),
                        result.previous.get(option.key, ""),
                    ]
                )
        else:
            table.append(
                [
                    question.text,
                    "",
                    result.answered,
                    "",
                    result.mean,
                    result.district_mean or "",
                    result.previous_mean or "",
                ]
            )
    return table


def _filename(results: Results, extension: str) -> str:
    return f"ergebnisse-{results.survey_round.pk}-{results.actor_group}.{extension}"


def csv_response(results: Results) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(rows(results))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(results, "csv")}"'
    return response


def xlsx_response(results: Results) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Results"))[:31]
    for row in rows(results):
        sheet.append(row)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 30
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(results, "xlsx")}"'
    return response
