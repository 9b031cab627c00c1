"""API authentication by bearer token, the permission check every endpoint declares, and the caller's own
identity and API tokens."""

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from kisa.accounts.models import ApiToken, hash_token
from kisa.accounts.selectors import api_token_list_for, membership_of
from kisa.accounts.services import api_token_create, api_token_revoke

router = Router(tags=["accounts"])
Handler = TypeVar("Handler", bound=Callable[..., Any])


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the token's user then passes the same permission checks as the UI."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = (
            ApiToken.objects.active().select_related("user").filter(key_hash=hash_token(token)).first()
        )
        if api_token is None or not api_token.user.is_active:
            return None
        api_token.touch()
        request.user = api_token.user
        return api_token.user


def requires_permission(permission: str) -> Callable[[Handler], Handler]:
    """API handler decorator: 403 unless the caller holds the django-rules `permission`, as in the UI.

    It runs inside the handler, after ninja has authenticated the caller (anonymous: 401). The mark it
    leaves lets a test check that every endpoint declares what it requires.
    """

    def decorator(handler: Handler) -> Handler:
        @wraps(handler)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not request.user.has_perm(permission):
                raise AuthorizationError(message=_("Your role does not allow this."))
            return handler(request, *args, **kwargs)

        wrapped.kisa_permission = permission  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


class MeOut(Schema):
    username: str
    role: str | None
    youth_office: str | None


@router.get("/me", response=MeOut, summary="The authenticated user and their role")
def me(request: HttpRequest) -> MeOut:
    membership = membership_of(request.user)
    return MeOut(
        username=request.user.get_username(),
        role=membership.role if membership else None,
        youth_office=membership.youth_office.name if membership else None,
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    is_active: bool


class TokenCreatedOut(TokenOut):
    token: str


class TokenIn(Schema):
    name: str


@router.get("/tokens", response=list[TokenOut], summary="Your API tokens")
@requires_permission("accounts.manage_own_tokens")
def token_list(request: HttpRequest) -> Any:
    return api_token_list_for(user=request.user)


@router.post(
    "/tokens",
    response={201: TokenCreatedOut},
    summary="Create an API token",
    description="The answer holds the token itself (`token`); it is shown this once and never again.",
)
@requires_permission("accounts.manage_own_tokens")
def token_create(request: HttpRequest, payload: TokenIn) -> Any:
    token, raw = api_token_create(user=request.user, name=payload.name)
    return Status(201, TokenCreatedOut(**TokenOut.from_orm(token).dict(), token=raw))


@router.delete("/tokens/{token_id}", response=TokenOut, summary="Revoke one of your API tokens")
@requires_permission("accounts.manage_own_tokens")
def token_revoke(request: HttpRequest, token_id: int) -> Any:
    return api_token_revoke(token=get_object_or_404(api_token_list_for(user=request.user), pk=token_id))
