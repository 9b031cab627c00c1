"""Bearer-token authentication, the caller's own identity and their API tokens."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from kisa.accounts.models import ApiToken, hash_token
from kisa.accounts.selectors import api_token_list_for, membership_of
from kisa.accounts.services import api_token_create, api_token_revoke
from kisa.core.api import Text, requires_permission

router = Router(tags=["accounts"])


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
    name: Text


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
