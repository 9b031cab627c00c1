"""Small-number suppression: an aggregate over fewer than N people or responses is not shown.

One threshold for the whole office (setting `KISA_SMALL_NUMBER_THRESHOLD`, default 5), applied by every
app that shows aggregates to roles which may only see aggregates (surveys, activity statistics, feedback,
dashboards), in the UI, exports and the API alike. A suppressed cell is `None`; templates show "< N".
"""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings

Value = TypeVar("Value")


def small_number_threshold() -> int:
    return int(getattr(settings, "KISA_SMALL_NUMBER_THRESHOLD", 5))


def is_suppressed(count: int, *, threshold: int | None = None) -> bool:
    """True for a group of 1 to N-1; an empty group (0) reveals no one and is shown."""
    limit = small_number_threshold() if threshold is None else threshold
    return 0 < count < limit


def suppressed(value: Value, *, count: int, threshold: int | None = None) -> Value | None:
    """`value` unless the group it describes has fewer than the threshold of members."""
    return None if is_suppressed(count, threshold=threshold) else value
