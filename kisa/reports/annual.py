"""The annual report's figures for a year and a territory (figures.Report), for the youth-welfare committee.

Always suppressed (kisa/core/suppression.py), whoever asks: the report is public. A year without documented
work, survey responses or plans gives `Report.empty` with a plain paragraph, never an exception.
The activity figures reuse the dashboard's GROUP BY queries (dashboard.py); a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from kisa.accounts.selectors import membership_of
from kisa.core.suppression import small_number_threshold, suppressed
from kisa.directory.categories import ServiceCategory
from kisa.directory.maps import CLASSES
from kisa.directory.models import Reachability
from kisa.documentation.models import Dimension
from kisa.family_centres.models import Area as FamilyCentreArea
from kisa.planning.models import Goal, Plan
from kisa.registry.models import Assignment, Kita, Municipality, YouthOffice
from kisa.reports import dashboard
from kisa.reports.figures import (
    OFFICE_TERRITORY,
    Cell,
    Chart,
    ChoroplethMap,
    MapArea,
    Report,
    Section,
    Table,
    Territory,
    resolve_territory,
)
from kisa.reports.survey_results import survey_results_section
from kisa.surveys.models import Response

REACHABILITY_CATEGORY = ServiceCategory.PARENTING_COUNSELLING


def _scope(*, office_id: int, year: int, territory: Any) -> dashboard.Scope:
    return dashboard.Scope(
        youth_office_id=office_id,
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        kita_ids=None if territory.key == OFFICE_TERRITORY else territory.kita_ids,
        employer_id=None,
        suppress=True,
        territory=territory,
    )


def _change(now: int | None, before: int | None) -> str | None:
    if now is None or before is None:
        return None
    if not before:
        return "–"
    return f"{(now - before) / before * 100:+.0f} %"


def structure_section(scope: dashboard.Scope) -> Section:
    kitas = dashboard.kitas_in(scope)
    kita_totals = kitas.aggregate(n=Count("pk"), places=Coalesce(Sum("approved_places"), 0))
    assignments = Assignment.objects.filter(kita__in=kitas).overlapping(scope.start, scope.end)
    staff = assignments.aggregate(
        workers=Count("staff_member", distinct=True), hours=Coalesce(Sum("hours_per_week"), Decimal(0))
    )
    rows = [
        [_("Kitas"), kita_totals["n"]],
        [_("Approved places"), kita_totals["places"]],
        [
            _("Social workers with an assignment in the year"),
            suppressed(staff["workers"], count=staff["workers"]),
        ],
        [
            _("Hours per week in the assignments"),
            suppressed(Decimal(staff["hours"]).quantize(Decimal("0.1")), count=staff["workers"]),
        ],
    ]
    return Section(
        key="structure",
        title=_("Structure"),
        tables=[
            Table(
                key="structure",
                title=_("Kitas, places and staff"),
                columns=[_("Figure"), _("Value")],
                rows=rows,
            )
        ],
    )


def _money_rows(summary: Any, rows: list[Any], *, office_wide: bool) -> tuple[list[list[Cell]], bool]:
    """The money table's rows and whether personnel costs are hidden.

    The report is public: personnel costs are shown as a sum only where at least
    `MIN_POSITIONS_FOR_PERSONNEL_SUM` positions contribute (budget.selectors), else one position's costs would
    give a salary away; the amounts that would reveal them (booked in all, remaining) are hidden with them.
    """
    from kisa.budget.models import Booking
    from kisa.budget.selectors import MIN_POSITIONS_FOR_PERSONNEL_SUM, ZERO

    if office_wide:
        positions = summary.budget_year.staff_positions.count()
        allocated = summary.allocated
        planned_personnel, planned_material = summary.planned_personnel, summary.planned_material
        booked_personnel = summary.spent_by_category.get(Booking.Category.PERSONNEL, ZERO)
        booked_material = summary.spent_by_category.get(Booking.Category.MATERIAL, ZERO)
    else:
        positions = len(set().union(*(row.position_staff_ids for row in rows)))
        allocated = sum((row.allocated for row in rows), ZERO)
        planned_personnel = sum((row.planned_personnel for row in rows), ZERO)
        planned_material = sum((row.planned_material for row in rows), ZERO)
        booked_personnel = sum((row.spent_personnel for row in rows), ZERO)
        booked_material = sum((row.spent_material for row in rows), ZERO)
    has_personnel = bool(planned_personnel or booked_personnel)
    hidden = has_personnel and positions < MIN_POSITIONS_FOR_PERSONNEL_SUM
    not_shown = _("not shown")
    booked = booked_personnel + booked_material
    remaining = (summary.total if office_wide else allocated) - booked
    table: list[list[Cell]] = []
    if office_wide:
        table += [
            [_("Budget of the year"), summary.total],
            [_("Central reserve (costs of the office without a Kita)"), summary.budget_year.central_reserve],
        ]
    table += [
        [_("Allocated to Kitas"), allocated],
        [_("Personnel costs planned"), not_shown if hidden else planned_personnel],
        [_("Material costs planned"), planned_material],
        [_("Booked: personnel costs"), not_shown if hidden else booked_personnel],
        [_("Booked: material costs"), booked_material],
        [_("Booked"), not_shown if hidden else booked],
        [
            _("Remaining of the budget") if office_wide else _("Remaining of the allocation"),
            not_shown if hidden else remaining,
        ],
    ]
    return table, hidden


def money_section(*, user: Any, year: int, territory: Territory) -> Section:
    """The budget year's money: office-wide lines for the whole office, else the sums over the territory's
    Kitas (allocations, planned staff and material costs, bookings); the text says which it is."""
    from kisa.budget.selectors import MIN_POSITIONS_FOR_PERSONNEL_SUM, budget_year_for, year_summary

    budget_year = budget_year_for(user=user, year=year)
    if budget_year is None:
        return Section(
            key="money",
            title=_("Money"),
            paragraphs=[_("No budget year %(year)s is set up.") % {"year": year}],
        )
    office_wide = territory.key == OFFICE_TERRITORY
    kitas = None if office_wide else Kita.objects.filter(pk__in=territory.kita_ids)
    summary = year_summary(budget_year=budget_year, kitas=kitas)
    rows, hidden = _money_rows(summary, summary.rows, office_wide=office_wide)
    if office_wide:
        paragraphs = [
            _(
                "Office-wide figures of the budget year, in euros: the budget, the central reserve and bookings "
                "of the office that belong to no Kita are included."
            )
        ]
    else:
        paragraphs = [
            _(
                "Sums over the %(count)s Kitas of %(territory)s, in euros: their allocations, the planned staff "
                "and material costs that fall on them and their bookings. Office-wide figures (the budget of the "
                "year, the central reserve, costs of the office without a Kita) are in the report for the whole "
                "office."
            )
            % {"count": len(territory.kita_ids), "territory": territory.label}
        ]
    note = ""
    if hidden:
        note = _(
            "Personnel costs are not shown where fewer than %(positions)s positions contribute: they would give "
            "one person's salary away."
        ) % {"positions": MIN_POSITIONS_FOR_PERSONNEL_SUM}
    return Section(
        key="money",
        title=_("Money"),
        paragraphs=paragraphs,
        tables=[
            Table(
                key="money",
                title=_("Budget %(year)s") % {"year": year},
                columns=[_("Figure"), _("Euro")],
                rows=rows,
                note=note,
            )
        ],
    )


def activity_comparison_section(scope: dashboard.Scope, previous: dashboard.Scope, year: int) -> Section:
    def by_dimension(s: dashboard.Scope) -> dict[str, tuple[int, int]]:
        return {
            r["dimension"]: (r["n"], r["m"])
            for r in dashboard.activities_in(s).values("dimension").annotate(**dashboard.PER)
        }

    now, before = by_dimension(scope), by_dimension(previous)
    rows = []
    for value, label in Dimension.choices:
        n, m = now.get(value, (0, 0))
        pn, pm = before.get(value, (0, 0))
        cell_n, cell_pn = suppressed(n, count=n), suppressed(pn, count=pn)
        rows.append(
            [
                str(label),
                cell_n,
                cell_pn,
                _change(cell_n, cell_pn),
                suppressed(dashboard.hours(m), count=n),
                suppressed(dashboard.hours(pm), count=pn),
            ]
        )
    total_n, total_pn = sum(v[0] for v in now.values()), sum(v[0] for v in before.values())
    rows.append(
        [
            _("Total"),
            suppressed(total_n, count=total_n),
            suppressed(total_pn, count=total_pn),
            _change(suppressed(total_n, count=total_n), suppressed(total_pn, count=total_pn)),
            suppressed(dashboard.hours(sum(v[1] for v in now.values())), count=total_n),
            suppressed(dashboard.hours(sum(v[1] for v in before.values())), count=total_pn),
        ]
    )
    table = Table(
        key="activities-compared",
        title=_("Activities by dimension, %(year)s and %(previous)s") % {"year": year, "previous": year - 1},
        columns=[
            _("Dimension"),
            str(year),
            str(year - 1),
            _("Change"),
            _("Hours %(year)s") % {"year": year},
            _("Hours %(year)s") % {"year": year - 1},
        ],
        rows=rows,
    )
    paragraphs = [] if total_pn else [_("No activities were documented in %(year)s.") % {"year": year - 1}]
    reach = dashboard.reach_section(scope)
    return Section(
        key="activities",
        title=_("Activity figures"),
        paragraphs=paragraphs + reach.paragraphs,
        tables=[table, *reach.tables],
        charts=[],
    )


def goals_section(scope: dashboard.Scope, year: int) -> Section:
    plans = Plan.objects.filter(youth_office_id=scope.youth_office_id, year=year)
    if scope.kita_ids is not None:
        plans = plans.filter(kita_id__in=scope.kita_ids)
    goals = Goal.objects.filter(plan__in=plans)
    plan_count = plans.count()
    base = dashboard.goal_section(scope, year=year)
    catalogue = [
        [
            r["catalogue_goals__title"],
            suppressed(r["n"], count=r["n"]),
            suppressed(r["reached"], count=r["n"]),
        ]
        for r in goals.filter(catalogue_goals__isnull=False)
        .values("catalogue_goals__title")
        .annotate(
            n=Count("pk", distinct=True), reached=Count("pk", distinct=True, filter=Q(attainment__gte=0))
        )
        .order_by("catalogue_goals__title")
    ]
    return Section(
        key="goals",
        title=_("Goals and attainment"),
        paragraphs=[_("%(plans)s Kita plans for %(year)s.") % {"plans": plan_count, "year": year}],
        tables=[
            *base.tables,
            Table(
                key="catalogue-goals",
                title=_("Goals by catalogue goal"),
                columns=[_("Catalogue goal"), _("Goals"), _("Reached or exceeded (≥ 0)")],
                rows=catalogue,
            ),
        ],
        charts=base.charts,
    )


def family_centre_section(scope: dashboard.Scope, year: int) -> Section:
    """Family-centre development of the territory's Kitas: the dashboard's summary, then per criterion area
    (the four service and four structure areas) the share of basic and advanced criteria fulfilled in the
    year's self-assessments. Reuses family_centres.selectors (three queries)."""
    from kisa.family_centres.selectors import progress_summary

    summary = progress_summary(kitas=dashboard.kitas_in(scope), year=year)
    rows: list[list[Cell]] = []
    for area, levels in summary.by_area.items():
        basic, advanced = levels["basic"].percent, levels["advanced"].percent
        rows.append(
            [
                str(FamilyCentreArea(area).label),
                summary.kitas_by_area[area],
                "–" if basic is None else basic,
                "–" if advanced is None else advanced,
            ]
        )
    areas = Table(
        key="family-centre-areas",
        title=_("Criteria fulfilled per area (%(year)s)") % {"year": year},
        columns=[
            _("Criterion area"),
            _("Kitas with assessed criteria"),
            _("Basic criteria fulfilled, %"),
            _("Advanced criteria fulfilled, %"),
        ],
        rows=rows,
        note=_(
            "Share of the criteria rated in the Kitas' self-assessments of the year that are fulfilled; "
            "“–”: no criterion of the area was rated."
        ),
    )
    return Section(
        key="family-centres",
        title=_("Family-centre development (%(year)s)") % {"year": year},
        paragraphs=[
            _(
                "Self-assessments of the %(count)s Kitas of %(territory)s against the office's family-centre criteria."
            )
            % {"count": summary.kitas, "territory": scope.territory.label}
        ],
        tables=[dashboard.family_centre_table(summary), areas],
        charts=[
            Chart(
                key="family-centre-areas-chart",
                title=_("Criteria fulfilled per area, %"),
                table_key=areas.key,
                value_columns=(2, 3),
                unit="%",
            )
        ],
    )


