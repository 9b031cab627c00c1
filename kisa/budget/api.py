"""Sozialraumbudget endpoints."""

from ninja import Router

router = Router(tags=["Budget"])
