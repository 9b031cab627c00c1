"""Reads of the documentation app: who sees which activities, the fast-entry defaults, and the figures.

| role            | activity rows                                   | figures (statistics)                         |
|-----------------|-------------------------------------------------|----------------------------------------------|
| social worker   | own (notes, case links, history)                | own                                          |
| coordinator     | whole office; a case link only as "case-        | whole office                                 |
|                 | specific", never a note of another worker       |                                              |
| Kita leadership | none                                            | activities at the Kitas they lead, suppressed|
| provider        | none                                            | at its Kitas or by its employees, suppressed |
| read-only (JHA) | none                                            | whole office, suppressed                     |
| admin           | none (no domain work)                           | none                                         |

"Suppressed": a group of fewer than `KISA_SMALL_NUMBER_THRESHOLD` activities shows no figures
(kisa.core.suppression), so a single family's contacts cannot be read off a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kisa.accounts.models import Role
from kisa.accounts.selectors import led_kita_ids, membership_of
from kisa.cases.selectors import consent_warning_for_referral
from kisa.core.suppression import suppressed
from kisa.directory.categories import ServiceCategory
from kisa.directory.selectors import service_choices_for_referral
from kisa.documentation.models import (
    Activity,
    ActivityFigure,
    ActivityQuerySet,
    ActivityType,
    Dimension,
    Referral,
    Topic,
)
from kisa.planning.models import Project
from kisa.planning.selectors import project_list_visible_to
from kisa.registry.models import Assignment, Kita, StaffMember

AGGREGATE_ONLY_ROLES = {Role.KITA_LEAD, Role.PROVIDER, Role.READ_ONLY}
STATS_ROLES = {Role.COORDINATOR, Role.SOCIAL_WORKER, *AGGREGATE_ONLY_ROLES}
GROUP_BY = ("dimension", "kita", "type", "topic", "month")


def worker_of(user: Any) -> StaffMember | None:
    """The staff record of a social worker's login (None for other roles), cached on the user."""
    membership = membership_of(user)
    if membership is None or membership.role != Role.SOCIAL_WORKER:
        return None
    if not hasattr(user, "_kisa_worker"):
        user._kisa_worker = StaffMember.objects.filter(
            user=user, youth_office_id=membership.youth_office_id
        ).first()
    return user._kisa_worker


def activity_list_visible_to(*, user: Any) -> ActivityQuerySet:
    """Activity rows the user may list: a worker their own, the coordinator the office's."""
    membership = membership_of(user)
    if membership is None:
        return Activity.objects.none()
    qs = Activity.objects.filter(youth_office_id=membership.youth_office_id)
    if membership.role == Role.COORDINATOR:
        return qs
    if membership.role == Role.SOCIAL_WORKER:
        return qs.filter(worker__user=user)
    return Activity.objects.none()


def activity_list_filtered(*, user: Any, filters: Mapping[str, Any]) -> ActivityQuerySet:
    """Visible activities narrowed by `start`, `end` (ISO dates), `kita`, `dimension`, `type`, `worker`,
    `project`.

    Values that do not parse are ignored, so a stale link shows more rather than an error.
    """
    qs = activity_list_visible_to(user=user)
    start = parse_date(str(filters["start"])) if _is_date(filters.get("start")) else None
    end = parse_date(str(filters["end"])) if _is_date(filters.get("end")) else None
    qs = qs.in_period(start, end)
    if _is_id(filters.get("kita")):
        qs = qs.filter(
            pk__in=Activity.kitas.through.objects.filter(kita_id=filters["kita"]).values("activity_id")
        )
    if filters.get("dimension") in Dimension.values:
        qs = qs.filter(dimension=filters["dimension"])
    if _is_id(filters.get("type")):
        qs = qs.filter(activity_type_id=filters["type"])
    if _is_id(filters.get("worker")):
        qs = qs.filter(worker_id=filters["worker"])
    if _is_id(filters.get("project")):
        qs = qs.filter(project_id=filters["project"])
    return qs.select_related("activity_type", "worker", "project").prefetch_related("kitas", "topics")


def _is_id(value: Any) -> bool:
    """A database id: digits that fit a 64-bit integer (longer ones would crash the query)."""
    text = str(value or "")
    return text.isdigit() and len(text) <= 18


