"""Reports permissions (views and API alike); which rows a role sees is decided in selectors.py."""

from __future__ import annotations

from typing import Any

import rules

from kisa.accounts.rules import is_coordinator, is_kita_lead, is_provider, is_read_only, is_social_worker

# --- dashboard and annual figures (helper 1) ---
# Dashboard: the coordinator (unsuppressed), the read-only role (suppressed) and the provider (its Kitas,
# suppressed). Annual report: the coordinator and the read-only role, always suppressed.
rules.add_perm("reports.view_dashboard", is_coordinator | is_read_only | is_provider)
rules.add_perm("reports.view_annual", is_coordinator | is_read_only)

# --- report jobs (helper 2) ---


@rules.predicate
def is_job_requester(user: Any, job: Any) -> bool:
    """The user asked for the report job (no job: the page without an object, e.g. the list)."""
    return job is None or job.requested_by_id == user.pk


requests_reports = is_coordinator | is_read_only
# The annual report goes to the committee: the coordinator and the read-only role generate it (always
# suppressed); a job is seen by who asked for it and by the office's coordinator. Another office's job is
# not found (404, the views look jobs up within the user's office).
rules.add_perm("reports.request_report", requests_reports)
rules.add_perm("reports.view_job", requests_reports & (is_job_requester | is_coordinator))

# --- activity reports (helper 3) ---
# Sachbericht: the Kita's assigned social worker writes and submits, the coordinator reviews; Kita lead and
# provider read accepted reports of their Kitas (which rows: kisa/reports/activity_reports.py). The read-only
# role and administrators see none.


@rules.predicate
def activity_report_is_visible(user: Any, obj: Any) -> bool:
    from kisa.reports.activity_reports import activity_report_list_visible_to

    if obj is None:
        return True
    return activity_report_list_visible_to(user=user).filter(pk=obj.pk).exists()


@rules.predicate
def activity_report_is_writable(user: Any, obj: Any) -> bool:
    """`obj`: a Kita (to start its report) or a report (to change or submit it)."""
    from kisa.registry.models import Kita
    from kisa.reports.activity_reports import report_kitas_writable_by

    if obj is None:
        return True
    kita_id = obj.pk if isinstance(obj, Kita) else obj.kita_id
    return report_kitas_writable_by(user=user).filter(pk=kita_id).exists()


reads_activity_reports = is_coordinator | is_social_worker | is_kita_lead | is_provider
rules.add_perm("reports.view_activity_reports", reads_activity_reports)
rules.add_perm("reports.view_activity_report", reads_activity_reports & activity_report_is_visible)
rules.add_perm("reports.write_activity_report", is_social_worker & activity_report_is_writable)
rules.add_perm("reports.review_activity_report", is_coordinator & activity_report_is_visible)
