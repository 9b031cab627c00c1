"""Request limits applied before any view reads the body; the audit of every file download."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """Refuse bodies above `KISA_MAX_REQUEST_BYTES` (413) before they are read or spooled to disk.

    Django caps form fields and JSON (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams file uploads to disk
    without a limit; the largest legitimate upload, an import table, is 5 MB.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.KISA_MAX_REQUEST_BYTES
        if length > limit:
            message = _("The request is too large (at most %(size)d MB).") % {"size": limit // (1024 * 1024)}
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


# --- Export audit -------------------------------------------------------------------------------------------

EXPORT_AUDITED = "kisa_export_audited"


def _download_name(response: HttpResponse) -> str | None:
    """The file name of a download (`attachment`, or `inline` with a file name: posters, print PDFs)."""
    disposition = response.get("Content-Disposition", "")
    kind = disposition.split(";", 1)[0].strip().lower()
    if kind == "attachment" or (kind == "inline" and "filename" in disposition.lower()):
        match = re.search(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', disposition, flags=re.IGNORECASE)
        return match.group(1) if match else ""
    return None


class ExportAuditMiddleware:
    """Every file a signed-in user downloads writes an `export` audit entry: who, when, which page and file
    name; never the content (SGB VIII § 61 ff., issue 8 point 5).

    Central, so every app's download (survey tables, HSDS export, evidence of use, posters, case export) is
    covered without each view remembering it. A view that already logged the export against its record
    (the GDPR case export) marks the response with `EXPORT_AUDITED`. If the entry cannot be written, the
    file is not handed out (503, try again): no unlogged export.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if not getattr(user, "is_authenticated", False) or getattr(response, EXPORT_AUDITED, False):
            return response
        if not 200 <= response.status_code < 300:
            return response
        filename = _download_name(response)
        if filename is None:
            return response
        return self._audited(request, response, user, filename)

    @staticmethod
    def _audited(request: HttpRequest, response: HttpResponse, user: Any, filename: str) -> HttpResponse:
        from kisa.accounts.selectors import youth_office_id_of
        from kisa.core.audit import audit_event
        from kisa.core.faults import DATABASE_FAULTS, RETRY_AFTER_SECONDS, discard_broken_connection
        from kisa.core.models import AuditEntry

        label = f"{request.method} {request.path}"
        if filename:
            label = f"{label} ({filename})"
        try:
            audit_event(
                actor=user,
                action=AuditEntry.Action.EXPORT,
                youth_office_id=youth_office_id_of(user),
                label=label,
            )
        except DATABASE_FAULTS:
            discard_broken_connection()
            refused = HttpResponse(
                _("The download could not be logged, so it was not handed out. Please try again."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            refused["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return refused
        return response
