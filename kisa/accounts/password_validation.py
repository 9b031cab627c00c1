"""Known-breached and guessable passwords, refused offline (no password ever leaves the server).

Django's CommonPasswordValidator refuses the 20,000 passwords most often found in breach corpora
(Royce Williams' list, shipped with Django) exactly as typed. Attackers try the usual variants first, so
this validator also refuses a password whose *core* is on that list or on KiSA's German-language list
(kisa/accounts/data/common-passwords-de.txt): lower-cased, common letter/digit swaps undone and leading
or trailing digits and symbols stripped ("Passwort2024!" -> "passwort", "S0mmer#1" -> "sommer").
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

GERMAN_LIST = Path(__file__).resolve().parent / "data" / "common-passwords-de.txt"
SWAPS = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@cache
def _known_passwords() -> frozenset[str]:
    words = set(CommonPasswordValidator().passwords)
    words |= {
        line.strip().lower()
        for line in GERMAN_LIST.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    return frozenset(word for word in words if word)


def password_core(password: str) -> str:
    """The guessable core of a password: lower case, edge digits/symbols stripped, swaps undone."""
    lowered = password.lower().strip()
    stripped = EDGES.sub("", lowered)
    return EDGES.sub("", stripped.translate(SWAPS)) or stripped


class BreachedPasswordValidator:
    """Refuses passwords that are, or are a trivial variant of, a known-breached or common password."""

    def validate(self, password: str, user: Any = None) -> None:
        known = _known_passwords()
        lowered = password.lower().strip()
        candidates = {lowered, EDGES.sub("", lowered), password_core(password)}
        if any(candidate in known for candidate in candidates if len(candidate) >= 4):
            raise ValidationError(
                _("This password is a variant of a commonly used or leaked password."),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Your password must not be a variant of a commonly used or leaked password.")
