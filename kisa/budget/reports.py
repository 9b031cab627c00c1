"""The evidence-of-use report (Verwendungsnachweis) of a budget year, as PDF (reportlab) and XLSX (openpyxl).

Both files come from one `EvidenceOfUse` so they always agree. A year without a budget gives a short
report saying so, never an error.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kisa.budget.models import Booking, BudgetYear, MaterialCost
from kisa.budget.selectors import position_shares, year_summary
from kisa.budget.services import ZERO, euro
from kisa.registry.models import Kita, YouthOffice

MONEY_FORMAT = '#,##0.00 "€"'


@dataclass
class Section:
    """One table of the report: heading, column titles, rows, and which columns hold money."""

    title: str
    columns: list[str]
    rows: list[list[Any]]
    money_columns: set[int] = field(default_factory=set)
    total_row: list[Any] | None = None
    # The spreadsheet tab (Excel allows 31 characters); empty: the title.
    sheet_name: str = ""


@dataclass
class EvidenceOfUse:
    office: str
    year: int
    created: str
    sections: list[Section]
    empty: bool

    @property
    def title(self) -> str:
        return _("Evidence of use: Sozialraumbudget %(year)s") % {"year": self.year}


def evidence_of_use_data(
    *, youth_office: YouthOffice, year: int, budget_year: BudgetYear | None
) -> EvidenceOfUse:
    """Every table of the report for `year` (all Kitas of the office; the report is the coordinator's)."""
    created = date_format(timezone.localdate())
    if budget_year is None:
        return EvidenceOfUse(office=youth_office.name, year=year, created=created, sections=[], empty=True)
    kitas = Kita.objects.filter(youth_office=youth_office).order_by("name")
    summary = year_summary(budget_year=budget_year, kitas=kitas)
    rows = [r for r in summary.rows if r.allocation or r.spent or r.planned]
    money = _("Amount")
    funding = Section(
        _("Funding"),
        [_("Item"), money],
        [
            [_("Land share"), budget_year.land_share],
            [_("Office share"), budget_year.office_share],
            [_("Central reserve (included)"), budget_year.central_reserve],
        ],
        {1},
        [_("Total budget"), summary.total],
    )
    result = Section(
        _("Result"),
        [_("Item"), money],
        [
            [_("Allocated to Kitas"), summary.allocated],
            [_("Spent: personnel costs"), summary.spent_by_category[Booking.Category.PERSONNEL]],
            [_("Spent: material costs"), summary.spent_by_category[Booking.Category.MATERIAL]],
            [_("Spent without Kita (central reserve)"), summary.spent_without_kita],
            [_("Spent in total"), summary.spent],
        ],
        {1},
        [_("Left"), summary.remaining],
    )
    per_kita = Section(
        _("Allocation and use per Kita"),
        [_("Kita"), _("Allocated"), _("Personnel spent"), _("Material spent"), _("Left")],
        [[r.kita.name, r.allocated, r.spent_personnel, r.spent_material, r.remaining] for r in rows],
        {1, 2, 3, 4},
        [
            _("Total"),
            sum((r.allocated for r in rows), ZERO),
            sum((r.spent_personnel for r in rows), ZERO),
            sum((r.spent_material for r in rows), ZERO),
            sum((r.remaining for r in rows), ZERO),
        ],
        sheet_name=_("Use per Kita"),
    )
    shares = position_shares(budget_year)
    names = dict(kitas.values_list("pk", "name"))
    staff = Section(
        _("Staff positions"),
        [_("Staff member"), _("Employer"), _("Weekly hours"), _("Kitas"), _("Personnel costs per year")],
        [
            [
                str(s.position.staff_member),
                s.position.employer.name,
                s.position.weekly_hours,
                ", ".join(sorted(names.get(k, "?") for k in s.kita_shares)) or _("not assigned"),
                s.position.annual_costs,
            ]
            for s in shares
        ],
        {4},
        [
            _("Total"),
            "",
            sum((s.position.weekly_hours for s in shares), Decimal("0")),
            "",
            summary.planned_personnel,
        ],
    )
    material_items = MaterialCost.objects.filter(budget_year=budget_year).select_related("kita")
    material = Section(
        _("Planned material costs"),
        [_("Kita"), _("Project"), _("Description"), _("Planned amount")],
        [
            [m.kita.name if m.kita else "–", m.project_reference or "–", m.description, m.amount]
            for m in material_items
        ],
        {3},
        [_("Total"), "", "", summary.planned_material],
    )
    bookings = (
        Booking.objects.filter(budget_year=budget_year)
        .select_related("kita", "reverses")
        .order_by("date", "pk")
    )
    ledger = Section(
        _("Bookings"),
        [_("Date"), _("Receipt no."), _("Category"), _("Kita"), _("Description"), money],
        [
            [
                date_format(b.date, "SHORT_DATE_FORMAT"),
                b.receipt_number,
                b.get_category_display(),
                b.kita.name if b.kita else "–",
                (
                    _("Reversal of %(receipt)s: ") % {"receipt": b.reverses.receipt_number}
                    if b.reverses
                    else ""
                )
                + b.description,
                b.signed_amount,
            ]
            for b in bookings
        ],
        {5},
        [_("Total"), "", "", "", "", summary.spent],
    )
    return EvidenceOfUse(
        office=youth_office.name,
        year=year,
        created=created,
        sections=[funding, result, per_kita, staff, material, ledger],
        empty=False,
    )


def _empty_text(data: EvidenceOfUse) -> str:
    return _("There is no budget for %(year)s: nothing was allocated or spent.") % {"year": data.year}


# --- PDF ----------------------------------------------------------------------------------------------------


def _cell(value: Any, is_money: bool) -> str:
    """Cell text as Paragraph markup (escaped: names may contain "&")."""
    if is_money and isinstance(value, Decimal):
        return euro(value)
    return escape(str(value))


def evidence_of_use_pdf(data: EvidenceOfUse) -> bytes:
    """A4 PDF: title, each table with its total row, and lines for place, date and signatures."""
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    # Amounts right-aligned, so the digits line up as in any financial statement.
    small_money = small.clone("small_money", alignment=TA_RIGHT)
    story: list[Any] = [
        Paragraph(data.title, styles["Title"]),
        Paragraph(
            escape(f"{data.office} · {_('created on %(date)s') % {'date': data.created}}"), styles["Normal"]
        ),
        Spacer(1, 0.5 * cm),
    ]
    if data.empty:
        story.append(Paragraph(_empty_text(data), styles["BodyText"]))
    for section in data.sections:
        story.append(Paragraph(section.title, styles["Heading2"]))
        money_cols = section.money_columns
        rows = [
            [
                Paragraph(f"<b>{escape(c)}</b>", small_money if i in money_cols else small)
                for i, c in enumerate(section.columns)
            ]
        ]
        for row in [*section.rows, *([section.total_row] if section.total_row else [])]:
            rows.append(
                [
                    Paragraph(_cell(v, i in money_cols), small_money if i in money_cols else small)
                    for i, v in enumerate(row)
                ]
            )
        if not section.rows:
            rows.insert(1, [Paragraph(_("No entries."), small)] + [""] * (len(section.columns) - 1))
        table = Table(rows, repeatRows=1, hAlign="LEFT")
        style = [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf1")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if section.total_row:
            style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f5f8")))
        table.setStyle(TableStyle(style))
        story += [table, Spacer(1, 0.4 * cm)]
    # Three signature lines with a gap between them (one line across the page reads as a rule).
    signature = Table(
        [
            ["", "", "", "", ""],
            [_("Place, date"), "", _("Coordination Sozialraumbudget"), "", _("Head of the youth office")],
        ],
        colWidths=[4.8 * cm, 0.6 * cm, 5.5 * cm, 0.6 * cm, 5.5 * cm],
        rowHeights=[1.5 * cm, None],
    )
    signature.setStyle(
        TableStyle(
            [
                *(("LINEABOVE", (col, 1), (col, 1), 0.5, colors.black) for col in (0, 2, 4)),
                ("FONTSIZE", (0, 1), (-1, 1), 8),
            ]
        )
    )
    story += [
        Spacer(1, 1 * cm),
        KeepTogether([Paragraph(_("Confirmed as correct:"), styles["BodyText"]), signature]),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=data.title, author=data.office, leftMargin=2 * cm, rightMargin=2 * cm
    )

    def page_number(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(
            A4[0] - 2 * cm, 1.2 * cm, f"{data.title} · " + _("page %(page)s") % {"page": doc.page}
        )
        canvas.restoreState()

    document.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()


# --- XLSX ---------------------------------------------------------------------------------------------------


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name; a longer name is cut at a word."""
    title = "".join(c for c in title if c not in "[]:*?/\\")
    if len(title) <= 31:
        return title
    return title[:31].rsplit(" ", 1)[0]


def _column_width(title: str, values: list[Any]) -> float:
    """Wide enough for the title and the longest value (Kita names are long), at most 60 characters."""

    def shown(value: Any) -> str:
        if isinstance(value, int | float | Decimal):
            return f"{value:,.2f} €"
        return str(value or "")

    longest = max([len(title), *(len(shown(v)) for v in values)])
    return min(60, max(12, longest + 2))


def evidence_of_use_xlsx(data: EvidenceOfUse) -> bytes:
    """One sheet per table (plus a cover sheet); amounts as numbers in a € format, so they add up in Excel."""
    workbook = Workbook()
    cover = workbook.active
    cover.title = _sheet_title(_("Overview"))
    cover.append([data.title])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([data.office])
    cover.append([_("created on %(date)s") % {"date": data.created}])
    if data.empty:
        cover.append([_empty_text(data)])
    for section in data.sections:
        sheet = workbook.create_sheet(_sheet_title(section.sheet_name or section.title))
        sheet.append(section.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in section.rows:
            sheet.append(row)
        if section.total_row:
            sheet.append(section.total_row)
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        for column in section.money_columns:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
                cell.number_format = MONEY_FORMAT
        for n, title in enumerate(section.columns):
            values = [row[n] for row in [*section.rows, section.total_row or []] if n < len(row)]
            width = _column_width(title, values)
            sheet.column_dimensions[chr(ord("A") + n)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
