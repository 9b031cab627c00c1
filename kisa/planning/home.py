"""The planning block of the start page: for the Kitas' social workers and leadership their plans of the
current year with the current phase and overdue steps; for coordinator and read-only role the way to the
plans of all Kitas."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kisa.core.selectors import HomeSection
from kisa.planning import selectors


def home_section(*, user: Any) -> HomeSection | None:
    if user.has_perm("planning.edit_plan"):
        today = timezone.localdate()
        kitas = selectors.plan_kitas_editable_by(user=user).order_by("name")
        rows = selectors.plan_statuses(kitas=kitas, year=today.year, today=today)
        context = {"rows": rows, "year": today.year, "editor": True}
        return HomeSection(template_name="planning/home/_section.html", context=context)
    if user.has_perm("planning.view_overview"):
        context = {"year": timezone.localdate().year, "editor": False}
        return HomeSection(template_name="planning/home/_section.html", context=context)
    return None
