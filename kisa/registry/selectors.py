"""Registry reads that depend on the user, and the social-space overview.

The `*_visible_to` functions are the single place that decides which registry rows a user may see;
UI, API and object permissions (rules.py) all go through them. "Current" means valid today
(`timezone.localdate()`): a worker whose assignment ended loses the Kita, and so does everything
built on the Kita scope later (e.g. case documentation).

| role            | Kitas                                        | staff / assignments                        |
|-----------------|----------------------------------------------|--------------------------------------------|
| coordinator     | all of the office                            | all of the office                          |
| admin           | all of the office                            | all of the office                          |
| read-only (JHA) | all of the office                            | none (personal data of employees)          |
| social worker   | Kitas with a current assignment of theirs    | themselves; all their own assignments      |
| Kita leadership | the Kitas they lead                          | staff currently assigned there; all        |
|                 |                                              | assignments at those Kitas                 |
| provider        | its own Kitas and Kitas where its employees  | its employees and staff currently assigned |
|                 | currently work                               | at its own Kitas; all assignments of its   |
|                 |                                              | employees and at its own Kitas             |

Providers are institutions, not personal data: every member sees all providers of the office.
Municipalities, associations and social areas are reference data for every member; their Kita counts
count only the Kitas the user may see. Contract data of a staff member (weekly hours, assigned hours,
e-mail) is a permission on the visible row: `registry.view_staff_contract` in rules.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from kisa.accounts.models import Role
from kisa.accounts.selectors import led_kita_ids, membership_of
from kisa.registry.models import (
    Assignment,
    AssignmentQuerySet,
    Kita,
    KitaQuerySet,
    MunicipalAssociation,
    Municipality,
    MunicipalityQuerySet,
    Provider,
    ResponsibilityArea,
    SocialArea,
    StaffMember,
    StaffMemberQuerySet,
    YouthOffice,
)

OFFICE_WIDE_ROLES = {Role.COORDINATOR, Role.ADMIN, Role.READ_ONLY}
STAFF_WIDE_ROLES = {Role.COORDINATOR, Role.ADMIN}


def _current_assignments() -> AssignmentQuerySet:
    """Assignments valid today, in the office's time zone (not the server's)."""
    return Assignment.objects.current(timezone.localdate())


def _kita_scope(user: Any) -> Q | None:
    """A filter on Kita for the user's role; None means no Kita at all."""
    membership = membership_of(user)
    if membership is None:
        return None
    office = Q(youth_office_id=membership.youth_office_id)
    if membership.role in OFFICE_WIDE_ROLES:
        return office
    if membership.role == Role.SOCIAL_WORKER:
        return office & Q(pk__in=_current_assignments().filter(staff_member__user=user).values("kita_id"))
    if membership.role == Role.KITA_LEAD:
        return office & Q(pk__in=led_kita_ids(user))
    if membership.role == Role.PROVIDER:
        employees_work_at = _current_assignments().filter(staff_member__employer_id=membership.provider_id)
        return office & (
            Q(provider_id=membership.provider_id) | Q(pk__in=employees_work_at.values("kita_id"))
        )
    return None


def kita_list_visible_to(*, user: Any) -> KitaQuerySet:
    scope = _kita_scope(user)
    if scope is None:
        return Kita.objects.none()
    return Kita.objects.filter(scope).select_related("municipality", "provider", "social_area")


def provider_list_visible_to(*, user: Any) -> Any:
    """Every provider of the office: institutions, not personal data, so links to them never dead-end."""
    membership = membership_of(user)
    if membership is None:
        return Provider.objects.none()
    return Provider.objects.filter(youth_office_id=membership.youth_office_id)


def staff_list_visible_to(*, user: Any) -> StaffMemberQuerySet:
    """Staff by role (see the module's table); "at a Kita" means with a current assignment there."""
    membership = membership_of(user)
    if membership is None or membership.role == Role.READ_ONLY:
        return StaffMember.objects.none()
    qs = StaffMember.objects.filter(youth_office_id=membership.youth_office_id).select_related("employer")
    if membership.role in STAFF_WIDE_ROLES:
        return qs
    if membership.role == Role.SOCIAL_WORKER:
        return qs.filter(user=user)
    if membership.role == Role.KITA_LEAD:
        working_here = _current_assignments().filter(kita__in=led_kita_ids(user))
        return qs.filter(pk__in=working_here.values("staff_member_id"))
    if membership.role == Role.PROVIDER:
        working_here = _current_assignments().filter(Q(kita__provider_id=membership.provider_id))
        return qs.filter(
            Q(employer_id=membership.provider_id) | Q(pk__in=working_here.values("staff_member_id"))
        )
    return StaffMember.objects.none()


