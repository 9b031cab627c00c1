"""Deliberately empty: cases and consents are not in the Django admin.

The admin is the system administrator's tool, and the system administrator must never read case content
(DOMAIN.md §9). Retention periods and the deletion log have their own page for the coordinator.
"""
