"""Database faults: answer "try again" (503 + Retry-After), never leave half-written records.

The pattern every write follows (registry services now; activity saves and survey submissions the same):

1. The service is one `transaction.atomic` unit (STYLE.md): the record, its audit entry and anything else
   commit together or not at all. A lost connection in the middle rolls the whole unit back.
2. A database fault (`OperationalError`, `InterfaceError`: connection lost, server restarting, lock
   timeout) is not the caller's mistake and not a bug to show: the API answers 503 with `Retry-After`
   and `{"detail": ...}` (config/api.py), pages answer the 503 page (`DatabaseUnavailableMiddleware`).
   Since nothing was written, repeating the same request is safe.
3. Writes that a client may repeat after a lost *answer* (the write committed, the response did not
   arrive) need a natural or client-given key to stay idempotent, e.g. a unique `submission_id` the
   public survey form generates once: `retryable_write` re-raises, the repeat finds the existing record.

`retryable_write` wraps a service for callers outside a request (Celery tasks, commands): atomic, and a
database fault becomes `TemporarilyUnavailable` after discarding the broken connection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

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
