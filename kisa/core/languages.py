"""The languages of public pages (surveys, feedback): what respondents can pick, and how a page picks one.

Staff pages stay German (settings.LANGUAGES). Public pages render in the respondent's language through
`translation.override`; an app ships gettext catalogues for these codes under its `locale/` directory.
Django falls back to the German catalogue for any string a language lacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class PublicLanguage:
    code: str
    native_name: str
    right_to_left: bool = False


# Easy German (Leichte Sprache) has no ISO code of its own; "de-x-ls" is a private-use BCP 47 tag whose
# gettext locale is `de_X-ls` (Django's `to_locale`), and whose missing strings fall back to German.
DEFAULT_PUBLIC_LANGUAGES: tuple[PublicLanguage, ...] = (
    PublicLanguage("de", "Deutsch"),
    PublicLanguage("de-x-ls", "Leichte Sprache"),
    PublicLanguage("en", "English"),
    PublicLanguage("ar", "العربية", right_to_left=True),
    PublicLanguage("tr", "Türkçe"),
    PublicLanguage("ru", "Русский"),
    PublicLanguage("uk", "Українська"),
)
PUBLIC_LANGUAGE_CODES = frozenset(language.code for language in DEFAULT_PUBLIC_LANGUAGES)


def public_language(code: str) -> PublicLanguage | None:
    return next((language for language in DEFAULT_PUBLIC_LANGUAGES if language.code == code), None)


def requested_public_language(
    request: HttpRequest, *, offered: frozenset[str] = PUBLIC_LANGUAGE_CODES
) -> str:
    """The language a public page shows: `?lang=` if offered, else the browser's first offered one, else German."""
    asked = request.GET.get("lang", "")
    if asked in offered:
        return asked
    for part in request.headers.get("Accept-Language", "").split(","):
        tag = part.split(";")[0].strip().lower()
        for candidate in (tag, tag.split("-")[0]):
            if candidate in offered:
                return candidate
    return "de"
