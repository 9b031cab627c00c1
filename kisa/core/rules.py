"""Who may open the start page and read the audit trail."""

import rules

from kisa.accounts.rules import is_coordinator, is_system_admin

# Everyone signed in, with or without a role: the page tells a user without one what to do, and each
# section decides for itself what to show.
rules.add_perm("core.view_home", rules.is_authenticated & rules.is_active)
rules.add_perm("core.view_auditentry", is_coordinator | is_system_admin)