def _is_date(value: Any) -> bool:
    try:
        return bool(value) and parse_date(str(value)) is not None
    except ValueError:
        return False


def activity_list_for_case(*, user: Any, case: Any) -> ActivityQuerySet:
    """Activities linked to `case`, for the case's responsible worker and deputy only (anyone else: none).

    For the case detail page of kisa.cases; the deputy sees the responsible worker's linked entries too,
    as they may read the case.
    """
    worker = worker_of(user)
    if (
        worker is None
        or worker.youth_office_id != case.youth_office_id
        or worker.pk not in (case.responsible_id, case.deputy_id)
    ):
        return Activity.objects.none()
    return (
        Activity.objects.filter(case=case)
        .select_related("activity_type", "worker")
        .prefetch_related("kitas", "referrals__service")
    )


def referral_list_for_case(*, user: Any, case: Any) -> QuerySet[Referral]:
    """Referrals made in the case's activities (for the consent warning of kisa.cases), same access."""
    activities = activity_list_for_case(user=user, case=case)
    return Referral.objects.filter(activity__in=activities).select_related(
        "activity", "activity__activity_type", "service"
    )


def consent_warnings_for(*, activity: Activity) -> list[str]:
    """Warnings for the referrals of a case-linked activity that no consent valid on its date covers.

    They never block the entry (a referral that passes on no data needs no consent); the fast entry shows
    them after saving and the API returns them with the saved entry, also to a resend from the outbox.
    """
    case = activity.case if activity.case_id else None
    if case is None:
        return []
    warnings = []
    for referral in activity.referrals.all():
        warning = consent_warning_for_referral(case=case, category=referral.category, on=activity.date)
        if warning:
            warnings.append(warning)
    return warnings


def referral_prefill(*, user: Any, category: str, offer_id: str) -> dict[str, Any]:
    """Initial referral fields from the directory's "document referral" link: the kind of offer and, if it
    is one of the user's offers of that kind, the offer. Unknown values are ignored."""
    if category not in ServiceCategory.values:
        return {}
    initial: dict[str, Any] = {"referrals": [category], "dimension": Dimension.CASE}
    membership = membership_of(user)
    referral_type = ActivityType.objects.filter(
        youth_office_id=membership.youth_office_id if membership else 0,
        dimension=Dimension.CASE,
        key="referral",
        is_active=True,
    ).first()
    if referral_type is not None:
        initial["activity_type"] = referral_type.pk
    if offer_id.isdigit():
        offer = service_choices_for_referral(user=user).filter(pk=int(offer_id)).first()
        if offer is not None and category in offer.categories:
            initial["referral_offers"] = [f"{category}:{offer.pk}"]
    return initial


def activity_types_for(*, youth_office_id: int) -> QuerySet[ActivityType]:
    return ActivityType.objects.filter(youth_office_id=youth_office_id)


def topics_for(*, youth_office_id: int) -> QuerySet[Topic]:
    return Topic.objects.filter(youth_office_id=youth_office_id)


def worker_kitas(*, worker: StaffMember, on: dt.date) -> QuerySet[Kita]:
    """Kitas the worker is assigned to on `on` (any weekday): the choices of the entry form."""
    current = Assignment.objects.current(on).filter(staff_member=worker)
    return Kita.objects.filter(pk__in=current.values("kita_id")).order_by("name")


def project_choices_for(*, user: Any, worker: StaffMember, on: dt.date) -> QuerySet[Project]:
    """Projects an activity of `on` may serve: planned or running projects of the plans of `on`'s year of
    the Kitas the worker is assigned to on that day, as far as the user may see them (kisa.planning decides),
    by Kita and title."""
    return (
        project_list_visible_to(user=user)
        .filter(
            plan__year=on.year,
            plan__kita__in=worker_kitas(worker=worker, on=on),
            status__in=(Project.Status.PLANNED, Project.Status.RUNNING),
        )
        .order_by("plan__kita__name", "title")
    )


def worker_kitas_ever(*, worker: StaffMember) -> QuerySet[Kita]:
    """Every Kita the worker has been assigned to, current or former: the choices of "my activities" filter."""
    ever = Assignment.objects.filter(staff_member=worker)
    return Kita.objects.filter(pk__in=ever.values("kita_id")).order_by("name")


