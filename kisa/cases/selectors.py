"""Case reads. `case_list_visible_to` is the one place that decides who reads which case.

| role            | case content (code, facts, contact, consents) | counts (`case_counts_for`)           |
|-----------------|-----------------------------------------------|--------------------------------------|
| social worker   | cases they are responsible for or deputy of   | their own cases, exact               |
| coordinator     | none                                          | the office's cases, exact            |
| Kita leadership | none                                          | their Kitas, small numbers suppressed|
| provider        | none                                          | its own Kitas, suppressed            |
| read-only (JHA) | none                                          | the office's cases, suppressed       |
| admin           | none                                          | none                                 |

A worker keeps reading their cases after an assignment ends (the help must go on until the case is handed
over through "edit"); a new case or a handover needs a current assignment at the case's Kita.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.cases.models import Case, CaseQuerySet, Consent, DeletionLog, RetentionPeriod
from kisa.core.retention import RetentionRule, retention_rules
from kisa.core.selectors import HomeSection
from kisa.core.suppression import is_suppressed, small_number_threshold
from kisa.directory.categories import ServiceCategory
from kisa.registry.models import Kita, StaffMember, YouthOffice
from kisa.registry.selectors import kita_list_visible_to

# Roles that see case counts only as aggregates: small groups could point to a family at a small Kita.
SUPPRESSED_COUNT_ROLES = {Role.KITA_LEAD, Role.PROVIDER, Role.READ_ONLY}


def staff_member_ids_of(user: Any) -> frozenset[int]:
    """The user's staff records (normally one), cached on the user: permission checks ask per row."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_kisa_staff_member_ids"):
        user._kisa_staff_member_ids = frozenset(
            StaffMember.objects.filter(user=user).values_list("pk", flat=True)
        )
    return user._kisa_staff_member_ids


def case_list_visible_to(*, user: Any) -> CaseQuerySet:
    """Cases whose content the user may read: responsible or deputy, social workers only, own office.

    The encrypted contact is deferred: a list never decrypts it; the detail page loads it on purpose.
    """
    membership = membership_of(user)
    if membership is None or membership.role != Role.SOCIAL_WORKER:
        return Case.objects.none()
    return (
        Case.objects.filter(youth_office_id=membership.youth_office_id)
        .for_staff_member(list(staff_member_ids_of(user)))
        .select_related("kita", "responsible", "deputy")
        .defer("contact")
    )


def case_list_filtered(*, user: Any, filters: Mapping[str, str]) -> CaseQuerySet:
    """`status`: open (default), closed or all."""
    qs = case_list_visible_to(user=user)
    status = filters.get("status") or Case.Status.OPEN
    if status in Case.Status.values:
        qs = qs.filter(status=status)
    return qs


def case_for_reading(*, user: Any, pk: int) -> Case | None:
    """One case with its contact decrypted, or None if the user may not read it. Log the read (services)."""
    return case_list_visible_to(user=user).defer(None).filter(pk=pk).first()


def consent_list_of(*, case: Case) -> QuerySet[Consent]:
    return Consent.objects.filter(case=case).order_by("-given_on", "-id")


def kitas_for_cases_of(*, user: Any) -> QuerySet[Kita]:
    """Kitas where the user may open or take over a case: a social worker's current assignments."""
    membership = membership_of(user)
    if membership is None or membership.role != Role.SOCIAL_WORKER:
        return Kita.objects.none()
    return kita_list_visible_to(user=user)


def case_worker_candidates(*, youth_office: YouthOffice) -> QuerySet[StaffMember]:
    """Who may be named responsible or deputy: active social workers of the office with a login."""
    return StaffMember.objects.filter(
        youth_office=youth_office,
        function=StaffMember.Function.SOCIAL_WORKER,
        is_active=True,
        user__isnull=False,
    )


# --- Consent -------------------------------------------------------------------------------------------------


def _recipient_matches(consent: Consent, recipient: str) -> bool:
    wanted = str(recipient).strip().casefold()
    if consent.recipient_category == recipient:
        return True
    return bool(consent.recipient_institution) and consent.recipient_institution.strip().casefold() == wanted


def consent_covers(*, case: Case, recipient: str, on: dt.date) -> bool:
    """Whether a consent of `case` valid on `on` covers passing data to `recipient`.

    `recipient` is a kind of service (a `ServiceCategory` value: every consent for that kind counts,
    whether or not it names an institution) or an institution's name (only consents naming it).
    """
    return any(
        _recipient_matches(consent, recipient) for consent in Consent.objects.filter(case=case).valid_on(on)
    )


def consent_warning_for_referral(*, case: Case, category: ServiceCategory | str, on: dt.date) -> str | None:
    """The warning to show when a referral or data transfer on `case` to `category` has no valid consent.

    None when a consent or release valid on `on` covers the kind of service. The documentation app shows
    the text next to the referral; it does not block the entry (a referral without passing data on, e.g.
    giving the family a leaflet, needs no consent).
    """
    if consent_covers(case=case, recipient=str(category), on=on):
        return None
    label = ServiceCategory(category).label if category in ServiceCategory.values else category
    return _(
        "Case %(code)s has no valid consent or release from confidentiality for %(recipient)s on %(date)s. "
        "Do not pass on any data about the family without it."
    ) % {"code": case.code, "recipient": label, "date": on.strftime("%d.%m.%Y")}


# --- Counts --------------------------------------------------------------------------------------------------

GroupBy = Literal["kita", "status", "year"]


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int | None  # None: suppressed (a group of 1 to threshold-1)


