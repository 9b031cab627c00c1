"""Reads of the yearly activity reports (Sachberichte): who sees and writes which, and the year's documented
figures of a Kita that a report shows and freezes at submission.

Scope: the coordinator sees every report of the office (and which Kitas have none yet); a social worker the
reports of the Kitas assigned to them today (they write them); Kita leadership and the provider read the
ACCEPTED reports of their Kitas. The read-only role sees no Sachberichte: they are working documents
between worker and coordinator, their figures reach the committee through the annual report. Administrators
see nothing. Another office's reports are never in scope (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.directory.categories import ServiceCategory
from kisa.documentation.models import Activity, Dimension, Referral
from kisa.registry.models import Kita, StaffMember
from kisa.registry.selectors import kita_list_visible_to
from kisa.reports.models import ActivityReport

MISSING = "missing"


def _role(user: Any) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def report_kitas_writable_by(*, user: Any) -> QuerySet[Kita]:
    """Kitas whose Sachbericht `user` writes: the social worker assigned to the Kita today (not its lead)."""
    if _role(user) != Role.SOCIAL_WORKER:
        return Kita.objects.none()
    return kita_list_visible_to(user=user)


def activity_report_list_visible_to(*, user: Any) -> QuerySet[ActivityReport]:
    membership = membership_of(user)
    role = membership.role if membership else None
    qs = ActivityReport.objects.select_related("kita", "author")
    if role == Role.COORDINATOR:
        return qs.filter(youth_office_id=membership.youth_office_id)  # type: ignore[union-attr]
    if role == Role.SOCIAL_WORKER:
        return qs.filter(
            Q(kita__in=report_kitas_writable_by(user=user)) | Q(author__user=user),
            youth_office_id=membership.youth_office_id,  # type: ignore[union-attr]
        )
    if role in (Role.KITA_LEAD, Role.PROVIDER):
        return qs.filter(
            kita__in=kita_list_visible_to(user=user),
            status=ActivityReport.Status.ACCEPTED,
            youth_office_id=membership.youth_office_id,  # type: ignore[union-attr]
        )
    return qs.none()


def author_for(*, user: Any) -> StaffMember | None:
    membership = membership_of(user)
    if membership is None:
        return None
    return StaffMember.objects.filter(user=user, youth_office_id=membership.youth_office_id).first()


@dataclass
class KitaStatus:
    kita: Kita
    report: ActivityReport | None

    @property
    def status(self) -> str:
        return self.report.status if self.report else MISSING


def kita_statuses(*, user: Any, year: int, status: str = "") -> list[KitaStatus]:
    """One row per Kita the user deals with for `year`: the coordinator every Kita of the office (with
    "missing" where no report exists), a worker their Kitas; Kita lead and provider their accepted reports."""
    reports = {r.kita_id: r for r in activity_report_list_visible_to(user=user).filter(year=year)}
    role = _role(user)
    if role == Role.COORDINATOR:
        kitas = list(kita_list_visible_to(user=user).order_by("name"))
    elif role == Role.SOCIAL_WORKER:
        kitas = list(report_kitas_writable_by(user=user).order_by("name"))
        known = {k.pk for k in kitas}
        kitas += sorted((r.kita for r in reports.values() if r.kita_id not in known), key=lambda k: k.name)
    else:
        kitas = sorted((r.kita for r in reports.values()), key=lambda k: k.name)
    rows = [KitaStatus(kita=kita, report=reports.get(kita.pk)) for kita in kitas]
    if status:
        rows = [row for row in rows if row.status == status]
    return rows


def kita_year_figures(*, kita: Kita, year: int) -> dict[str, Any]:
    """The year's documented work at `kita`, as plain data (stored as the report's `figures` at submission).

    Activities and hours by dimension; families reached (distinct cases plus case-specific activities
    without a case); group offers = cross-case activities (parent café, groups, events; DOMAIN.md §4), with
    their participants (adults and children); referrals per kind of offer. An activity at several Kitas counts for each."""
    activities = Activity.objects.filter(kitas=kita, date__year=year)
    by_dimension = {
        row["dimension"]: (row["n"], row["m"])
        for row in activities.values("dimension")
        .annotate(n=Count("pk", distinct=True), m=Coalesce(Sum("duration_minutes"), 0))
        .order_by()
    }
    dimensions = [
        {
            "key": key,
            "label": str(label),
            "activities": by_dimension.get(key, (0, 0))[0],
            "hours": round(by_dimension.get(key, (0, 0))[1] / 60, 1),
        }
        for key, label in Dimension.choices
    ]
    ids = Activity.objects.filter(pk__in=activities.values("pk"))
    cases = ids.exclude(case__isnull=True).values("case").distinct().count()
    unlinked = ids.filter(dimension=Dimension.CASE, case__isnull=True).count()
    groups = ids.filter(dimension=Dimension.CROSS_CASE).aggregate(
        n=Count("pk"), adults=Coalesce(Sum("adults"), 0), children=Coalesce(Sum("children"), 0)
    )
    labels = dict(ServiceCategory.choices)
    referrals = [
        {
            "category": row["category"],
            "label": str(labels.get(row["category"], row["category"])),
            "count": row["n"],
        }
        for row in Referral.objects.filter(activity__in=ids)
        .values("category")
        .annotate(n=Count("pk"))
        .order_by("-n", "category")
    ]
    return {
        "year": year,
        "activities": sum(d["activities"] for d in dimensions),
        "hours": round(sum(by_dimension.get(k, (0, 0))[1] for k in by_dimension) / 60, 1),
        "dimensions": dimensions,
        "families_reached": cases + unlinked,
        "group_offers": groups["n"],
        "group_participants": int(groups["adults"]) + int(groups["children"]),
        "referrals": referrals,
    }


def figures_of(*, report: ActivityReport) -> dict[str, Any]:
    """What the report shows: the frozen figures once submitted, the live ones while it is a draft."""
    if report.figures and report.status != ActivityReport.Status.DRAFT:
        return report.figures
    return kita_year_figures(kita=report.kita, year=report.year)
