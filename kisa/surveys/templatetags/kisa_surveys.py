"""Template helpers of the survey pages."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`mapping[key]`, or None: templates cannot look a dict up by a variable key."""
    return mapping.get(key) if mapping else None
