"""Reading printed PDFs back as text in tests (pypdf), as a reader or screen reader would get it."""

from __future__ import annotations

import io
import unicodedata

import pypdf


def pdf_text(content: bytes) -> str:
    """All pages' text; Arabic presentation forms (joined letters) folded back to their base letters."""
    assert content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFKC", text)
