"""The versioned JSON API: one NinjaAPI, one router per app, the apps' own permissions, one error shape."""

import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.core.signals import got_request_exception
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import django_auth

from kisa.accounts.api import BearerTokenAuth
from kisa.accounts.api import router as accounts_router
from kisa.budget.api import router as budget_router
from kisa.cases.api import router as cases_router
from kisa.core.faults import (
    DATABASE_FAULTS,
    RETRY_AFTER_SECONDS,
    TemporarilyUnavailable,
    discard_broken_connection,
)
from kisa.directory.api import router as directory_router
from kisa.documentation.api import router as documentation_router
from kisa.family_centres.api import router as family_centres_router
from kisa.participation.api import router as participation_router
from kisa.planning.api import router as planning_router
from kisa.registry.api import router as registry_router
from kisa.reports.api import router as reports_router
from kisa.surveys.api import router as surveys_router

logger = logging.getLogger("kisa.api")

api = NinjaAPI(
    title="KiSA API",
    version="1",
    description=(
        "Kita-Sozialarbeit im Sozialraum. Authenticate with a session (plus the CSRF token for writes) or "
        "`Authorization: Bearer <token>`.\n\n"
        'Errors answer `{"detail": ...}`: a text for 400/401/403/404; for invalid input (422) a list of '
        '`{"field": name, "message": text}` naming each field as the client sent it (`field` is null '
        "when the error concerns the record as a whole)."
    ),
    urls_namespace="api-v1",
    auth=[BearerTokenAuth(), django_auth],
    # Swagger UI comes from ninja's own static files; no validator badge, so no third-party host is contacted.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("", registry_router)
api.add_router("/accounts", accounts_router)
# Each app's router carries its full paths (/activities, /cases, /feedback, ...), so all mount at the root.
api.add_router("", documentation_router)
api.add_router("", cases_router)
api.add_router("", directory_router)
api.add_router("", participation_router)
api.add_router("", budget_router)
api.add_router("", surveys_router)
api.add_router("", planning_router)
api.add_router("", family_centres_router)
api.add_router("", reports_router)


def _field_errors(field_messages: list[tuple[str | None, str]]) -> dict[str, Any]:
    return {"detail": [{"field": field, "message": message} for field, message in field_messages]}


@api.exception_handler(ValidationError)
def service_validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """Services and models refuse bad values with Django's ValidationError: 422 naming each field."""
    if hasattr(error, "error_dict"):
        pairs = [
            (None if field == NON_FIELD_ERRORS else field, message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    else:
        pairs = [(None, message) for message in error.messages]
    return api.create_response(request, _field_errors(pairs), status=422)


@api.exception_handler(SchemaValidationError)
def schema_validation_error(request: HttpRequest, error: SchemaValidationError) -> HttpResponse:
    """Wrong types or missing values in the request: the same shape as a service's refusal.

    Pydantic locates an error as (source, [parameter,] field, ...); the client knows only the field.
    """
    pairs = []
    for item in error.errors:
        location = list(item.get("loc", ()))
        names = location[2:] if location[:1] == ["body"] else location[1:]
        field = next((name for name in reversed(names) if isinstance(name, str)), None)
        pairs.append((field, _schema_message(item)))
    return api.create_response(request, _field_errors(pairs), status=422)


def _schema_message(item: dict[str, Any]) -> str:
    """The message in the UI's language for the common kinds of schema errors (a refused offline entry
    shows it to the worker), else pydantic's own English text."""
    context = item.get("ctx") or {}
    kind = item.get("type", "")
    if kind == "missing":
        return str(_("This field is required."))
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return str(_("Enter a whole number."))
    if kind in {"float_parsing", "float_type", "decimal_parsing", "decimal_type"}:
        return str(_("Enter a number."))
    if kind in {"bool_parsing", "bool_type"}:
        return str(_("Enter yes (true) or no (false)."))
    if kind in {"date_parsing", "date_from_datetime_parsing", "date_type"}:
        return str(_("Enter a valid date (YYYY-MM-DD)."))
    if kind in {"time_parsing", "time_type"}:
        return str(_("Enter a valid time (HH:MM)."))
    if kind in {"uuid_parsing", "uuid_type"}:
        return str(_("Enter a valid UUID."))
    if kind in {"enum", "literal_error"}:
        return str(_("Choose one of: %(expected)s.") % {"expected": context.get("expected", "")})
    if kind == "string_too_long":
        return str(_("At most %(max)s characters.") % {"max": context.get("max_length", "")})
    if kind == "string_too_short":
        return str(_("At least %(min)s characters.") % {"min": context.get("min_length", "")})
    if kind in {"greater_than_equal", "greater_than"}:
        return str(
            _("The value is too small (limit: %(limit)s).") % {"limit": context.get("ge", context.get("gt"))}
        )
    if kind in {"less_than_equal", "less_than"}:
        return str(
            _("The value is too large (limit: %(limit)s).") % {"limit": context.get("le", context.get("lt"))}
        )
    return str(item["msg"])


@api.exception_handler(RequestDataTooBig)
def payload_too_large(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE: refused before it is parsed."""
    message = _("The request is too large (at most %(size)d MB).") % {"size": _upload_limit_mb()}
    return api.create_response(request, {"detail": message}, status=413)


@api.exception_handler(TooManyFieldsSent)
def too_many_fields(request: HttpRequest, error: TooManyFieldsSent) -> HttpResponse:
    return api.create_response(request, {"detail": _("The request has too many fields.")}, status=400)


def _upload_limit_mb() -> int:
    from django.conf import settings

    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024))


def _database_unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    """A database fault (connection lost): nothing was written (services are atomic), so retrying is safe."""
    logger.warning("database fault on %s: %s", request.path, error)
    discard_broken_connection()
    message = _("The database could not be reached. Nothing was saved; please try again in a few seconds.")
    response = api.create_response(request, {"detail": message}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


for _fault in (*DATABASE_FAULTS, TemporarilyUnavailable):
    api.add_exception_handler(_fault, _database_unavailable)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, error: Exception) -> HttpResponse:
    """Anything unexpected: logged with its traceback for the operator; the client learns nothing internal."""
    logger.exception("unhandled error on %s", request.path, exc_info=error)
    got_request_exception.send(sender=None, request=request)  # the test client re-raises it in tests
    return api.create_response(request, {"detail": _("Internal server error.")}, status=500)
