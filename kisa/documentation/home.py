"""The documentation block of the start page: for a worker the way to the fast entry and this week's
figures; for the roles that see statistics, the way to them."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kisa.core.selectors import HomeSection
from kisa.documentation import selectors


def home_section(*, user: Any) -> HomeSection | None:
    if not user.has_perm("documentation.view_statistics"):
        return None
    context: dict[str, Any] = {}
    worker = selectors.worker_of(user)
    if worker is not None:
        start, end = selectors.period_bounds("week", timezone.localdate())
        context["week"] = selectors.worker_period_summary(worker=worker, start=start, end=end)
    return HomeSection(template_name="documentation/home/_section.html", context=context)
