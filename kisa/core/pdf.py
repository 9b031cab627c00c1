"""Printing text in every public language with ReportLab: one font for all scripts, right-to-left lines.

Posters and paper questionnaires (surveys, participation) are printed in the respondent's language. Two
things ReportLab does not do on its own:

- **Font**: its built-in fonts know only Western European letters. We register DejaVu Sans (vendored under
  `kisa/core/fonts/`, with its licence), which covers Latin incl. Turkish, Cyrillic and
  Arabic, so no print depends on the server's installed fonts.
- **Right to left**: Arabic letters must join (shaping) and a line must be laid out in visual order with
  neutral characters (!, ?, brackets) and embedded Latin words or numbers on the right side (Unicode
  bidirectional algorithm). ReportLab's own bidi needs `rlbidi`, which is not published on PyPI; we use
  `arabic-reshaper` (joining forms) and `python-bidi`'s reference algorithm (visual order with mirrored
  brackets; its faster Rust `get_display` does not mirror) and draw the finished line left to right. A right-to-left paragraph is wrapped in logical order first, then each line is reordered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi.algorithm import get_display  # the reference implementation: it mirrors brackets (L4)
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "KisaSans"
BOLD = "KisaSans-Bold"


def register_fonts() -> tuple[str, str]:
    """Register the vendored DejaVu Sans (once per process) and return (regular, bold) font names."""
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    return REGULAR, BOLD


def visual(text: str, *, right_to_left: bool) -> str:
    """One line as it is drawn: for right-to-left text, Arabic letters joined and the line in visual order."""
    if not right_to_left:
        return text
    return str(get_display(arabic_reshaper.reshape(text), base_dir="R"))


def wrap(text: str, *, font: str, size: float, width: float, right_to_left: bool = False) -> list[str]:
    """Split `text` into lines no wider than `width`, in logical (reading) order; words are never split."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}".strip()
            measured = visual(candidate, right_to_left=right_to_left)
            if current and pdfmetrics.stringWidth(measured, font, size) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


def draw_line(
    canvas: Any, text: str, *, x_left: float, x_right: float, y: float, right_to_left: bool
) -> None:
    """Draw one line with the canvas's current font: right-aligned for right-to-left text, else left."""
    if right_to_left:
        canvas.drawRightString(x_right, y, visual(text, right_to_left=True))
    else:
        canvas.drawString(x_left, y, text)


class RightToLeftParagraph(Flowable):
    """A plain-text paragraph for right-to-left languages: wrapped in reading order, each line reordered."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style
        self.lines: list[str] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width - self.style.leftIndent - self.style.rightIndent
        self.lines = wrap(
            self.text,
            font=self.style.fontName,
            size=self.style.fontSize,
            width=self.width,
            right_to_left=True,
        )
        self.height = len(self.lines) * self.style.leading
        return available_width, self.height

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        canvas.setFont(style.fontName, style.fontSize)
        right = self.width + style.leftIndent  # an indent moves a right-to-left line in from the right
        y = self.height - style.fontSize
        for line in self.lines:
            drawn = visual(line, right_to_left=True)
            if style.alignment == TA_CENTER:
                canvas.drawCentredString(style.leftIndent + self.width / 2, y, drawn)
            else:
                canvas.drawRightString(right, y, drawn)
            y -= style.leading


def style(
    name: str,
    *,
    size: float,
    leading: float,
    bold: bool = False,
    centred: bool = False,
    indent: float = 0,
    space_before: float = 0,
    right_to_left: bool = False,
) -> ParagraphStyle:
    """A paragraph style in the shared font; right-to-left styles align right and indent from the right."""
    regular, bold_font = register_fonts()
    alignment = TA_CENTER if centred else (TA_RIGHT if right_to_left else TA_LEFT)
    return ParagraphStyle(
        name,
        fontName=bold_font if bold else regular,
        fontSize=size,
        leading=leading,
        alignment=alignment,
        leftIndent=0 if right_to_left else indent,
        rightIndent=indent if right_to_left else 0,
        spaceBefore=space_before,
    )


def paragraph(text: str, paragraph_style: ParagraphStyle, *, right_to_left: bool = False) -> Flowable:
    """Plain text (no markup: `<` and `&` print as typed) as a flowable in either direction."""
    if right_to_left:
        return RightToLeftParagraph(text, paragraph_style)
    return Paragraph(escape(text), paragraph_style)
