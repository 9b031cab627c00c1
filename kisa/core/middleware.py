"""Request limits applied before any view reads the body."""

from __future__ import annotations

from collections.abc import Callable

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
