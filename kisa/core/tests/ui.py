"""Test helpers for what a user reads on a page."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape


def ui(msgid: str, **params: Any) -> str:
    """A UI string as the (German) page shows it, HTML-escaped.

    Tests compare with this instead of English text, so they hold before and after the German catalogue
    is added.
    """
    with translation.override("de"):
        text = translation.gettext(msgid)
    return escape(text % params if params else text)


def queries_for(client: Client, url: str) -> int:
    """How many database queries one GET of `url` takes (for the no-N+1 guards).

    Measured on a second request, so one-off work of the first (caches warming up) does not count.
    """
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)
