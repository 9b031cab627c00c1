"""Documentation endpoints."""

from ninja import Router

router = Router(tags=["Activities"])
