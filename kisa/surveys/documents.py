"""Printed material: QR code (SVG), A4 poster with QR code, and the paper questionnaire (PDF).

PDFs use DejaVu Sans (Latin, Turkish, Cyrillic). ReportLab cannot shape Arabic script or lay out
right-to-left text without extra libraries, so posters and paper forms for right-to-left languages are
printed in German; their QR code still opens the page in the chosen language.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import segno
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from kisa.core.languages import PublicLanguage
from kisa.surveys import definition as definitions

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _font() -> tuple[str, str]:
    """DejaVu Sans when installed (covers Cyrillic and Turkish), else Helvetica."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return "Helvetica", "Helvetica-Bold"
    if "KisaSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("KisaSans", str(regular)))
        pdfmetrics.registerFont(TTFont("KisaSans-Bold", str(bold)))
    return "KisaSans", "KisaSans-Bold"


def qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, border=2, xmldecl=False, title=url)
    return buffer.getvalue()


def _print_language(language: PublicLanguage) -> str:
    return "de" if language.right_to_left else language.code


def _qr_flowable(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def poster_pdf(*, survey_round: Any, kita: Any, language: PublicLanguage, url: str) -> bytes:
    regular, bold = _font()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, title=survey_round.name
    )
    big = ParagraphStyle("big", fontName=bold, fontSize=30, leading=36, alignment=1)
    text = ParagraphStyle("text", fontName=regular, fontSize=16, leading=22, alignment=1)
    small = ParagraphStyle("small", fontName=regular, fontSize=10, leading=14, alignment=1)
    with translation.override(_print_language(language)):
        story: list[Flowable] = [
            Paragraph(kita.name, text),
            Spacer(1, 8 * mm),
            Paragraph(_("Your opinion counts!"), big),
            Spacer(1, 6 * mm),
            Paragraph(survey_round.name, text),
            Spacer(1, 10 * mm),
            _CenteredDrawing(_qr_flowable(url, 90 * mm)),
            Spacer(1, 10 * mm),
            Paragraph(_("Scan the code with your phone camera and answer the questionnaire."), text),
            Spacer(1, 4 * mm),
            Paragraph(_("Anonymous and voluntary – about 10 minutes."), text),
            Spacer(1, 10 * mm),
            Paragraph(url, small),
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
    so staff can enter it for the right Kita."""
    regular, bold = _font()
    code = _print_language(language)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, title=survey_round.name
    )
    title = ParagraphStyle("title", fontName=bold, fontSize=16, leading=20)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=12, leading=16, spaceBefore=8)
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=14)
    option = ParagraphStyle("option", parent=body, leftIndent=8 * mm)
    definition = version.definition
    with translation.override(code):
        story: list[Flowable] = [
            Paragraph(definitions.text_in(definition.get("title"), code), title),
            Paragraph(f"{survey_round.name} · {kita.name} · v{version.number}", body),
            Spacer(1, 3 * mm),
            Paragraph(definitions.text_in(definition.get("intro"), code), body),
        ]
        for section in definitions.sections(definition, code):
            story.append(Paragraph(section.title, heading))
            for question in section.questions:
                mark = "" if question.required else f" ({_('optional')})"
                story.append(Spacer(1, 2 * mm))
                story.append(Paragraph(f"<b>{question.text}</b>{mark}", body))
                if question.help:
                    story.append(Paragraph(f"<i>{question.help}</i>", body))
                for choice in question.options:
                    story.append(Paragraph(f"☐  {choice.label}", option))
                if question.type == definitions.NUMBER:
                    story.append(Paragraph("____________", option))
                if question.is_text:
                    lines = 4 if question.type == definitions.LONG_TEXT else 1
                    story.extend(Paragraph("_" * 80, option) for _line in range(lines))
    document.build(story)
    return buffer.getvalue()
