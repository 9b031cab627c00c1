"""The building blocks every app's API router uses: the permission check each endpoint declares, safe text
input and pagination."""

from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any, TypeVar

from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthorizationError
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from kisa.core.audit import audit_denied

Handler = TypeVar("Handler", bound=Callable[..., Any])


def requires_permission(permission: str) -> Callable[[Handler], Handler]:
    """API handler decorator: 403 unless the caller holds the django-rules `permission`, as in the UI.

    It runs inside the handler, after ninja has authenticated the caller (anonymous: 401). The mark it
    leaves lets a test check that every endpoint declares what it requires.
    """

    def decorator(handler: Handler) -> Handler:
        @wraps(handler)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not request.user.has_perm(permission):
                audit_denied(request)
                raise AuthorizationError(message=_("Your role does not allow this."))
            return handler(request, *args, **kwargs)

        wrapped.kisa_permission = permission  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def public_endpoint(handler: Handler) -> Handler:
    """Mark an endpoint as open to anonymous callers (declare `auth=None` on the route as well).

    Public endpoints (survey responses, feedback) take anonymous input; the endpoint walker in
    kisa/accounts/tests/test_api.py accepts an operation without authentication only with this mark.
    """
    handler.kisa_public = True  # type: ignore[attr-defined]
    return handler


def _without_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("null_characters", str(ProhibitNullCharactersValidator.message))
    return value


# Text input. PostgreSQL cannot store the NUL character (SQLite can), so it is refused as invalid input
# (422 naming the field, with the message Django's forms give) instead of failing at the database.
Text = Annotated[str, AfterValidator(_without_nul)]

# Pages beyond this are never real (a list would need 10**6 full pages) and a much larger page number
# would overflow the database's row offset.
MAX_PAGE = 10**6


class Pagination(PageNumberPagination):
    """`?page=` (1 to MAX_PAGE, else 422 naming `page`) and `?page_size=`; a page past the end is empty but
    still carries the total count."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)
