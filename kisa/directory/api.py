"""Offer directory endpoints."""

from ninja import Router

router = Router(tags=["Directory"])