def _band(minutes: float | None) -> int:
    if minutes is None:
        return len(CLASSES)
    return next(i for i, (limit, _colour, _label) in enumerate(CLASSES) if minutes <= limit)


def reachability_section(scope: dashboard.Scope) -> Section:
    threshold = settings.KISA_REACHABILITY_WHITE_SPOT_MINUTES
    municipalities = Municipality.objects.filter(pk__in=scope.territory.municipality_ids).order_by("name")
    found = {
        r.municipality_id: r
        for r in Reachability.objects.filter(
            youth_office_id=scope.youth_office_id,
            category=REACHABILITY_CATEGORY,
            origin_kind=Reachability.OriginKind.MUNICIPALITY,
            municipality_id__in=scope.territory.municipality_ids,
        )
    }
    rows, spots, areas = [], [], []
    for municipality in municipalities:
        reach = found.get(municipality.pk)
        minutes = reach.transit_median_minutes if reach else None
        rows.append(
            [
                municipality.name,
                None if minutes is None else round(minutes),
                None if reach is None or reach.car_minutes is None else round(reach.car_minutes),
            ]
        )
        if reach is not None and (minutes is None or minutes > threshold):
            spots.append(
                [
                    municipality.name,
                    None if minutes is None else round(minutes),
                    municipality.children_under_7,
                ]
            )
        areas.append(
            MapArea(
                name=municipality.name, boundary=municipality.boundary, value=minutes, band=_band(minutes)
            )
        )
    label = str(ServiceCategory(REACHABILITY_CATEGORY).label)
    return Section(
        key="reachability",
        title=_("Reachability"),
        paragraphs=[
            _(
                "Travel time by bus and train (median) and by car to the nearest offer: %(category)s. White spots: "
                "municipalities beyond %(minutes)s minutes by bus and train or not reached at all."
            )
            % {"category": label, "minutes": threshold}
        ],
        tables=[
            Table(
                key="reachability",
                title=_("Minutes to the nearest offer per municipality"),
                columns=[_("Municipality"), _("Bus and train (min)"), _("Car (min)")],
                rows=rows,
            ),
            Table(
                key="white-spots",
                title=_("White spots"),
                columns=[_("Municipality"), _("Bus and train (min)"), _("Children under 7")],
                rows=spots,
            ),
        ],
        map=ChoroplethMap(
            key="reachability-map",
            title=_("Minutes by bus and train to the nearest offer: %(category)s") % {"category": label},
            areas=areas,
            legend=[*(str(lab) for _limit, _colour, lab in CLASSES), _("not reached")],
        ),
    )


