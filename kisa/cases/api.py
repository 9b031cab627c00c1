"""Cases endpoints."""

from ninja import Router

router = Router(tags=["Cases"])