def assignment_list_visible_to(*, user: Any) -> AssignmentQuerySet:
    """Assignments by role, history included (see the module's table).

    Their Kita or worker may be outside what the user sees (an ended assignment, an employee at another
    provider's Kita): pages link to them only after checking (`registry.view_kita`, `view_staffmember`).
    """
    membership = membership_of(user)
    if membership is None or membership.role == Role.READ_ONLY:
        return Assignment.objects.none()
    qs = Assignment.objects.filter(youth_office_id=membership.youth_office_id).select_related(
        "staff_member", "kita", "kita__municipality"
    )
    if membership.role in STAFF_WIDE_ROLES:
        return qs
    if membership.role == Role.SOCIAL_WORKER:
        return qs.filter(staff_member__user=user)
    if membership.role == Role.KITA_LEAD:
        return qs.filter(kita__in=led_kita_ids(user))
    if membership.role == Role.PROVIDER:
        return qs.filter(
            Q(kita__provider_id=membership.provider_id) | Q(staff_member__employer_id=membership.provider_id)
        )
    return Assignment.objects.none()


def social_area_list_visible_to(*, user: Any) -> Any:
    """Social areas of the office with `municipality_count`, and `kita_count` of the Kitas the user sees."""
    membership = membership_of(user)
    if membership is None:
        return SocialArea.objects.none()
    visible_kitas = kita_list_visible_to(user=user).values("pk")
    return SocialArea.objects.filter(youth_office_id=membership.youth_office_id).annotate(
        municipality_count=Count("municipalities", distinct=True),
        kita_count=Count("kitas", filter=Q(kitas__in=visible_kitas), distinct=True),
    )


def municipality_list_visible_to(*, user: Any) -> MunicipalityQuerySet:
    """Municipalities are official reference data: every member sees those of the office's district."""
    membership = membership_of(user)
    if membership is None:
        return Municipality.objects.none()
    return Municipality.objects.filter(district_id=membership.youth_office.district_id).select_related(
        "association", "district"
    )


# --- The social-space overview (the seed's slide, computed) -------------------------------------------


@dataclass(frozen=True)
class TerritoryFigures:
    """Figures of one territory at one reference date; never mixed with another territory's."""

    label: str
    municipalities: int
    kitas: int
    places: int
    area_km2: Decimal
    inhabitants: int
    reference_date: dt.date | None
    population_dates: tuple[dt.date, ...]

    @property
    def density_per_km2(self) -> float | None:
        if not self.area_km2:
            return None
        return round(self.inhabitants / float(self.area_km2), 1)

    @property
    def mixes_reference_dates(self) -> bool:
        return len(self.population_dates) > 1


@dataclass(frozen=True)
class Overview:
    district: TerritoryFigures
    responsibility_area: TerritoryFigures
    on: dt.date

    @property
    def warnings(self) -> list[str]:
        from django.utils.translation import gettext as _

        notes = [
            _(
                "District and responsibility area are different territories: compare each figure only "
                "within its own column (e.g. inhabitants per km² of the district vs. of the "
                "responsibility area)."
            )
        ]
        for figures in (self.district, self.responsibility_area):
            if figures.mixes_reference_dates:
                notes.append(
                    _("%(label)s: population figures have different reference dates.")
                    % {"label": figures.label}
                )
        return notes


def _territory_figures(*, label: str, municipalities: Any, kitas: Any) -> TerritoryFigures:
    totals = municipalities.aggregate(count=Count("pk"), area=Sum("area_km2"), inhabitants=Sum("population"))
    dates = tuple(sorted(set(municipalities.values_list("population_date", flat=True))))
    kita_totals = kitas.aggregate(count=Count("pk"), places=Sum("approved_places"))
    return TerritoryFigures(
        label=label,
        municipalities=totals["count"],
        kitas=kita_totals["count"],
        places=kita_totals["places"] or 0,
        area_km2=totals["area"] or Decimal("0"),
        inhabitants=totals["inhabitants"] or 0,
        reference_date=max(dates) if dates else None,
        population_dates=dates,
    )


def overview_for(*, youth_office: YouthOffice, on: dt.date | None = None) -> Overview:
    """The district and the office's responsibility area side by side, each from its own municipalities.

    Kitas count only the office's own (active) Kitas located in each territory.
    """
    from django.utils.translation import gettext as _

    on = on or timezone.localdate()
    district_municipalities = Municipality.objects.filter(district_id=youth_office.district_id)
    area_municipalities = Municipality.objects.filter(
        pk__in=Municipality.objects.in_responsibility_area(youth_office, on).values("pk")
    )
    office_kitas = Kita.objects.active().filter(youth_office=youth_office)
    return Overview(
        district=_territory_figures(
            label=_("District %(name)s") % {"name": youth_office.district.name},
            municipalities=district_municipalities,
            kitas=office_kitas.filter(municipality__in=district_municipalities),
        ),
        responsibility_area=_territory_figures(
            label=_("Responsibility area of %(name)s") % {"name": youth_office.name},
            municipalities=area_municipalities,
            kitas=office_kitas.filter(municipality__in=area_municipalities),
        ),
        on=on,
    )