def outlook_section(scope: dashboard.Scope, year: int) -> Section:
    goals = Goal.objects.filter(youth_office_id=scope.youth_office_id, plan__year=year)
    plans = Plan.objects.filter(youth_office_id=scope.youth_office_id, year=year)
    if scope.kita_ids is not None:
        goals = goals.filter(plan__kita_id__in=scope.kita_ids)
        plans = plans.filter(kita_id__in=scope.kita_ids)
    carried = goals.filter(status=Goal.Status.CARRIED_OVER).count()
    open_plans = plans.filter(reviewed_on__isnull=True).count()
    return Section(
        key="outlook",
        title=_("Outlook"),
        paragraphs=[
            _("%(count)s goals are carried into %(next)s.") % {"count": carried, "next": year + 1},
            _("%(count)s Kita plans of %(year)s are not yet reviewed.") % {"count": open_plans, "year": year},
        ],
    )


def annual_report(*, user: Any, year: int, territory_key: str) -> Report:
    """The annual report's figures; PermissionDenied without reports.view_annual, ValidationError on the field
    `territory` for a territory the user may not report on."""
    membership = membership_of(user)
    if membership is None or not user.has_perm("reports.view_annual"):
        raise PermissionDenied
    office_id = membership.youth_office_id
    territory = resolve_territory(youth_office_id=office_id, key=territory_key)
    office = YouthOffice.objects.get(pk=office_id)
    scope = _scope(office_id=office_id, year=year, territory=territory)
    previous = _scope(office_id=office_id, year=year - 1, territory=territory)
    has_activities = dashboard.activities_in(scope).exists()
    has_responses = Response.objects.filter(
        round__youth_office_id=office_id, round__starts_on__year=year
    ).exists()
    has_plans = Plan.objects.filter(youth_office_id=office_id, year=year).exists()
    common: dict[str, Any] = {
        "title": _("Annual report %(year)s: %(territory)s") % {"year": year, "territory": territory.label},
        "youth_office": str(office),
        "year": year,
        "territory": territory,
        "generated_on": timezone.localdate(),
        "suppression_threshold": small_number_threshold(),
    }
    if not (has_activities or has_responses or has_plans):
        return Report(
            **common,
            sections=[
                Section(
                    key="empty",
                    title=_("No data"),
                    paragraphs=[
                        _(
                            "For %(year)s there is no documented work, survey response or Kita plan in %(territory)s."
                        )
                        % {"year": year, "territory": territory.label}
                    ],
                )
            ],
            empty=True,
        )
    surveys = survey_results_section(user=user, youth_office_id=office_id, year=year, territory=territory)
    family = family_centre_section(scope, year)
    return Report(
        **common,
        sections=[
            structure_section(scope),
            money_section(user=user, year=year, territory=territory),
            activity_comparison_section(scope, previous, year),
            surveys,
            goals_section(scope, year),
            family,
            reachability_section(scope),
            outlook_section(scope, year),
        ],
    )
