"""Surveys endpoints."""

from ninja import Router

router = Router(tags=["Surveys"])