def worker_kitas_on_weekday(*, worker: StaffMember, on: dt.date) -> list[int]:
    """Kitas where the worker is expected on `on`'s weekday: the entry form's preselection."""
    current = Assignment.objects.current(on).filter(staff_member=worker)
    return [a.kita_id for a in current if on.isoweekday() in a.weekdays]


def last_activity_of(*, worker: StaffMember) -> Activity | None:
    return Activity.objects.filter(worker=worker).order_by("-created_at", "-id").first()


def entry_initial(
    *, worker: StaffMember, today: dt.date, source: Activity | None, repeat: bool
) -> dict[str, Any]:
    """Initial values of the fast-entry form.

    Without `source`: today's Kitas from the assignment's weekdays and dimension, type, duration and
    language of the worker's last entry. With `source` (copy of an entry, or "repeat last"): all of that
    entry, dated today; a case link is copied only for "repeat" of a case-specific entry.
    """
    initial: dict[str, Any] = {"date": today, "kitas": worker_kitas_on_weekday(worker=worker, on=today)}
    last = source or last_activity_of(worker=worker)
    if last is None:
        return initial
    initial.update(
        dimension=last.dimension,
        activity_type=last.activity_type_id,
        duration_minutes=last.duration_minutes,
        language=last.language,
    )
    if source is not None:
        initial.update(
            start_time=last.start_time,
            travel_minutes=last.travel_minutes,
            kitas=[k.pk for k in last.kitas.all()],
            municipality=last.municipality_id,
            social_area=last.social_area_id,
            topics=[t.pk for t in last.topics.all()],
            target_groups=list(last.target_groups),
            adults=last.adults,
            children=last.children,
            professionals=last.professionals,
            interpreter_needed=last.interpreter_needed,
            partner_names="\n".join(last.partner_names),
            partner_providers=[p.pk for p in last.partner_providers.all()],
            referrals=list(last.referrals.values_list("category", flat=True)),
            referral_offers=[
                f"{category}:{service_id}"
                for category, service_id in last.referrals.filter(service__isnull=False).values_list(
                    "category", "service_id"
                )
            ],
            case=last.case_id if repeat else None,
            project=last.project_id,
        )
    return initial


# --- Figures ----------------------------------------------------------------------------------------------


def stats_scope(*, user: Any) -> tuple[ActivityQuerySet, bool]:
    """(activities the user's figures are made of, whether small groups are suppressed)."""
    membership = membership_of(user)
    if membership is None or membership.role not in STATS_ROLES:
        return Activity.objects.none(), True
    qs = Activity.objects.filter(youth_office_id=membership.youth_office_id)
    role = membership.role
    if role in {Role.COORDINATOR, Role.READ_ONLY}:
        return qs, role in AGGREGATE_ONLY_ROLES
    if role == Role.SOCIAL_WORKER:
        worker = worker_of(user)
        return (qs.filter(worker=worker) if worker else Activity.objects.none()), False
    through = Activity.kitas.through.objects
    if role == Role.KITA_LEAD:
        at_kitas = through.filter(kita_id__in=led_kita_ids(user)).values("activity_id")
        return qs.filter(pk__in=at_kitas), True
    provider_id = membership.provider_id or 0
    at_kitas = through.filter(kita__provider_id=provider_id).values("activity_id")
    return qs.filter(Q(pk__in=at_kitas) | Q(worker__employer_id=provider_id)), True


@dataclass
class StatsRow:
    key: str
    label: str
    activities: int | None
    minutes: int | None
    adults: int | None
    children: int | None
    professionals: int | None

    @property
    def hours(self) -> float | None:
        return None if self.minutes is None else round(self.minutes / 60, 1)


_GROUP_FIELDS = {
    "dimension": "dimension",
    "kita": "kitas",
    "type": "activity_type",
    "topic": "topics",
    "month": "month",
}


