"""Reports permissions (views and API alike); which rows a role sees is decided in selectors.py."""

from __future__ import annotations

import rules  # noqa: F401

from kisa.accounts.rules import is_coordinator, is_kita_lead, is_provider, is_read_only, is_social_worker  # noqa: F401

# --- dashboard and annual figures (helper 1) ---

# --- report jobs (helper 2) ---

# --- activity reports (helper 3) ---
