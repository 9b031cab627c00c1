"""The reports block of the start page: for the coordinator and the read-only role the way to the annual
report and their latest report jobs with status and download."""

from __future__ import annotations

from typing import Any

from kisa.accounts.selectors import youth_office_id_of
from kisa.core.selectors import HomeSection
from kisa.reports.models import ReportJob

LATEST_JOBS = 3


def home_section(*, user: Any) -> HomeSection | None:
    if not user.has_perm("reports.request_report"):
        return None
    jobs = ReportJob.objects.filter(youth_office_id=youth_office_id_of(user), requested_by=user)[:LATEST_JOBS]
    return HomeSection(template_name="reports/home/_section.html", context={"jobs": list(jobs)})