@dataclass(frozen=True)
class CaseCounts:
    group_by: str
    year: int | None
    suppressed: bool  # whether small numbers are suppressed for this user
    threshold: int
    rows: list[CountRow]
    total: int | None


def _case_scope_for_counts(user: Any) -> QuerySet[Case] | None:
    membership = membership_of(user)
    if membership is None:
        return None
    office = Case.objects.filter(youth_office_id=membership.youth_office_id)
    if membership.role == Role.SOCIAL_WORKER:
        return office.for_staff_member(list(staff_member_ids_of(user)))
    if membership.role in (Role.COORDINATOR, Role.READ_ONLY):
        return office
    if membership.role == Role.KITA_LEAD:
        return office.filter(kita__in=kita_list_visible_to(user=user).values("pk"))
    if membership.role == Role.PROVIDER and membership.provider_id is not None:
        # Its own Kitas only: families at another provider's Kita are none of its business, even where
        # its employees work.
        return office.filter(kita__provider_id=membership.provider_id)
    return None


def case_counts_for(
    *, user: Any, group_by: GroupBy = "kita", year: int | None = None, status: str | None = None
) -> CaseCounts:
    """Number of cases by Kita, status or opening year, of the cases the user may count (module table).

    `year` counts cases opened in that year. Never any case content; for Kita leadership, providers and
    the committee, groups of fewer than the threshold (but not empty ones) come back as None.
    """
    membership = membership_of(user)
    role = membership.role if membership else None
    suppress = role in SUPPRESSED_COUNT_ROLES
    threshold = small_number_threshold()
    qs = _case_scope_for_counts(user)
    if qs is None:
        return CaseCounts(group_by, year, suppress, threshold, [], 0)
    if year is not None:
        qs = qs.filter(opened_on__year=year)
    if status in Case.Status.values:
        qs = qs.filter(status=status)
    qs = qs.order_by()
    rows: list[CountRow]
    if group_by == "kita":
        by_kita = qs.values("kita_id", "kita__name").annotate(n=Count("pk")).order_by("kita__name")
        rows = [CountRow(str(row["kita_id"]), row["kita__name"], row["n"]) for row in by_kita]
    elif group_by == "status":
        by_status = qs.values("status").annotate(n=Count("pk")).order_by("status")
        labels = dict(Case.Status.choices)
        rows = [CountRow(row["status"], str(labels[row["status"]]), row["n"]) for row in by_status]
    else:
        by_year = qs.annotate(y=ExtractYear("opened_on")).values("y").annotate(n=Count("pk")).order_by("y")
        rows = [CountRow(str(row["y"]), str(row["y"]), row["n"]) for row in by_year]
    total = sum(row.count or 0 for row in rows)
    if suppress:
        rows = [
            CountRow(row.key, row.label, None if is_suppressed(row.count or 0) else row.count) for row in rows
        ]
        return CaseCounts(group_by, year, True, threshold, rows, None if is_suppressed(total) else total)
    return CaseCounts(group_by, year, False, threshold, rows, total)


# --- Retention ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionStatus:
    """One record type on the retention page: its period for the office and what is due today."""

    rule: RetentionRule
    months: int
    is_default: bool
    cutoff: dt.date
    due: int


def retention_months_for(*, youth_office: YouthOffice) -> dict[str, int]:
    """The office's own periods by record type (record types without an entry use the rule's default)."""
    return dict(
        RetentionPeriod.objects.filter(youth_office=youth_office).values_list("record_type", "months")
    )


def retention_status_for(*, youth_office: YouthOffice, today: dt.date) -> list[RetentionStatus]:
    """Every registered record type with its period and how many records are due (the dry-run preview)."""
    own = retention_months_for(youth_office=youth_office)
    result = []
    for rule in retention_rules():
        months = own.get(rule.record_type, rule.default_months)
        cutoff = rule.cutoff(today=today, months=months)
        due = rule.find_due(youth_office=youth_office, cutoff=cutoff).count()
        result.append(RetentionStatus(rule, months, rule.record_type not in own, cutoff, due))
    return result


def legal_holds_of(*, youth_office: YouthOffice) -> QuerySet[Case]:
    """Cases under legal hold, for the retention page: code, Kita, status and reason, no content."""
    return (
        Case.objects.filter(youth_office=youth_office, legal_hold=True)
        .select_related("kita")
        .only("code", "kita__name", "status", "closed_on", "legal_hold_reason", "legal_hold")
        .order_by("code")
    )


def deletion_log_of(*, youth_office: YouthOffice) -> QuerySet[DeletionLog]:
    return DeletionLog.objects.filter(youth_office=youth_office)


# --- Further sections of the case page ----------------------------------------------------------------------


@functools.cache
def _case_section_builders(paths: tuple[str, ...]) -> tuple[Callable[..., HomeSection | None], ...]:
    return tuple(import_string(path) for path in paths)


def case_detail_sections(*, user: Any, case: Case) -> list[HomeSection]:
    """Sections other apps add to a case's page (e.g. its activities and referrals), from
    `settings.KISA_CASE_DETAIL_SECTIONS`, each `(*, user, case) -> HomeSection | None`."""
    builders = _case_section_builders(tuple(getattr(settings, "KISA_CASE_DETAIL_SECTIONS", ())))
    return [section for build in builders if (section := build(user=user, case=case)) is not None]


def own_open_case_count(*, user: Any) -> int:
    return case_list_visible_to(user=user).open().count()