def _figures(qs: QuerySet[Any], key: str) -> QuerySet[Any]:
    if key == "month":
        qs = qs.annotate(month=ExtractMonth("date"))
    return (
        qs.values(key)
        .annotate(
            n=Count("pk"),
            minutes=Coalesce(Sum("duration_minutes"), 0),
            adults_sum=Coalesce(Sum("adults"), 0),
            children_sum=Coalesce(Sum("children"), 0),
            professionals_sum=Coalesce(Sum("professionals"), 0),
        )
        .order_by(key)
    )


def _labels_for(group_by: str, keys: list[Any], youth_office_id: int) -> dict[Any, str]:
    if group_by == "dimension":
        return {k: str(Dimension(k).label) for k in keys if k in Dimension.values}
    if group_by == "kita":
        return dict(Kita.objects.filter(pk__in=keys).values_list("pk", "name"))
    if group_by == "type":
        return dict(ActivityType.objects.filter(pk__in=keys).values_list("pk", "name"))
    if group_by == "topic":
        return dict(Topic.objects.filter(pk__in=keys).values_list("pk", "name"))
    return {k: date_format(dt.date(2000, k, 1), "F") for k in keys if k}


# Office-wide figures come from the monthly totals the services keep (ActivityFigure), not from a scan of
# every activity; narrower scopes (a worker, a Kita, a provider) are small enough to count directly.
OFFICE_WIDE_STATS_ROLES = {Role.COORDINATOR, Role.READ_ONLY}
_FIGURE_KEYS = {
    "dimension": ("all", "dimension"),
    "type": ("all", "activity_type_id"),
    "month": ("all", "month"),
    "kita": ("kita", "kita_id"),
    "topic": ("topic", "topic_id"),
}


def _office_figures(youth_office_id: int, group_by: str, year: int) -> list[dict[str, Any]]:
    facet, column = _FIGURE_KEYS[group_by]
    rows = (
        ActivityFigure.objects.filter(youth_office_id=youth_office_id, year=year, facet=facet)
        .values(column)
        .annotate(
            n=Sum("activities"),
            minutes=Sum("minutes"),
            adults_sum=Sum("adults"),
            children_sum=Sum("children"),
            professionals_sum=Sum("professionals"),
        )
        .filter(n__gt=0)
        .order_by(column)
    )
    return [{**row, "key": row[column]} for row in rows]


def activity_stats(*, user: Any, group_by: str, year: int) -> list[StatsRow]:
    """Activities, minutes and participants of `year` per group, as the user may see them.

    An activity counts once in each of its Kitas and topics (group_by kita/topic); activities without a
    Kita or topic are left out of those tables. For aggregate-only roles a group of fewer than the
    threshold shows no figures.
    """
    if group_by not in GROUP_BY:
        raise ValueError(group_by)
    qs, suppress = stats_scope(user=user)
    membership = membership_of(user)
    if membership is not None and membership.role in OFFICE_WIDE_STATS_ROLES:
        rows = _office_figures(membership.youth_office_id, group_by, year)
    else:
        key = _GROUP_FIELDS[group_by]
        qs = qs.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
        if key in {"kitas", "topics"}:
            qs = qs.filter(**{f"{key}__isnull": False})
        rows = [{**row, "key": row[key]} for row in _figures(qs, key)]
    labels = _labels_for(group_by, [r["key"] for r in rows], membership.youth_office_id if membership else 0)
    result = []
    for row in rows:
        n = row["n"]

        def cell(value: int, n: int = n) -> int | None:
            return suppressed(value, count=n) if suppress else value

        result.append(
            StatsRow(
                key=str(row["key"]),
                label=labels.get(row["key"], str(row["key"])),
                activities=cell(n),
                minutes=cell(row["minutes"]),
                adults=cell(row["adults_sum"]),
                children=cell(row["children_sum"]),
                professionals=cell(row["professionals_sum"]),
            )
        )
    return result


REFERRAL_GROUP_BY = ("category", "service")


@dataclass
class ReferralStatsRow:
    key: str
    label: str
    referrals: int | None  # None: suppressed


