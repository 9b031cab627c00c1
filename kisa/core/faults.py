"""Database faults: answer "try again" (503 + Retry-After), never leave half-written records.

The pattern every write follows (registry services now; activity saves and survey submissions the same):

1. The service is one `transaction.atomic` unit (STYLE.md): the record, its audit entry and anything else
   commit together or not at all. A lost connection in the middle rolls the whole unit back.
2. A database fault (`OperationalError`, `InterfaceError`: connection lost, server restarting, lock
   timeout) is not the caller's mistake and not a bug to show: the API answers 503 with `Retry-After`
   and `{"detail": ...}` (config/api.py), pages answer the 503 page (`DatabaseUnavailableMiddleware`).
   Since nothing was written, repeating the same request is safe.
3. Writes that a client may repeat after a lost *answer* (the write committed, the response did not
   arrive) send an `Idempotency-Key` header (`IdempotencyMiddleware`): the answer is stored in the write's
   own transaction and a repeat gets it back instead of writing twice. Pages can use a natural key
   instead (e.g. a unique `submission_id` the public survey form generates once).

`retryable_write` wraps a service for callers outside a request (Celery tasks, commands): atomic, and a
database fault becomes `TemporarilyUnavailable` after discarding the broken connection.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DATABASE_FAULTS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5

Service = TypeVar("Service", bound=Callable[..., Any])


class TemporarilyUnavailable(Exception):
    """The write did not happen because the database was unreachable; the same call may be repeated."""

    retry_after = RETRY_AFTER_SECONDS


def discard_broken_connection() -> None:
    """Outside a transaction, close a connection the fault left unusable; the next query reconnects."""
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


def retryable_write(service: Service) -> Service:
    """Run `service` atomically; turn a database fault into `TemporarilyUnavailable` (nothing written)."""

    @wraps(service)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            with transaction.atomic():
                return service(*args, **kwargs)
        except DATABASE_FAULTS as error:
            logger.warning("database fault in %s: %s", service.__qualname__, error)
            discard_broken_connection()
            raise TemporarilyUnavailable(str(error)) from error

    return wrapped  # type: ignore[return-value]


def is_database_fault(error: BaseException) -> bool:
    return isinstance(error, (*DATABASE_FAULTS, TemporarilyUnavailable))


class DatabaseUnavailableMiddleware:
    """Pages: a database fault in a view answers 503 "nothing was saved, try again", not a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_fault(exception):
            return None
        logger.warning("database fault on %s: %s", request.path, exception)
        discard_broken_connection()
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


# --- Idempotency keys -------------------------------------------------------------------------------------

IDEMPOTENCY_HEADER = "Idempotency-Key"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class IdempotencyMiddleware:
    """API writes sent with `Idempotency-Key: <random, 16–100 characters>` happen at most once.

    The write and its stored answer commit in one transaction. A repeat with the same key (same caller,
    method and path) within `KISA_IDEMPOTENCY_HOURS` gets the stored answer (`Idempotent-Replayed: true`)
    and writes nothing; a repeat while the first is still running gets 409. Failed writes (4xx, 5xx) are
    not stored, so they can be retried. Public survey submissions and activity saves send the key from
    their form or client.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(IDEMPOTENCY_HEADER, "")
        if not key or request.method not in WRITE_METHODS or not request.path_info.startswith("/api/"):
            return self.get_response(request)
        if not 16 <= len(key) <= 100:
            return _json(400, _("The Idempotency-Key must have 16 to 100 characters."))
        from kisa.core.models import IdempotencyRecord

        scope = self._scope(request)
        stored = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if stored is not None:
            return self._replay(stored)
        try:
            with transaction.atomic():
                response = self.get_response(request)
                if 200 <= response.status_code < 300 and not response.streaming:
                    with transaction.atomic():
                        IdempotencyRecord.objects.create(
                            scope=scope,
                            key=key,
                            status=response.status_code,
                            content_type=response.get("Content-Type", "application/json"),
                            body=response.content,
                        )
                    self._forget_old()
        except IntegrityError:
            return _json(409, _("A request with this Idempotency-Key is already being processed."))
        except DATABASE_FAULTS as error:
            logger.warning("database fault on %s: %s", request.path, error)
            discard_broken_connection()
            response = _json(
                503,
                _("The database could not be reached. Nothing was saved; please try again in a few seconds."),
            )
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @staticmethod
    def _scope(request: HttpRequest) -> str:
        user = getattr(request, "user", None)
        who = f"user:{user.pk}" if getattr(user, "is_authenticated", False) else "anonymous"
        auth = request.headers.get("Authorization", "")
        if auth.lower().startswith("bearer "):
            from kisa.accounts.models import hash_token

            who = f"token:{hash_token(auth[7:].strip())[:16]}"
        return f"{who} {request.method} {request.path_info}"[:200]

    @staticmethod
    def _replay(stored: Any) -> HttpResponse:
        response = HttpResponse(bytes(stored.body), status=stored.status, content_type=stored.content_type)
        response["Idempotent-Replayed"] = "true"
        return response

    @staticmethod
    def _forget_old() -> None:
        from django.conf import settings
        from django.utils import timezone

        from kisa.core.models import IdempotencyRecord

        cutoff = timezone.now() - dt.timedelta(hours=getattr(settings, "KISA_IDEMPOTENCY_HOURS", 24))
        IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()


def _json(status: int, message: str) -> HttpResponse:
    return JsonResponse({"detail": message}, status=status)
