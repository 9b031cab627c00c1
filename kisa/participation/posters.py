"""Printable A4 poster (PDF, reportlab) for a Kita's public feedback link, in every public language."""

from __future__ import annotations

import io

import segno
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from kisa.core import pdf as printing
from kisa.core.languages import public_language
from kisa.registry.models import Kita


def poster_pdf(*, kita: Kita, url: str, language: str) -> bytes:
    """An A4 poster in `language`: heading, the Kita, what to do, the QR code and the link in print."""
    buffer = io.BytesIO()
    width, height = A4
    font, bold = printing.register_fonts()
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

    def line(text: str, y: float, size: float, face: str = font) -> None:
        pdf.setFont(face, size)
        printing.draw_line(pdf, text, x_left=margin, x_right=width - margin, y=y, right_to_left=right_to_left)

    def wrapped(text: str, size: float, face: str = font) -> list[str]:
        return printing.wrap(text, font=face, size=size, width=text_width, right_to_left=right_to_left)

    y = height - margin - 20
    for part in wrapped(heading, 30, bold):
        line(part, y, 30, bold)
        y -= 38
    line(kita.name, y - 4, 20)
    y -= 46
    for part in wrapped(lead, 15):
        line(part, y, 15)
        y -= 21
    y -= 10
    for part in wrapped(scan, 13):
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
    pdf.setFont(font, 11)
    pdf.drawCentredString(width / 2, top - size - 18, url)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
