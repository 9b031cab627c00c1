"""Small display helpers of the documentation pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kisa.core.suppression import small_number_threshold

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as hours with one decimal, German style (90 -> "1,5")."""
    return number_format(round((minutes or 0) / 60, 1), decimal_pos=1)


@register.filter
def cell(value: Any) -> Any:
    """A suppressed figure (None) reads "< 5"."""
    return f"< {small_number_threshold()}" if value is None else value


@register.filter
def grouping_label(key: str) -> str:
    labels = {
        "dimension": _("Dimension"),
        "kita": _("Kita"),
        "type": _("Activity type"),
        "topic": _("Topic"),
        "month": _("Month"),
    }
    return labels.get(key, key)
