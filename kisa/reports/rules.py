"""Reports permissions (views and API alike); which rows a role sees is decided in selectors.py."""

from __future__ import annotations

import rules

from kisa.accounts.rules import is_coordinator, is_kita_lead, is_provider, is_read_only, is_social_worker  # noqa: F401

# --- dashboard and annual figures (helper 1) ---
# Dashboard: the coordinator (unsuppressed), the read-only role (suppressed) and the provider (its Kitas,
# suppressed). Annual report: the coordinator and the read-only role, always suppressed.
rules.add_perm("reports.view_dashboard", is_coordinator | is_read_only | is_provider)
rules.add_perm("reports.view_annual", is_coordinator | is_read_only)

# --- report jobs (helper 2) ---

# --- activity reports (helper 3) ---
