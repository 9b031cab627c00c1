"""The versioned JSON API: one NinjaAPI, one router per app, the apps' own permissions."""

from ninja import NinjaAPI
from ninja.security import django_auth

from kisa.accounts.api import BearerTokenAuth
from kisa.accounts.api import router as accounts_router
from kisa.registry.api import router as registry_router

api = NinjaAPI(
    title="KiSA API",
    version="1",
    description="Kita-Sozialarbeit im Sozialraum. Authenticate with a session or `Authorization: Bearer <token>`.",
    urls_namespace="api-v1",
    auth=[BearerTokenAuth(), django_auth],
)
api.add_router("", registry_router)
api.add_router("/accounts", accounts_router)
