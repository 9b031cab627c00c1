"""An accepted Sachbericht as PDF (ReportLab, the shared DejaVu font of kisa/core/pdf.py): the figures as
submitted and the texts. Only accepted reports are printed; no case content."""

from __future__ import annotations

import io
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from kisa.core import pdf as printing
from kisa.reports.models import ActivityReport


def activity_report_pdf(*, report: ActivityReport, figures: dict[str, Any]) -> bytes:
    title = _("Activity report %(year)s: %(kita)s") % {"year": report.year, "kita": report.kita.name}
    heading = printing.style("ar-heading", size=12.5, leading=16, bold=True, space_before=10)
    body = printing.style("ar-body", size=9.5, leading=12.5)
    cell = printing.style("ar-cell", size=8.5, leading=10.5)
    story: list[Any] = [
        printing.paragraph(title, printing.style("ar-title", size=17, leading=21, bold=True)),
        printing.paragraph(
            _("Author: %(author)s · accepted on %(date)s")
            % {
                "author": report.author,
                "date": date_format(report.decided_on, "SHORT_DATE_FORMAT") if report.decided_on else "–",
            },
            body,
        ),
        Spacer(1, 0.3 * cm),
        printing.paragraph(_("Documented work %(year)s") % {"year": report.year}, heading),
        printing.paragraph(
            _("%(activities)s activities, %(hours)s hours, %(families)s families reached.")
            % {
                "activities": figures.get("activities", 0),
                "hours": figures.get("hours", 0),
                "families": figures.get("families_reached", 0),
            },
            body,
        ),
        printing.paragraph(
            _("%(groups)s group offers with %(participants)s participants.")
            % {
                "groups": figures.get("group_offers", 0),
                "participants": figures.get("group_participants", 0),
            },
            body,
        ),
    ]
    rows = [[_("Dimension"), _("Activities"), _("Hours")]]
    rows += [[str(d["label"]), str(d["activities"]), str(d["hours"])] for d in figures.get("dimensions", [])]
    rows += [[_("Kind of offer"), _("Referrals"), ""]]
    rows += [[str(r["label"]), str(r["count"]), ""] for r in figures.get("referrals", [])]
    table = Table(
        [[printing.paragraph(text, cell) for text in row] for row in rows],
        colWidths=[9 * cm, 3 * cm, 3 * cm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    story += [Spacer(1, 0.2 * cm), table]
    for label, text in (
        (_("Summary of the year"), report.summary),
        (_("What went well"), report.highlights),
        (_("Difficulties and unmet needs"), report.challenges),
        (_("Cooperation and networking"), report.cooperation),
        (_("Outlook"), report.outlook),
    ):
        story += [printing.paragraph(label, heading), printing.paragraph(text or "–", body)]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=title, leftMargin=2 * cm, rightMargin=2 * cm)
    printing.register_fonts()
    document.build(story)
    return buffer.getvalue()
