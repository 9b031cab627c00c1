"""The staff search's "document referral" link: the fast entry (documentation app) prefilled with the kind
of offer searched for (or the offer's first kind) and the offer."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template

register = template.Library()


@register.simple_tag
def referral_query(service: Any, form: Any) -> str:
    searched = form.cleaned_data.get("category", "") if form.is_bound and form.is_valid() else ""
    category = searched if searched in service.categories else next(iter(service.categories), "")
    return urlencode({"referral": category, "offer": service.pk})
