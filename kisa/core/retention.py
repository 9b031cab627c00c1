"""Retention: how long each kind of record is kept, and what happens to it when it is due (DOMAIN.md §9).

Every app that holds personal or social data describes its record types as `RetentionRule`s, returned by
a function `retention_rules() -> list[RetentionRule]` in `kisa/<app>/retention.py` and named in
`settings.KISA_RETENTION_RULES`. The retention command (kisa.cases) asks each rule for its due records,
lets the office override the period, applies the rule and logs counts only, never content.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.db.models import QuerySet
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class RetentionRule:
    record_type: str  # stable key, e.g. "documentation.activity"
    label: Any  # lazy German label shown on the retention page and in the deletion log
    default_months: int
    action: Literal["delete", "anonymise"]
    # (*, youth_office, cutoff: date) -> the office's records older than `cutoff`, legal holds excluded.
    find_due: Callable[..., QuerySet[Any]]
    # (*, records: QuerySet) -> how many records were deleted or anonymised.
    apply: Callable[..., int]

    def cutoff(self, *, today: dt.date, months: int | None = None) -> dt.date:
        """The day before which records are due: `months` (default: the rule's own) back from `today`."""
        months = self.default_months if months is None else months
        year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
        day = min(today.day, 28)  # the 29th to 31st do not exist in every month; a few days' grace is fine
        return dt.date(year, month + 1, day)


@functools.cache
def _rules(paths: tuple[str, ...]) -> tuple[RetentionRule, ...]:
    return tuple(rule for path in paths for rule in import_string(path)())


def retention_rules() -> tuple[RetentionRule, ...]:
    """Every registered rule, in settings order."""
    return _rules(tuple(getattr(settings, "KISA_RETENTION_RULES", ())))
