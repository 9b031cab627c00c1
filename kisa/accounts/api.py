"""API authentication by bearer token, and the caller's own identity."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer

from kisa.accounts.models import ApiToken, hash_token
from kisa.accounts.selectors import membership_of

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
