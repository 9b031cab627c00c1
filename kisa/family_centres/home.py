"""The family-centre block of the start page: this year's self-assessments of the user's Kitas (editors), or
the office's progress in figures (coordinator, read only, provider)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.core.selectors import HomeSection
from kisa.family_centres import selectors


def home_section(*, user: Any) -> HomeSection | None:
    membership = membership_of(user)
    if membership is None or membership.role == Role.ADMIN:
        return None
    year = timezone.localdate().year
    context: dict[str, Any] = {"year": year}
    if membership.role in (Role.SOCIAL_WORKER, Role.KITA_LEAD):
        kitas = list(selectors.assessment_kitas_editable_by(user=user).order_by("name"))
        status = selectors.assessment_status_by_kita(kitas=kitas)
        context["kitas"] = [
            (kita, year in status[kita.pk], status[kita.pk].get(year, False)) for kita in kitas
        ]
    else:
        context["summary"] = selectors.progress_summary(
            kitas=selectors.progress_kitas_visible_to(user=user), year=year
        )
    return HomeSection(template_name="family_centres/home/_section.html", context=context)
