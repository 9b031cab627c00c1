"""The coordinator's dashboard: the office's figures of a year or period, in the shared shape of figures.py.

Who sees what (reports.view_dashboard): the coordinator the whole office unsuppressed; the read-only role the
whole office and the provider its Kitas, both suppressed (kisa/core/suppression.py: a cell describing 1 … N−1
activities, families, cases, goals or responses is None).

Every figure is aggregated in the database (GROUP BY) after filtering by office first; the number of queries
is fixed, whatever the number of Kitas or activities.

Families reached is counted as documentation.selectors.worker_period_summary does: the distinct cases worked
on plus each case-specific activity without a case link. The share of enrolled children divides it by the
approved places of the Kitas in scope — KiSA keeps no enrolment figures, so approved places stand in for the
enrolled children (an approximation: a Kita rarely fills every place, so the share is a lower bound).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.cases.models import Case
from kisa.core.suppression import small_number_threshold, suppressed
from kisa.directory.categories import ServiceCategory
from kisa.documentation.models import Activity, ActivityFigure, Dimension, Referral, Topic
from kisa.planning.models import Goal
from kisa.registry.models import Assignment, Kita, SocialArea, YouthOffice
from kisa.registry.selectors import kita_list_visible_to
from kisa.reports.figures import Chart, Report, Section, Table, Territory
from kisa.surveys.models import ActorGroup, Response

ATTAINMENT_LEVELS = (-2, -1, 0, 1, 2)


@dataclass(frozen=True)
class Scope:
    """What one dashboard counts: an office, a period, optionally a set of Kitas and an employer."""

    youth_office_id: int
    start: dt.date
    end: dt.date
    kita_ids: list[int] | None  # None: the whole office, no Kita filter
    employer_id: int | None
    suppress: bool
    territory: Territory

    def cell(self, value: Any, *, count: int) -> Any:
        """`value`, or None where a suppressed role would see a group of 1 … N−1."""
        return suppressed(value, count=count) if self.suppress else value


def hours(minutes: int | None) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"))


def scope_for(
    *,
    user: Any,
    year: int,
    period: tuple[dt.date, dt.date] | None = None,
    social_area_id: int | None = None,
    kita_id: int | None = None,
    employer_id: int | None = None,
) -> Scope:
    """The scope of a user's dashboard; PermissionDenied for roles without one, ValidationError naming the
    field for a social area, Kita or period the user may not filter by."""
    membership = membership_of(user)
    if membership is None or membership.role not in (Role.COORDINATOR, Role.READ_ONLY, Role.PROVIDER):
        raise PermissionDenied
    office_id = membership.youth_office_id
    start, end = period if period else (dt.date(year, 1, 1), dt.date(year, 12, 31))
    if start > end:
        raise ValidationError({"period": _("The period must not end before it starts.")})
    kitas: QuerySet[Kita] | None = None
    if membership.role == Role.PROVIDER:
        # Every role may look Kitas up (kita_list_visible_to); the provider's figures are those of its own.
        kitas = kita_list_visible_to(user=user).filter(provider_id=membership.provider_id)
    if social_area_id is not None:
        if not SocialArea.objects.filter(pk=social_area_id, youth_office_id=office_id).exists():
            raise ValidationError({"social_area": _("Choose one of the office's social areas.")})
        kitas = (kitas if kitas is not None else Kita.objects.filter(youth_office_id=office_id)).filter(
            social_area_id=social_area_id
        )
    if kita_id is not None:
        base = kitas if kitas is not None else Kita.objects.filter(youth_office_id=office_id)
        if not base.filter(pk=kita_id).exists():
            raise ValidationError({"kita": _("Choose one of the Kitas you may report on.")})
        kitas = base.filter(pk=kita_id)
    if employer_id is not None:
        from kisa.registry.models import Provider

        if not Provider.objects.filter(pk=employer_id, youth_office_id=office_id).exists():
            raise ValidationError({"employer": _("Choose one of the office's providers.")})
    office = YouthOffice.objects.get(pk=office_id)
    kita_ids = list(kitas.values_list("pk", flat=True)) if kitas is not None else None
    territory = Territory(
        key="office" if kita_ids is None else "kitas",
        label=str(office) if kita_ids is None else _("%(count)s Kitas") % {"count": len(kita_ids)},
        kita_ids=kita_ids or [],
        municipality_ids=[],
    )
    return Scope(
        youth_office_id=office_id,
        start=start,
        end=end,
        kita_ids=kita_ids,
        employer_id=employer_id,
        suppress=membership.role != Role.COORDINATOR,
        territory=territory,
    )


def activities_in(scope: Scope) -> QuerySet[Activity]:
    qs = Activity.objects.filter(
        youth_office_id=scope.youth_office_id, date__gte=scope.start, date__lte=scope.end
    )
    if scope.kita_ids is not None:
        qs = qs.filter(
            pk__in=Activity.kitas.through.objects.filter(kita_id__in=scope.kita_ids).values("activity_id")
        )
    if scope.employer_id is not None:
        qs = qs.filter(worker__employer_id=scope.employer_id)
    return qs


def kitas_in(scope: Scope) -> QuerySet[Kita]:
    qs = Kita.objects.filter(youth_office_id=scope.youth_office_id)
    if scope.kita_ids is not None:
        qs = qs.filter(pk__in=scope.kita_ids)
    return qs


def monthly_figures(scope: Scope, facet: str) -> QuerySet[ActivityFigure] | None:
    """The office's monthly totals (documentation.ActivityFigure) of the scope, or None where they do not fit:
    a period that is not whole months of one year, or an employer filter (the totals are not per worker)."""
    whole_months = scope.start.day == 1 and (scope.end + dt.timedelta(days=1)).day == 1
    if scope.employer_id is not None or not whole_months or scope.start.year != scope.end.year:
        return None
    return ActivityFigure.objects.filter(
        youth_office_id=scope.youth_office_id,
        facet=facet,
        year=scope.start.year,
        month__gte=scope.start.month,
        month__lte=scope.end.month,
    )


def kita_totals(scope: Scope) -> list[tuple[str, str | None, int, int]]:
    """(Kita, social area, activities, minutes) per Kita with activities: from the monthly totals where they
    fit (two small queries), else through the activity–Kita links. An activity at two Kitas counts for each."""
    figures = monthly_figures(scope, ActivityFigure.Facet.KITA)
    if figures is not None:
        if scope.kita_ids is not None:
            figures = figures.filter(kita_id__in=scope.kita_ids)
        sums = {
            r["kita_id"]: (r["n"], r["m"])
            for r in figures.values("kita_id").annotate(n=Sum("activities"), m=Sum("minutes")).order_by()
        }
        kitas = Kita.objects.filter(pk__in=list(sums)).values_list("pk", "name", "social_area__name")
        return sorted((name, area, *sums[pk]) for pk, name, area in kitas)
    links = Activity.kitas.through.objects.filter(activity__in=activities_in(scope))
    if scope.kita_ids is not None:
        links = links.filter(kita_id__in=scope.kita_ids)
    return [
        (r["kita__name"], r["kita__social_area__name"], r["n"], r["m"])
        for r in links.values("kita__name", "kita__social_area__name")
        .annotate(n=Count("activity_id"), m=Coalesce(Sum("activity__duration_minutes"), 0))
        .order_by("kita__name")
    ]


def _activity_table(
    scope: Scope, *, key: str, title: str, label: str, rows: list[tuple[str, int, int]]
) -> Table:
    return Table(
        key=key,
        title=title,
        columns=[label, _("Activities"), _("Hours")],
        rows=[[name, scope.cell(n, count=n), scope.cell(hours(m), count=n)] for name, n, m in rows],
    )


def _with_chart(section_key: str, title: str, table: Table, *, unit: str = "") -> tuple[Table, Chart]:
    return table, Chart(
        key=f"{table.key}-chart", title=title, table_key=table.key, value_columns=(2,), unit=unit
    )


PER = {"n": Count("pk", distinct=True), "m": Coalesce(Sum("duration_minutes"), 0)}


def activity_sections(scope: Scope) -> list[Section]:
    """Activities and hours by dimension, Kita, social area and month (four GROUP BY queries)."""
    qs = activities_in(scope)
    by_dimension = [
        (str(Dimension(r["dimension"]).label), r["n"], r["m"])
        for r in qs.values("dimension").annotate(**PER).order_by("dimension")
    ]
    per_kita = kita_totals(scope)
    by_kita = [(name, n, m) for name, _area, n, m in per_kita]
    areas: dict[str, list[int]] = {}
    for _name, area, n, m in per_kita:
        total = areas.setdefault(area or _("No social area"), [0, 0])
        total[0] += n
        total[1] += m
    by_area = [(area, n, m) for area, (n, m) in sorted(areas.items())]
    month_rows = {
        r["month"]: (r["n"], r["m"])
        for r in qs.annotate(month=ExtractMonth("date")).values("month").annotate(**PER)
    }
    months = []
    day = scope.start.replace(day=1)
    while day <= scope.end:
        n, m = month_rows.get(day.month, (0, 0))
        months.append((f"{day:%Y-%m}", n, m))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    sections = []
    specs = [
        ("by-dimension", _("Activities by dimension"), _("Dimension"), by_dimension),
        ("by-kita", _("Activities by Kita"), _("Kita"), by_kita),
        ("by-social-area", _("Activities by social area"), _("Social area"), by_area),
        ("by-month", _("Activities by month"), _("Month"), months),
    ]
    for key, title, label, rows in specs:
        table = _activity_table(scope, key=key, title=title, label=label, rows=rows)
        if key in ("by-kita", "by-social-area"):
            table = dataclasses.replace(table, note=_("An activity at two Kitas counts for each."))
        chart = Chart(
            key=f"{key}-chart",
            title=_("Hours: %(title)s") % {"title": title},
            table_key=key,
            value_columns=(2,),
            unit=_("h"),
        )
        sections.append(Section(key=key, title=title, tables=[table], charts=[chart]))
    return sections


def reach_section(scope: Scope) -> Section:
    """Families reached, group offers and participants, network contacts (one aggregate query)."""
    qs = activities_in(scope)
    totals = qs.aggregate(
        cases=Count("case", distinct=True),
        unlinked=Count("pk", filter=Q(dimension=Dimension.CASE, case__isnull=True)),
        groups=Count("pk", filter=Q(dimension=Dimension.CROSS_CASE)),
        adults=Coalesce(Sum("adults", filter=Q(dimension=Dimension.CROSS_CASE)), 0),
        children=Coalesce(Sum("children", filter=Q(dimension=Dimension.CROSS_CASE)), 0),
        contacts=Count("pk", filter=Q(dimension=Dimension.NON_CASE)),
        professionals=Coalesce(Sum("professionals", filter=Q(dimension=Dimension.NON_CASE)), 0),
    )
    places = kitas_in(scope).aggregate(p=Coalesce(Sum("approved_places"), 0))["p"]
    families = totals["cases"] + totals["unlinked"]
    share = round(100 * families / places, 1) if places else None
    participants = totals["adults"] + totals["children"]
    rows: list[list[Any]] = [
        [_("Families reached"), scope.cell(families, count=families)],
        [
            _("Families reached, % of approved places"),
            scope.cell(share, count=families),
        ],
        [_("Group offers (cross-case activities)"), scope.cell(totals["groups"], count=totals["groups"])],
        [_("Participants of group offers: adults"), scope.cell(totals["adults"], count=totals["adults"])],
        [
            _("Participants of group offers: children"),
            scope.cell(totals["children"], count=totals["children"]),
        ],
        [_("Participants of group offers: together"), scope.cell(participants, count=participants)],
        [
            _("Network contacts (non-case-specific activities)"),
            scope.cell(totals["contacts"], count=totals["contacts"]),
        ],
        [
            _("Professionals met in network contacts"),
            scope.cell(totals["professionals"], count=totals["professionals"]),
        ],
    ]
    return Section(
        key="reach",
        title=_("Families reached, group offers and network"),
        paragraphs=[
            _(
                "Families reached: the distinct cases worked on plus each case-specific activity without a case. "
                "The share relates them to the approved places of the Kitas in scope (%(places)s), which stand "
                "in for the enrolled children."
            )
            % {"places": places}
        ],
        tables=[Table(key="reach", title=_("Reach"), columns=[_("Figure"), _("Value")], rows=rows)],
    )


def topic_section(scope: Scope) -> Section:
    figures = monthly_figures(scope, ActivityFigure.Facet.TOPIC)
    if figures is not None and scope.kita_ids is None:
        sums = {
            r["topic_id"]: (r["n"], r["m"])
            for r in figures.values("topic_id").annotate(n=Sum("activities"), m=Sum("minutes")).order_by()
        }
        names = dict(Topic.objects.filter(pk__in=list(sums)).values_list("pk", "name"))
        totals = sorted(((names[pk], n, m) for pk, (n, m) in sums.items()), key=lambda t: (-t[1], t[0]))
    else:
        totals = [
            (r["topics__name"], r["n"], r["m"])
            for r in activities_in(scope)
            .filter(topics__isnull=False)
            .values("topics__name")
            .annotate(n=Count("pk"), m=Coalesce(Sum("duration_minutes"), 0))
            .order_by("-n", "topics__name")
        ]
    rows = [[name, scope.cell(n, count=n), scope.cell(hours(m), count=n)] for name, n, m in totals]
    table = Table(
        key="topics",
        title=_("Topics"),
        columns=[_("Topic"), _("Activities"), _("Hours")],
        rows=rows,
        note=_("An activity with two topics counts for each."),
    )
    chart = Chart(key="topics-chart", title=_("Activities by topic"), table_key="topics", value_columns=(1,))
    return Section(key="topics", title=_("Topics"), tables=[table], charts=[chart])


def referral_section(scope: Scope) -> Section:
    counts = {
        r["category"]: r["n"]
        for r in Referral.objects.filter(activity__in=activities_in(scope))
        .values("category")
        .annotate(n=Count("pk"))
    }
    rows = [
        [str(label), scope.cell(counts.get(value, 0), count=counts.get(value, 0))]
        for value, label in ServiceCategory.choices
        if counts.get(value)
    ]
    table = Table(
        key="referrals",
        title=_("Referrals by kind of offer"),
        columns=[_("Kind of offer"), _("Referrals")],
        rows=rows,
    )
    chart = Chart(key="referrals-chart", title=_("Referrals by kind of offer"), table_key="referrals")
    return Section(key="referrals", title=_("Referrals"), tables=[table], charts=[chart])


def case_section(scope: Scope) -> Section:
    cases = Case.objects.filter(youth_office_id=scope.youth_office_id)
    if scope.kita_ids is not None:
        cases = cases.filter(kita_id__in=scope.kita_ids)
    if scope.employer_id is not None:
        cases = cases.filter(responsible__employer_id=scope.employer_id)
    totals = cases.aggregate(
        opened=Count("pk", filter=Q(opened_on__gte=scope.start, opened_on__lte=scope.end)),
        closed=Count("pk", filter=Q(closed_on__gte=scope.start, closed_on__lte=scope.end)),
    )
    rows = [
        [_("Cases opened"), scope.cell(totals["opened"], count=totals["opened"])],
        [_("Cases closed"), scope.cell(totals["closed"], count=totals["closed"])],
    ]
    return Section(
        key="cases",
        title=_("Cases opened and closed"),
        tables=[Table(key="cases", title=_("Cases"), columns=[_("Figure"), _("Cases")], rows=rows)],
    )


def survey_section(scope: Scope) -> Section:
    """Responses per survey round and actor group of the rounds that started in the period."""
    responses = Response.objects.filter(
        round__youth_office_id=scope.youth_office_id,
        round__starts_on__gte=scope.start,
        round__starts_on__lte=scope.end,
    )
    if scope.kita_ids is not None:
        responses = responses.filter(kita_id__in=scope.kita_ids)
    counts: dict[str, dict[str, int]] = {}
    for r in responses.values("round__name", "actor_group").annotate(n=Count("pk")).order_by("round__name"):
        counts.setdefault(r["round__name"], {})[r["actor_group"]] = r["n"]
    groups = list(ActorGroup.choices)
    rows = [
        [name, *[scope.cell(per.get(value, 0), count=per.get(value, 0)) for value, _label in groups]]
        for name, per in counts.items()
    ]
    table = Table(
        key="survey-responses",
        title=_("Survey responses by round and actor group"),
        columns=[_("Survey round"), *[str(label) for _value, label in groups]],
        rows=rows,
    )
    return Section(key="surveys", title=_("Survey participation"), tables=[table])


def goal_section(scope: Scope, *, year: int) -> Section:
    goals = Goal.objects.filter(youth_office_id=scope.youth_office_id, plan__year=year)
    if scope.kita_ids is not None:
        goals = goals.filter(plan__kita_id__in=scope.kita_ids)
    counts = {r["attainment"]: r["n"] for r in goals.values("attainment").annotate(n=Count("pk"))}
    rows = [
        [f"{level:+d}" if level else "0", scope.cell(counts.get(level, 0), count=counts.get(level, 0))]
        for level in ATTAINMENT_LEVELS
    ]
    open_goals = counts.get(None, 0)
    rows.append([_("Not yet reviewed"), scope.cell(open_goals, count=open_goals)])
    table = Table(
        key="goals", title=_("Goals by attainment"), columns=[_("Attainment"), _("Goals")], rows=rows
    )
    chart = Chart(key="goals-chart", title=_("Goals by attainment"), table_key="goals")
    return Section(
        key="goals",
        title=_("Goals by attainment (%(year)s)") % {"year": year},
        tables=[table],
        charts=[chart],
    )


def family_centre_table(summary: Any) -> Table:
    """The progress summary (family_centres.selectors.progress_summary) as a table; a share without any
    rated criterion is "–" (not a suppressed cell)."""
    rows = [
        [_("Kitas"), summary.kitas],
        [_("Kitas that assessed themselves"), summary.assessed],
        [_("Self-assessments completed"), summary.completed],
        [_("Basic criteria fulfilled, %"), "–" if summary.basic_percent is None else summary.basic_percent],
        [
            _("Advanced criteria fulfilled, %"),
            "–" if summary.advanced_percent is None else summary.advanced_percent,
        ],
    ]
    return Table(
        key="family-centres",
        title=_("Family-centre progress"),
        columns=[_("Figure"), _("Value")],
        rows=rows,
    )


def family_centre_section(scope: Scope, *, year: int) -> Section:
    from kisa.family_centres.selectors import progress_summary

    summary = progress_summary(kitas=kitas_in(scope), year=year)
    return Section(
        key="family-centres",
        title=_("Family-centre progress (%(year)s)") % {"year": year},
        tables=[family_centre_table(summary)],
    )


def coverage_section(scope: Scope) -> Section:
    """Hours per Kita per week: documented in the period vs planned in the assignments (two queries)."""
    weeks = Decimal((scope.end - scope.start).days + 1) / 7
    assignments = Assignment.objects.filter(kita__youth_office_id=scope.youth_office_id).overlapping(
        scope.start, scope.end
    )
    if scope.kita_ids is not None:
        assignments = assignments.filter(kita_id__in=scope.kita_ids)
    if scope.employer_id is not None:
        assignments = assignments.filter(staff_member__employer_id=scope.employer_id)
    planned = {
        r["kita__name"]: r["h"] or Decimal(0)
        for r in assignments.values("kita__name").annotate(h=Sum("hours_per_week"))
    }
    documented = {name: (n, m) for name, _area, n, m in kita_totals(scope)}
    rows = []
    for name in sorted(set(planned) | set(documented)):
        n, m = documented.get(name, (0, 0))
        per_week = (Decimal(m) / 60 / weeks).quantize(Decimal("0.1")) if weeks else Decimal(0)
        plan = Decimal(planned.get(name, 0)).quantize(Decimal("0.1"))
        rows.append([name, scope.cell(per_week, count=n), plan])
    table = Table(
        key="coverage",
        title=_("Hours per Kita per week"),
        columns=[_("Kita"), _("Documented hours per week"), _("Planned hours per week")],
        rows=rows,
        note=_(
            "Planned: the hours per week of the assignments valid in the period (an assignment valid only "
            "part of the period counts fully)."
        ),
    )
    chart = Chart(
        key="coverage-chart",
        title=_("Hours per Kita per week"),
        table_key="coverage",
        value_columns=(1, 2),
        unit=_("h"),
    )
    return Section(key="coverage", title=_("Staff coverage"), tables=[table], charts=[chart])


def dashboard_report(
    *,
    user: Any,
    year: int,
    period: tuple[dt.date, dt.date] | None = None,
    social_area_id: int | None = None,
    kita_id: int | None = None,
    employer_id: int | None = None,
) -> Report:
    scope = scope_for(
        user=user,
        year=year,
        period=period,
        social_area_id=social_area_id,
        kita_id=kita_id,
        employer_id=employer_id,
    )
    office = YouthOffice.objects.get(pk=scope.youth_office_id)
    sections = [
        *activity_sections(scope),
        reach_section(scope),
        topic_section(scope),
        referral_section(scope),
        case_section(scope),
        survey_section(scope),
        goal_section(scope, year=year),
        family_centre_section(scope, year=year),
        coverage_section(scope),
    ]
    empty = all(row[1] == 0 for row in sections[0].tables[0].rows)
    return Report(
        title=_("Dashboard %(year)s") % {"year": year},
        youth_office=str(office),
        year=year,
        territory=scope.territory,
        generated_on=timezone.localdate(),
        suppression_threshold=small_number_threshold(),
        sections=sections,
        empty=empty,
    )
