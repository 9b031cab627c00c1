"""The machinery shared by public (no-login) pages of surveys and participation.

Language choice and rendering in the respondent's language, the honeypot field, the rate-limit source key
and the QR code behind every poster. Anonymity rules hold for all of it: the client address is used only as
a keyed hash inside the rate-limit cache key (forgotten with the window), never stored or logged.
"""

from __future__ import annotations

import hashlib
import hmac
import io
from collections.abc import Sequence
from typing import Any

import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django_ratelimit.core import is_ratelimited

from kisa.core.languages import DEFAULT_PUBLIC_LANGUAGES, PublicLanguage, requested_public_language

# A field hidden from people (CSS, aria-hidden, tabindex=-1) that simple bots fill in.
HONEYPOT_FIELD = "website"


def honeypot_filled(request: HttpRequest) -> bool:
    return bool(request.POST.get(HONEYPOT_FIELD))


def client_source(request: HttpRequest) -> str:
    """A keyed hash of the client address (the reverse proxy must set REMOTE_ADDR to the client's)."""
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def rate_limited(request: HttpRequest, *, group: str, scope: object, rate: str) -> bool:
    """Count this attempt; True once one source exceeded `rate` for `scope` (a round, a Kita, ...)."""
    return is_ratelimited(
        request,
        group=group,
        key=lambda _group, req: f"{scope}:{client_source(req)}",
        rate=rate,
        increment=True,
    )


def chosen_language(
    request: HttpRequest, offered: Sequence[PublicLanguage] = DEFAULT_PUBLIC_LANGUAGES
) -> PublicLanguage:
    """The page's language: a posted `lang` (form resubmitted), else `?lang=`, else the browser's, else German."""
    codes = frozenset(language.code for language in offered)
    code = request.POST.get("lang") if request.method == "POST" else None
    if code not in codes:
        code = requested_public_language(request, offered=codes)
    return next((language for language in offered if language.code == code), offered[0])


def render_public(
    request: HttpRequest,
    template: str,
    *,
    language: PublicLanguage,
    languages: Sequence[PublicLanguage] = DEFAULT_PUBLIC_LANGUAGES,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """Render in the respondent's language with `<html lang dir>` data and a Content-Language header."""
    with translation.override(language.code):
        response = render(
            request,
            template,
            {
                **context,
                "language": language,
                "languages": languages,
                "text_direction": "rtl" if language.right_to_left else "ltr",
            },
            status=status,
        )
    response["Content-Language"] = language.code
    return response


def qr_svg(url: str, *, title: str) -> str:
    """The link as an SVG QR code (error correction M: still readable when a poster gets a little worn)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=4, title=title, svgclass="qr-code")
    return buffer.getvalue().decode()