def referral_stats(*, user: Any, group_by: str, year: int) -> list[ReferralStatsRow]:
    """Referrals of `year` per kind of offer or per offer (directory), of the activities the user's figures
    are made of (`stats_scope`); for aggregate-only roles groups below the threshold show no number.

    Per offer, referrals to a kind of offer without a named offer form one row (key "").
    """
    if group_by not in REFERRAL_GROUP_BY:
        raise ValueError(group_by)
    activities, suppress = stats_scope(user=user)
    qs = Referral.objects.filter(
        activity__in=activities.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
    ).order_by()
    if group_by == "category":
        rows = [
            (row["category"], str(ServiceCategory(row["category"]).label), row["n"])
            for row in qs.values("category").annotate(n=Count("pk"))
            if row["category"] in ServiceCategory.values
        ]
    else:
        rows = [
            (str(row["service_id"] or ""), row["service__name"] or str(_("no offer named")), row["n"])
            for row in qs.values("service_id", "service__name").annotate(n=Count("pk"))
        ]
    rows.sort(key=lambda row: (-row[2], row[1]))
    return [ReferralStatsRow(key, label, suppressed(n, count=n) if suppress else n) for key, label, n in rows]


@dataclass
class PeriodSummary:
    start: dt.date
    end: dt.date
    activities: int = 0
    minutes: int = 0
    travel_minutes: int = 0
    families_reached: int = 0
    by_dimension: list[tuple[str, int, int]] = field(default_factory=list)  # label, activities, minutes
    by_kita: list[tuple[str, int, int]] = field(default_factory=list)
    by_type: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def period_bounds(period: str, on: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Sunday of `on`'s week, or first to last day of its month."""
    if period == "week":
        start = on - dt.timedelta(days=on.weekday())
        return start, start + dt.timedelta(days=6)
    start = on.replace(day=1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return start, following - dt.timedelta(days=1)


def worker_period_summary(*, worker: StaffMember, start: dt.date, end: dt.date) -> PeriodSummary:
    """A worker's week or month: hours per dimension, Kita and type, and families reached.

    Families reached: the distinct cases worked on, plus each case-specific activity without a case
    link (a short talk with one family that needed no case). An activity at two Kitas counts for both.
    Five queries, whatever the number of activities.
    """
    qs = Activity.objects.filter(worker=worker, date__gte=start, date__lte=end)
    summary = PeriodSummary(start=start, end=end)
    totals = qs.aggregate(
        n=Count("pk"),
        minutes=Coalesce(Sum("duration_minutes"), 0),
        travel=Coalesce(Sum("travel_minutes"), 0),
        cases=Count("case", distinct=True),
        unlinked=Count("pk", filter=Q(dimension=Dimension.CASE, case__isnull=True)),
    )
    summary.activities = totals["n"]
    summary.minutes = totals["minutes"]
    summary.travel_minutes = totals["travel"]
    summary.families_reached = totals["cases"] + totals["unlinked"]
    per = Count("pk"), Coalesce(Sum("duration_minutes"), 0)
    summary.by_dimension = [
        (str(Dimension(r["dimension"]).label), r["n"], r["m"])
        for r in qs.values("dimension").annotate(n=per[0], m=per[1]).order_by("dimension")
    ]
    summary.by_kita = [
        (r["name"], r["n"], r["m"])
        for r in qs.filter(kitas__isnull=False)
        .values(name=F("kitas__name"))
        .annotate(n=per[0], m=per[1])
        .order_by("name")
    ]
    summary.by_type = [
        (r["name"], r["n"], r["m"])
        for r in qs.values(name=F("activity_type__name")).annotate(n=per[0], m=per[1]).order_by("-m", "name")
    ]
    return summary


def activity_history_for(*, user: Any, activity: Activity) -> list[Any]:
    """The audit entries of an activity, for its author only (who changed what, when)."""
    from kisa.core.models import AuditEntry

    if activity.worker.user_id != getattr(user, "pk", None):
        return []
    entries = list(
        AuditEntry.objects.filter(model_label=Activity._meta.label, object_id=str(activity.pk)).order_by(
            "-created_at", "-id"
        )
    )
    for entry in entries:
        # (field label, before, after) in the form's words, for the history list.
        entry.rows = [  # type: ignore[attr-defined]
            (_field_label(name), *values)
            for name, values in entry.changes.items()
            if isinstance(values, list) and len(values) == 2
        ]
    return entries


def _field_label(name: str) -> str:
    try:
        return str(getattr(Activity._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return str(_("Referred to")) if name == "referrals" else name


def today() -> dt.date:
    return timezone.localdate()
