"""The documentation block of a case's page (kisa.cases, `KISA_CASE_DETAIL_SECTIONS`): the activities
linked to the case and the referrals made in them, with a consent warning where no consent covers one.

Only the case's responsible worker and deputy get the block; for anyone else the selectors return
nothing and no section is shown.
"""

from __future__ import annotations

from typing import Any

from kisa.cases.selectors import consent_covers
from kisa.core.selectors import HomeSection
from kisa.documentation import selectors


def case_detail_section(*, user: Any, case: Any) -> HomeSection | None:
    worker = selectors.worker_of(user)
    if worker is None or worker.pk not in (case.responsible_id, case.deputy_id):
        return None
    activities = list(selectors.activity_list_for_case(user=user, case=case).order_by("-date", "-id"))
    referrals = [
        (referral, consent_covers(case=case, recipient=referral.category, on=referral.activity.date))
        for referral in selectors.referral_list_for_case(user=user, case=case).order_by(
            "-activity__date", "category"
        )
    ]
    context = {"case": case, "activities": activities, "referrals": referrals}
    return HomeSection(template_name="documentation/_case_section.html", context=context)
