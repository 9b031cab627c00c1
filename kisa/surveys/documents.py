"""Printed material: QR code (SVG), A4 poster with QR code, and the paper questionnaire (PDF).

Printed in the chosen language, Arabic right to left and right-aligned; fonts and text direction come from
`kisa.core.pdf`, shared with the participation poster.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer

from kisa.core import pdf
from kisa.core.languages import PublicLanguage
from kisa.surveys import definition as definitions


def _qr_flowable(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def poster_pdf(*, survey_round: Any, kita: Any, language: PublicLanguage, url: str) -> bytes:
    rtl = language.right_to_left
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, title=survey_round.name
    )
    big = pdf.style("big", size=30, leading=36, bold=True, centred=True)
    text = pdf.style("text", size=16, leading=22, centred=True)
    small = pdf.style("small", size=10, leading=14, centred=True)
    with translation.override(language.code):
        story: list[Flowable] = [
            pdf.paragraph(kita.name, text, right_to_left=rtl),
            Spacer(1, 8 * mm),
            pdf.paragraph(_("Your opinion counts!"), big, right_to_left=rtl),
            Spacer(1, 6 * mm),
            pdf.paragraph(survey_round.name, text, right_to_left=rtl),
            Spacer(1, 10 * mm),
            _CenteredDrawing(_qr_flowable(url, 90 * mm)),
            Spacer(1, 10 * mm),
            pdf.paragraph(
                _("Scan the code with your phone camera and answer the questionnaire."),
                text,
                right_to_left=rtl,
            ),
            Spacer(1, 4 * mm),
            pdf.paragraph(_("Anonymous and voluntary – about 10 minutes."), text, right_to_left=rtl),
            Spacer(1, 10 * mm),
            pdf.paragraph(url, small),
        ]
    document.build(story)
    return buffer.getvalue()


class _CenteredDrawing(Flowable):
    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.available_width = available_width
        return available_width, self.height

    def draw(self) -> None:
        renderPDF.draw(self.drawing, self.canv, (self.available_width - self.width) / 2, 0)


def paper_pdf(*, survey_round: Any, kita: Any, version: Any, language: PublicLanguage) -> bytes:
    """The questionnaire to print: a box per option, lines for texts; the header names round and Kita
    so staff can enter it for the right Kita. Right-to-left languages print right-aligned."""
    code, rtl = language.code, language.right_to_left
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, title=survey_round.name
    )
    title = pdf.style("title", size=16, leading=20, bold=True, right_to_left=rtl)
    heading = pdf.style("heading", size=12, leading=16, bold=True, space_before=8, right_to_left=rtl)
    strong = pdf.style("strong", size=10, leading=14, bold=True, right_to_left=rtl)
    body = pdf.style("body", size=10, leading=14, right_to_left=rtl)
    option = pdf.style("option", size=10, leading=14, indent=8 * mm, right_to_left=rtl)
    definition = version.definition

    def line(text: str, paragraph_style: Any) -> Flowable:
        return pdf.paragraph(text, paragraph_style, right_to_left=rtl)

    with translation.override(code):
        story: list[Flowable] = [
            line(definitions.text_in(definition.get("title"), code), title),
            line(f"{survey_round.name} · {kita.name} · v{version.number}", body),
            Spacer(1, 3 * mm),
            line(definitions.text_in(definition.get("intro"), code), body),
        ]
        for section in definitions.sections(definition, code):
            story.append(line(section.title, heading))
            for question in section.questions:
                mark = "" if question.required else f" ({pgettext('public page', 'optional')})"
                story.append(Spacer(1, 2 * mm))
                story.append(line(f"{question.text}{mark}", strong))
                if question.help:
                    story.append(line(question.help, body))
                story.extend(line(f"☐  {choice.label}", option) for choice in question.options)
                if question.type == definitions.NUMBER:
                    story.append(line("____________", option))
                if question.is_text:
                    lines = 4 if question.type == definitions.LONG_TEXT else 1
                    story.extend(line("_" * 80, option) for _line in range(lines))
    document.build(story)
    return buffer.getvalue()
