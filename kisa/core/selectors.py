"""Reads for the audit trail and the start page's sections.

The start page belongs to no app: each app contributes sections (`settings.KISA_HOME_SECTIONS`), so a new
app puts its block on the page without touching core.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.formats import date_format, number_format
from django.utils.module_loading import import_string
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kisa.accounts.selectors import membership_of
from kisa.core.models import AuditEntry

LATEST_AUDIT_ENTRIES = 10
# Official territory shared by all offices: its changes concern every office. Any other entry without an
# office (e.g. a user not yet given a role) stays with the system administration in the Django admin.
SHARED_REFERENCE_DATA = ("registry.District", "registry.MunicipalAssociation", "registry.Municipality")
AUDIT_TEXT_FILTERS = {"user": 150, "q": 200}  # parameter: longest meaningful value

# --- Audit trail -------------------------------------------------------------------------------------------


def audit_filters_from(raw: Mapping[str, Any]) -> dict[str, str]:
    """The valid audit-log filters in `raw` (e.g. `request.GET`).

    Unknown parameters and values (a record type or action that does not exist) are dropped, so a
    hand-edited or stale link shows an unfiltered list instead of an error.
    """
    filters: dict[str, str] = {}
    model = raw.get("model") or ""
    if model in {m._meta.label for m in apps.get_models()}:
        filters["model"] = model
    action = raw.get("action") or ""
    if action in AuditEntry.Action.values:
        filters["action"] = action
    for key, max_length in AUDIT_TEXT_FILTERS.items():
        value = str(raw.get(key) or "").replace("\x00", "").strip()[:max_length]
        if value:
            filters[key] = value
    return filters


def audit_entry_list_visible_to(
    *, user: Any, filters: Mapping[str, Any] | None = None
) -> QuerySet[AuditEntry]:
    """Audit entries of the user's office plus changes to shared reference data (no office), newest first.

    Empty for users who may not read the audit trail, so no caller can leak it by forgetting a check.
    """
    membership = membership_of(user)
    if membership is None or not user.has_perm("core.view_auditentry"):
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.filter(
        Q(youth_office_id=membership.youth_office_id)
        | Q(youth_office__isnull=True, model_label__in=SHARED_REFERENCE_DATA)
    )
    clean = audit_filters_from(filters or {})
    if "model" in clean:
        qs = qs.filter(model_label=clean["model"])
    if "action" in clean:
        qs = qs.filter(action=clean["action"])
    if "user" in clean:
        qs = qs.filter(actor_name__icontains=clean["user"])
    if "q" in clean:
        qs = qs.filter(object_repr__icontains=clean["q"])
    return qs


def record_type_name(model_label: str) -> str:
    """`registry.Kita` → "Kita": the model's verbose name, or the label of a model that no longer exists."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return model_label
    return str(capfirst(model._meta.verbose_name))


def audit_record_types_visible_to(*, user: Any) -> list[tuple[str, str]]:
    """`(model label, name)` of the record types that occur in the user's audit trail, by name."""
    labels = (
        audit_entry_list_visible_to(user=user).order_by().values_list("model_label", flat=True).distinct()
    )
    return sorted(((label, record_type_name(label)) for label in labels), key=lambda choice: choice[1])


@dataclass(frozen=True)
class AuditChange:
    """One field of an audit entry, ready to show: its label and the value before (updates) and after."""

    field: str
    old: str | None
    new: str


def _display_value(field: Any, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_display_value(field, item) for item in value) or "–"
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if isinstance(field, models.DecimalField):
        return number_format(Decimal(value), decimal_pos=field.decimal_places)
    choices = dict(getattr(field, "flatchoices", None) or [])
    return str(choices.get(value, value))


def audit_changes_of(entry: AuditEntry) -> list[AuditChange]:
    """The entry's field values with human names; updates as old → new, other actions as values."""
    try:
        model = apps.get_model(entry.model_label)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, value in entry.changes.items():
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = str(capfirst(field.verbose_name)) if field is not None else name
        if entry.action == AuditEntry.Action.UPDATE and isinstance(value, list) and len(value) == 2:
            rows.append(AuditChange(label, _display_value(field, value[0]), _display_value(field, value[1])))
        else:
            rows.append(AuditChange(label, None, _display_value(field, value)))
    return rows


# --- Start page sections ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeSection:
    """One block of the start page for one user: a template and the context it renders with.

    The template is rendered with the request (so `user`, `perms` and `membership` are at hand) plus
    `context`; it brings its own `<section>` and `<h2>`.
    """

    template_name: str
    context: Mapping[str, Any]


HomeSectionBuilder = Callable[..., HomeSection | None]


@functools.cache
def _home_section_builders(paths: tuple[str, ...]) -> tuple[HomeSectionBuilder, ...]:
    # Keyed by the setting's value, so each path is imported once and a changed setting (tests) still counts.
    return tuple(import_string(path) for path in paths)


def home_sections_for(*, user: Any) -> list[HomeSection]:
    """The user's start-page sections, in the order of `settings.KISA_HOME_SECTIONS`.

    Each entry names a function `(*, user) -> HomeSection | None`; None means "nothing for this user", so
    every section decides for itself whom it serves.
    """
    builders = _home_section_builders(tuple(settings.KISA_HOME_SECTIONS))
    return [section for build in builders if (section := build(user=user)) is not None]


def latest_changes_section(*, user: Any) -> HomeSection | None:
    """The newest audit entries of the user's office, for those who may read the audit trail."""
    if not user.has_perm("core.view_auditentry"):
        return None
    # Sign-ins and refusals are events, not changes: the audit log page shows them, the start page does not.
    account_events = [
        AuditEntry.Action.LOGIN,
        AuditEntry.Action.LOGIN_FAILED,
        AuditEntry.Action.LOGOUT,
        AuditEntry.Action.DENIED,
    ]
    entries = list(
        audit_entry_list_visible_to(user=user).exclude(action__in=account_events)[:LATEST_AUDIT_ENTRIES]
    )
    return HomeSection(template_name="core/_latest_changes.html", context={"audit_entries": entries})
