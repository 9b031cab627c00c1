"""Participation and complaints endpoints."""

from ninja import Router

router = Router(tags=["Participation"])