def municipalities_outside_responsibility_area(
    *, youth_office: YouthOffice, on: dt.date | None = None
) -> MunicipalityQuerySet:
    """Municipalities of the office's district that are not in its responsibility area on `on`.

    The overview names them, because they explain why district and area figures differ (e.g. towns
    with a youth office of their own).
    """
    inside = Municipality.objects.in_responsibility_area(youth_office, on or timezone.localdate())
    return Municipality.objects.filter(district_id=youth_office.district_id).exclude(
        pk__in=inside.values("pk")
    )


def association_list_visible_to(*, user: Any) -> Any:
    """Verbandsgemeinden of the office's district (reference data, like municipalities)."""
    membership = membership_of(user)
    if membership is None:
        return MunicipalAssociation.objects.none()
    return MunicipalAssociation.objects.filter(district_id=membership.youth_office.district_id)


# --- List filters, shared by the web pages and the API ----------------------------------------------------
#
# Each `<entity>_list_filtered(*, user, filters)` takes raw query parameters (strings, as a query string
# or the API sends them), starts from what the user may see and narrows it. Unknown or malformed values
# are ignored rather than answered with an error: a filter can only ever narrow the visible rows.
# Every list ends its ordering with `pk`, so pages of equal names never overlap or skip rows.

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off"}


MAX_DATABASE_ID = 2**63 - 1


def _usable(filters: Mapping[str, str]) -> dict[str, str]:
    """`filters` without values containing NUL: PostgreSQL cannot compare text with it (error, not a list)."""
    return {key: value for key, value in filters.items() if "\x00" not in str(value)}


def _param_id(filters: Mapping[str, str], key: str) -> int | None:
    value = filters.get(key) or ""
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    # Larger ids cannot exist and would overflow the database's 64-bit integer.
    return number if number <= MAX_DATABASE_ID else None


def _param_flag(filters: Mapping[str, str], key: str) -> bool | None:
    value = (filters.get(key) or "").lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    return None


def _param_choice(filters: Mapping[str, str], key: str, choices: list[str]) -> str | None:
    value = filters.get(key)
    return value if value in choices else None


def _filter_by_ids(qs: Any, filters: Mapping[str, str], fields: Mapping[str, str]) -> Any:
    """Apply `{parameter: model field}` id filters that are present and well-formed."""
    for key, field in fields.items():
        pk = _param_id(filters, key)
        if pk is not None:
            qs = qs.filter(**{field: pk})
    return qs


def _in_responsibility_area(youth_office_id: int, on: dt.date) -> Exists:
    """True for a municipality (outer row) that belongs to the office's responsibility area on `on`."""
    return Exists(
        ResponsibilityArea.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            youth_office_id=youth_office_id,
            municipality=OuterRef("pk"),
            valid_from__lte=on,
        )
    )


def _current_assignments_visible_to(user: Any) -> AssignmentQuerySet:
    return assignment_list_visible_to(user=user).current(timezone.localdate())


def municipality_list_filtered(*, user: Any, filters: Mapping[str, str]) -> MunicipalityQuerySet:
    """Municipalities of the office's district with `in_responsibility_area` (today) and `kita_count`.

    `kita_count` counts only the Kitas the user may see. Filters: `q` (name or start of the AGS),
    `association` (id), `in_area` (yes/no).
    """
    membership = membership_of(user)
    if membership is None:
        return Municipality.objects.none()
    filters = _usable(filters)
    visible_kitas = kita_list_visible_to(user=user).values("pk")
    qs = (
        municipality_list_visible_to(user=user)
        .annotate(
            in_responsibility_area=_in_responsibility_area(membership.youth_office_id, timezone.localdate()),
            kita_count=Count("kitas", filter=Q(kitas__in=visible_kitas), distinct=True),
        )
        .search(filters.get("q") or "")
        .order_by("name", "pk")  # aggregating queries drop Meta.ordering
    )
    qs = _filter_by_ids(qs, filters, {"association": "association_id"})
    in_area = _param_flag(filters, "in_area")
    if in_area is not None:
        qs = qs.filter(in_responsibility_area=in_area)
    return qs


