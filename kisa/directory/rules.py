"""Directory permissions, used by views and the API alike.

The public sees the public pages (no permission). Staff-side: the coordinator keeps the directory and
imports offers and timetables; social workers read every offer and search for referrals; the
youth-welfare committee (read_only) sees the reachability analysis. Which rows anyone sees is decided by
the `*_visible_to` selectors (the user's own office).
"""

from __future__ import annotations

import rules

from kisa.accounts.rules import is_coordinator, is_read_only, is_social_worker

rules.add_perm("directory.view_service", is_coordinator | is_social_worker)
rules.add_perm("directory.manage", is_coordinator)
rules.add_perm("directory.import", is_coordinator)
rules.add_perm("directory.view_analysis", is_coordinator | is_social_worker | is_read_only)
