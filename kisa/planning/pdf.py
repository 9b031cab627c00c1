"""A Kita's yearly plan as PDF (ReportLab, the shared DejaVu font of kisa/core/pdf.py) for the Kita team and
the provider: the phases, the findings answered, the goals with indicator and scale, the projects with
their effort, and the review. No case content: activities are not listed, only the effort they add up to.
"""

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


def _date(value: Any) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def _number(value: Any) -> str:
    if value is None:
        return "–"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


class _Styles:
    def __init__(self) -> None:
        self.title = printing.style("plan-title", size=17, leading=21, bold=True)
        self.heading = printing.style("plan-heading", size=12.5, leading=16, bold=True, space_before=10)
        self.subheading = printing.style("plan-subheading", size=10.5, leading=13, bold=True, space_before=6)
        self.body = printing.style("plan-body", size=9.5, leading=12.5)
        self.small = printing.style("plan-small", size=8.5, leading=11)
        self.cell = printing.style("plan-cell", size=8.5, leading=10.5)


def _table(rows: list[list[str]], styles: _Styles, widths: list[float]) -> Table:
    data = [[printing.paragraph(text, styles.cell) for text in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _phases(context: dict[str, Any], styles: _Styles) -> list[Any]:
    rows = [[_("Phase"), _("Status"), _("Due on"), _("Missing")]]
    for phase in context["phases"]:
        status = _("done") if phase.done else (_("overdue") if phase.overdue else _("open"))
        rows.append([phase.label, status, _date(phase.due_on), " · ".join(phase.missing) or "–"])
    return [
        printing.paragraph(_("Phases"), styles.heading),
        _table(rows, styles, [3.2 * cm, 2.3 * cm, 2.3 * cm, 9.2 * cm]),
    ]


def _findings(context: dict[str, Any], styles: _Styles) -> list[Any]:
    story: list[Any] = [printing.paragraph(_("Findings of the survey"), styles.heading)]
    if not context["sees_findings"]:
        story.append(
            printing.paragraph(
                _(
                    "The findings themselves are shown to the Kita's social worker, the Kita leadership and the "
                    "coordination."
                ),
                styles.body,
            )
        )
    answered = {finding.pk for goal in context["goals"] for finding in goal.findings.all()}
    for label, findings in (
        (_("Needs"), context["findings_needs"]),
        (_("Resources"), context["findings_resources"]),
    ):
        story.append(printing.paragraph(label, styles.subheading))
        if not findings:
            story.append(printing.paragraph(_("None."), styles.small))
        for finding in findings:
            mark = _("answered by a goal") if finding.pk in answered else _("no goal yet")
            topic = f"{finding.topic}: " if finding.topic else ""
            story.append(printing.paragraph(f"• {topic}{finding.text} ({mark})", styles.body))
    plan = context["plan"]
    if plan.evaluation:
        story += [
            printing.paragraph(_("Evaluation of the findings"), styles.subheading),
            printing.paragraph(plan.evaluation, styles.body),
            printing.paragraph(_("evaluated on %(date)s") % {"date": _date(plan.evaluated_on)}, styles.small),
        ]
    return story


def _goals(context: dict[str, Any], styles: _Styles) -> list[Any]:
    story: list[Any] = [printing.paragraph(_("Goals"), styles.heading)]
    if not context["goals"]:
        story.append(printing.paragraph(_("No goals yet."), styles.body))
    for goal in context["goals"]:
        story.append(printing.paragraph(goal.title, styles.subheading))
        facts = [
            (_("Status"), goal.get_status_display()),
            (_("Target group"), goal.get_target_group_display()),
            (_("Indicator"), f"{goal.indicator} ({goal.get_indicator_source_display()})"),
            (_("Baseline"), _number(goal.baseline)),
            (_("Target value"), _number(goal.target_value)),
            (_("Target date"), _date(goal.target_date)),
            (_("Responsible"), ", ".join(str(s) for s in goal.responsible.all()) or "–"),
            (_("Catalogue goals"), "; ".join(c.title for c in goal.catalogue_goals.all()) or "–"),
        ]
        if goal.documented is not None:
            facts.append((_("Documented value"), _number(goal.documented)))
        if goal.attainment is not None:
            facts += [
                (_("Attainment"), f"{goal.attainment:+d}" if goal.attainment else "0"),
                (_("Actual value"), _number(goal.actual_value)),
                (_("Evidence"), goal.evidence or "–"),
                (_("Lesson learned"), goal.lesson or "–"),
                (_("Reviewed on"), _date(goal.reviewed_on)),
            ]
        story.append(
            _table([[_("Detail"), _("Value")], *[[k, v] for k, v in facts]], styles, [4 * cm, 13 * cm])
        )
        scale = [[_("Level"), _("Description")]] + [
            [f"{level:+d}" if level else "0", text] for level, text in goal.scale()
        ]
        story += [Spacer(1, 0.15 * cm), _table(scale, styles, [1.5 * cm, 15.5 * cm])]
    return story


def _projects(context: dict[str, Any], styles: _Styles) -> list[Any]:
    story: list[Any] = [printing.paragraph(_("Projects"), styles.heading)]
    if not context["projects"]:
        story.append(printing.paragraph(_("No projects yet."), styles.body))
        return story
    rows = [[_("Project"), _("Period"), _("Responsible"), _("Effort (hours)"), _("Status")]]
    for project in context["projects"]:
        effort = _("%(actual)s of %(planned)s planned") % {
            "actual": _number(project.actual_minutes / 60),
            "planned": _number(project.planned_hours),
        }
        goals = "; ".join(goal.title for goal in project.goals.all())
        title = f"{project.title} ({_('Goals served')}: {goals})" if goals else project.title
        title += " – " + _("Costs planned / booked (EUR): %(planned)s / %(booked)s") % {
            "planned": _number(project.planned_costs),
            "booked": _number(getattr(project, "booked_costs", 0)),
        }
        rows.append(
            [
                title,
                f"{_date(project.starts_on)} – {_date(project.ends_on)}",
                str(project.responsible),
                f"{effort} ({project.activity_count} {_('activities')})",
                project.get_status_display(),
            ]
        )
    story.append(_table(rows, styles, [5.5 * cm, 3.4 * cm, 3 * cm, 3.3 * cm, 1.8 * cm]))
    return story


def _review(context: dict[str, Any], styles: _Styles) -> list[Any]:
    plan = context["plan"]
    story: list[Any] = [printing.paragraph(_("Review"), styles.heading)]
    if plan.reviewed_on:
        story += [
            printing.paragraph(plan.review_summary, styles.body),
            printing.paragraph(
                _("review completed on %(date)s") % {"date": _date(plan.reviewed_on)}, styles.small
            ),
        ]
    else:
        story.append(printing.paragraph(_("The review is not completed yet."), styles.body))
    return story


def plan_pdf(context: dict[str, Any]) -> bytes:
    """The plan page's content (views.plan_context) as an A4 PDF."""
    styles = _Styles()
    plan = context["plan"]
    title = _("Plan %(year)s: %(kita)s") % {"year": plan.year, "kita": plan.kita.name}
    story: list[Any] = [
        printing.paragraph(title, styles.title),
        printing.paragraph(
            _("Plan period %(start)s – %(end)s")
            % {"start": _date(plan.starts_on), "end": _date(plan.ends_on)},
            styles.body,
        ),
        Spacer(1, 0.3 * cm),
        *_phases(context, styles),
        *_findings(context, styles),
        *_goals(context, styles),
        *_projects(context, styles),
        *_review(context, styles),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm
    )
    regular, _bold = printing.register_fonts()

    def page_number(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.drawRightString(
            A4[0] - 2 * cm, 1.2 * cm, f"{title} · " + _("page %(page)s") % {"page": doc.page}
        )
        canvas.restoreState()

    document.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()
