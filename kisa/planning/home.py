"""The planning block of the start page: for the Kitas' social workers and leadership their plans of the
current year with the current phase and overdue steps; for coordinator and read-only role the way to the
plans of all Kitas."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kisa.core.selectors import HomeSection
from kisa.planning import selectors
from kisa.planning.models import Plan


def home_section(*, user: Any) -> HomeSection | None:
    if user.has_perm("planning.edit_plan"):
        today = timezone.localdate()
        kitas = selectors.plan_kitas_editable_by(user=user).order_by("name")
        plans = {plan.kita_id: plan for plan in Plan.objects.filter(kita__in=kitas, year=today.year)}
        rows = []
        for kita in kitas:
            plan = plans.get(kita.pk)
            phases = selectors.plan_phases(plan=plan, today=today) if plan else []
            rows.append(
                {
                    "kita": kita,
                    "plan": plan,
                    "current": selectors.current_phase(phases),
                    "overdue": sum(phase.overdue for phase in phases),
                }
            )
        context = {"rows": rows, "year": today.year, "editor": True}
        return HomeSection(template_name="planning/home/_section.html", context=context)
    if user.has_perm("planning.view_overview"):
        context = {"year": timezone.localdate().year, "editor": False}
        return HomeSection(template_name="planning/home/_section.html", context=context)
    return None
