"""Deliberately empty: plans, goals, projects and the goal catalogue are kept through the planning pages
(audited services with the office's scope), not the Django admin, where the system administrator, who sees
no plans, would reach them."""