def socialarea_list_filtered(*, user: Any, filters: Mapping[str, str]) -> Any:
    """Social areas of the office with `municipality_count` and `kita_count`. Filter: `q` (name)."""
    filters = _usable(filters)
    # Aggregating queries drop Meta.ordering.
    qs = social_area_list_visible_to(user=user).order_by("name", "pk")
    if filters.get("q"):
        qs = qs.filter(name__icontains=filters["q"])
    return qs


def kita_list_filtered(*, user: Any, filters: Mapping[str, str]) -> KitaQuerySet:
    """Visible Kitas, each with `current_assignments` (those the user may see, with the worker).

    Filters: `q` (name, number, municipality), `municipality`, `social_area`, `provider` (ids),
    `family_centre_status`, `active` (yes/no).
    """
    filters = _usable(filters)
    qs = kita_list_visible_to(user=user).search(filters.get("q") or "").order_by("name", "pk")
    qs = _filter_by_ids(
        qs,
        filters,
        {"municipality": "municipality_id", "social_area": "social_area_id", "provider": "provider_id"},
    )
    status = _param_choice(filters, "family_centre_status", Kita.FamilyCentreStatus.values)
    if status is not None:
        qs = qs.filter(family_centre_status=status)
    active = _param_flag(filters, "active")
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.prefetch_related(
        Prefetch("assignments", queryset=_current_assignments_visible_to(user), to_attr="current_assignments")
    )


def provider_list_filtered(*, user: Any, filters: Mapping[str, str]) -> Any:
    """Visible providers with `kita_count` and `employee_count` (of the Kitas and staff the user may see).

    Filters: `q` (name), `kind`.
    """
    filters = _usable(filters)
    qs = (
        provider_list_visible_to(user=user)
        .annotate(
            kita_count=Count(
                "kitas", filter=Q(kitas__in=kita_list_visible_to(user=user).values("pk")), distinct=True
            ),
            employee_count=Count(
                "employees",
                filter=Q(employees__in=staff_list_visible_to(user=user).values("pk")),
                distinct=True,
            ),
        )
        .order_by("name", "pk")  # aggregating queries drop Meta.ordering
    )
    if filters.get("q"):
        qs = qs.filter(name__icontains=filters["q"])
    kind = _param_choice(filters, "kind", Provider.Kind.values)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs


def staff_list_filtered(*, user: Any, filters: Mapping[str, str]) -> StaffMemberQuerySet:
    """Visible staff with `assigned_hours` (sum of today's visible assignments) and `current_assignments`.

    Filters: `q` (first or last name), `function`, `employer` (id), `active` (yes/no).
    """
    filters = _usable(filters)
    current = _current_assignments_visible_to(user)
    # Re-selected by id, so the sum counts each assignment once whatever joins the visibility rule uses.
    qs = (
        StaffMember.objects.filter(pk__in=staff_list_visible_to(user=user).values("pk"))
        .select_related("employer")
        .annotate(
            assigned_hours=Coalesce(
                Sum("assignments__hours_per_week", filter=Q(assignments__in=current.values("pk"))),
                Value(Decimal("0")),
            )
        )
        .prefetch_related(Prefetch("assignments", queryset=current, to_attr="current_assignments"))
        .search(filters.get("q") or "")
        .order_by("last_name", "first_name", "pk")  # aggregating queries drop Meta.ordering
    )
    qs = _filter_by_ids(qs, filters, {"employer": "employer_id"})
    function = _param_choice(filters, "function", StaffMember.Function.values)
    if function is not None:
        qs = qs.filter(function=function)
    active = _param_flag(filters, "active")
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


def assignment_list_filtered(*, user: Any, filters: Mapping[str, str]) -> AssignmentQuerySet:
    """Visible assignments, history included unless `current` is yes.

    Filters: `q` (worker or Kita name), `staff_member`, `kita` (ids), `current` (yes: valid today only).
    """
    filters = _usable(filters)
    qs = assignment_list_visible_to(user=user).order_by("-valid_from", "kita__name", "pk")
    term = filters.get("q")
    if term:
        qs = qs.filter(
            Q(staff_member__first_name__icontains=term)
            | Q(staff_member__last_name__icontains=term)
            | Q(kita__name__icontains=term)
        )
    qs = _filter_by_ids(qs, filters, {"staff_member": "staff_member_id", "kita": "kita_id"})
    if _param_flag(filters, "current"):
        qs = qs.current(timezone.localdate())
    return qs


def responsibility_periods_visible_to(*, user: Any, municipality: Municipality) -> Any:
    """The office's responsibility periods for `municipality`, newest first (its history in the area)."""
    membership = membership_of(user)
    if membership is None:
        return ResponsibilityArea.objects.none()
    return ResponsibilityArea.objects.filter(
        youth_office_id=membership.youth_office_id, municipality=municipality
    ).order_by("-valid_from")
