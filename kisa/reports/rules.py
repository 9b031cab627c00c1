"""Reports permissions (views and API alike); which rows a role sees is decided in selectors.py."""

from __future__ import annotations

from typing import Any

import rules

from kisa.accounts.rules import is_coordinator, is_kita_lead, is_provider, is_read_only, is_social_worker  # noqa: F401

# --- dashboard and annual figures (helper 1) ---

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
