"""Login throttling: django-axes refuses attempts while an account or a source address is locked out."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, for every login that comes through a request (the login form, the admin).

    Logins without a request (test clients, management commands) cannot come from the network, so there
    is nothing to throttle: they pass on to the next backend instead of raising axes' configuration error.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address: behind the trusted TLS proxy the last X-Forwarded-For hop, else the socket's."""
    if getattr(settings, "KISA_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")
