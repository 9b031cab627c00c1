"""The reports block of the start page: for the coordinator and the read-only role the way to the annual
report and their latest report jobs with status and download."""

from __future__ import annotations

from typing import Any

from kisa.accounts.selectors import youth_office_id_of
from kisa.core.selectors import HomeSection
from kisa.reports.jobs import report_jobs_fail_stale
from kisa.reports.models import ReportJob

LATEST_JOBS = 3


def home_section(*, user: Any) -> HomeSection | None:
    if not user.has_perm("reports.request_report"):
        return None
    own = ReportJob.objects.filter(youth_office_id=youth_office_id_of(user), requested_by=user)
    report_jobs_fail_stale(jobs=own)  # the list shows statuses: a job whose process died is shown failed
    return HomeSection(template_name="reports/home/_section.html", context={"jobs": list(own[:LATEST_JOBS])})
