"""QR code (SVG, segno) and printable A4 poster (PDF, reportlab) for a Kita's public feedback link."""

from __future__ import annotations

import io
from pathlib import Path

import segno
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from kisa.core.languages import public_language

try:  # reportlab's shaping extra (pyproject: reportlab[shaping]); without it Arabic letters stay unjoined
    import uharfbuzz  # noqa: F401

    SHAPING = True
except ImportError:  # pragma: no cover - the dependency is declared
    SHAPING = False
from kisa.registry.models import Kita

# A font that has Latin (incl. Turkish), Cyrillic and Arabic letters; Debian's fonts-dejavu-core. Without
# it the poster falls back to Helvetica, which shows only Western European letters.
POSTER_FONT_FILES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)
_FONT_NAME = "KisaPosterSans"


def qr_svg(url: str, *, title: str) -> str:
    """The link as an SVG QR code (error correction M: still readable when a poster gets a little worn)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=4, title=title, svgclass="qr-code")
    return buffer.getvalue().decode()


def _poster_font() -> str:
    if _FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return _FONT_NAME
    for path in POSTER_FONT_FILES:
        if path.exists():
            pdfmetrics.registerFont(TTFont(_FONT_NAME, str(path)))
            return _FONT_NAME
    return "Helvetica"


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def poster_pdf(*, kita: Kita, url: str, language: str) -> bytes:
    """An A4 poster in `language`: heading, the Kita, what to do, the QR code and the link in print."""
    buffer = io.BytesIO()
    width, height = A4
    font = _poster_font()
    language_info = public_language(language)
    right_to_left = bool(language_info and language_info.right_to_left)
    with translation.override(language):
        heading = _("Your opinion counts!")
        lead = _(
            "Praise, a wish, an idea or a complaint: tell the Kita what you think. You do not need to give your name."
        )
        scan = _("Scan the code with your phone, or open the link:")
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"{heading} – {kita.name}")
    margin = 20 * mm
    text_width = width - 2 * margin

    def line(text: str, y: float, size: float) -> None:
        pdf.setFont(font, size)
        if right_to_left:
            # Arabic letters join and change shape: reportlab shapes them with uharfbuzz.
            pdf.drawRightString(width - margin, y, text, direction="RTL", shaping=SHAPING)
        else:
            pdf.drawString(margin, y, text)

    y = height - margin - 20
    for part in _wrap(heading, font, 30, text_width):
        line(part, y, 30)
        y -= 38
    line(kita.name, y - 4, 20)
    y -= 46
    for part in _wrap(lead, font, 15, text_width):
        line(part, y, 15)
        y -= 21
    y -= 10
    for part in _wrap(scan, font, 13, text_width):
        line(part, y, 13)
        y -= 19

    qr = segno.make(url, error="m")
    modules = list(qr.matrix_iter(border=4))
    size = 110 * mm
    module = size / len(modules)
    left = (width - size) / 2
    top = y - 10
    pdf.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(modules):
        for col_index, dark in enumerate(row):
            if dark:
                pdf.rect(
                    left + col_index * module,
                    top - (row_index + 1) * module,
                    module,
                    module,
                    stroke=0,
                    fill=1,
                )
    pdf.setFont("Helvetica", 11)
    pdf.drawCentredString(width / 2, top - size - 18, url)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
