"""Budget data is kept through the budget pages (audited services), not the Django admin."""
