"""Who may read the audit trail."""

import rules

from kisa.accounts.rules import has_membership, is_coordinator, is_system_admin

rules.add_perm("core.view_home", has_membership)
rules.add_perm("core.view_auditentry", is_coordinator | is_system_admin)
