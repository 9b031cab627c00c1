"""Field encryption at rest: Fernet tokens (AES-128-CBC + HMAC-SHA256) under a rotating key list.

`settings.KISA_FIELD_ENCRYPTION_KEYS` (env `FIELD_ENCRYPTION_KEYS`, comma-separated): the first key
encrypts, every key decrypts (MultiFernet), so keys are rotated by putting a new key first, running
`manage.py rotate_field_encryption` and then dropping the old key. The database only ever holds tokens;
anyone with a dump but without the keys reads nothing. See docs/cases.md.
"""

from __future__ import annotations

import functools
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class EncryptionKeysMissing(ImproperlyConfigured):
    """Encrypted data was read or written, but no key is configured."""


@functools.cache
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds an invalid key: each must be a url-safe base64 Fernet key "
            "(Fernet.generate_key())."
        ) from error


def field_cipher() -> MultiFernet:
    """The configured keys as one MultiFernet; fails loudly instead of storing or showing anything unsafely."""
    keys = tuple(key.strip() for key in getattr(settings, "KISA_FIELD_ENCRYPTION_KEYS", ()) if key.strip())
    if not keys:
        raise EncryptionKeysMissing(
            "FIELD_ENCRYPTION_KEYS is not set, so encrypted case contact data cannot be read or written. "
            "Set it to the office's Fernet key(s), comma-separated, newest first (docs/cases.md)."
        )
    return _multi_fernet(keys)


def encrypt(text: str) -> str:
    return field_cipher().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return field_cipher().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "Encrypted data cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS: a key still needed "
            "was removed before `manage.py rotate_field_encryption` ran (docs/cases.md)."
        ) from error


def rotate(token: str) -> str:
    """The token re-encrypted under the first key (unchanged text)."""
    return field_cipher().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; Python code sees clear text, the database column never does.

    Empty text is stored as empty (nothing to hide, and no key needed). Encrypted values cannot be
    searched, filtered or ordered in the database: by design.
    """

    description = _("Text (encrypted at rest)")

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)
