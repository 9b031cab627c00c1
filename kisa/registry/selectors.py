"""Registry reads that depend on the user, and the social-space overview.

The `*_visible_to` functions are the single place that decides which registry rows a user may see;
UI, API and object permissions (rules.py) all go through them.

| role            | Kitas / providers                   | staff / assignments                        |
|-----------------|-------------------------------------|--------------------------------------------|
| coordinator     | all of the office                   | all of the office                          |
| admin           | all of the office                   | all of the office                          |
| read-only (JHA) | all of the office                   | none (personal data of employees)          |
| social worker   | Kitas assigned to them (+ providers) | themselves, their own assignments         |
| Kita leadership | the Kitas they lead (+ provider)    | staff/assignments at those Kitas           |
| provider        | its own Kitas (+ itself)            | its employees and staff at its Kitas       |
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from kisa.accounts.models import Role
from kisa.accounts.selectors import led_kita_ids, membership_of
from kisa.registry.models import (
    Assignment,
    AssignmentQuerySet,
    Kita,
    KitaQuerySet,
    Municipality,
    MunicipalityQuerySet,
    Provider,
    SocialArea,
    StaffMember,
    StaffMemberQuerySet,
    YouthOffice,
)

OFFICE_WIDE_ROLES = {Role.COORDINATOR, Role.ADMIN, Role.READ_ONLY}
STAFF_WIDE_ROLES = {Role.COORDINATOR, Role.ADMIN}


def _kita_scope(user: Any) -> Q | None:
    """A filter on Kita for the user's role; None means no Kita at all."""
    membership = membership_of(user)
    if membership is None:
        return None
    office = Q(youth_office_id=membership.youth_office_id)
    if membership.role in OFFICE_WIDE_ROLES:
        return office
    if membership.role == Role.SOCIAL_WORKER:
        return office & Q(assignments__staff_member__user=user)
    if membership.role == Role.KITA_LEAD:
        return office & Q(pk__in=led_kita_ids(user))
    if membership.role == Role.PROVIDER:
        return office & Q(provider_id=membership.provider_id)
    return None


def kita_list_visible_to(*, user: Any) -> KitaQuerySet:
    scope = _kita_scope(user)
    if scope is None:
        return Kita.objects.none()
    return Kita.objects.filter(scope).distinct().select_related("municipality", "provider", "social_area")


def provider_list_visible_to(*, user: Any) -> Any:
    membership = membership_of(user)
    if membership is None:
        return Provider.objects.none()
    qs = Provider.objects.filter(youth_office_id=membership.youth_office_id)
    if membership.role in OFFICE_WIDE_ROLES:
        return qs
    kita_ids = kita_list_visible_to(user=user).values("pk")
    own = Q(kitas__in=kita_ids)
    if membership.role == Role.PROVIDER:
        own |= Q(pk=membership.provider_id)
    if membership.role == Role.SOCIAL_WORKER:
        own |= Q(employees__user=user)
    return qs.filter(own).distinct()


def staff_list_visible_to(*, user: Any) -> StaffMemberQuerySet:
    membership = membership_of(user)
    if membership is None or membership.role == Role.READ_ONLY:
        return StaffMember.objects.none()
    qs = StaffMember.objects.filter(youth_office_id=membership.youth_office_id).select_related("employer")
    if membership.role in STAFF_WIDE_ROLES:
        return qs
    if membership.role == Role.SOCIAL_WORKER:
        return qs.filter(user=user)
    if membership.role == Role.KITA_LEAD:
        return qs.filter(assignments__kita__in=led_kita_ids(user)).distinct()
    if membership.role == Role.PROVIDER:
        return qs.filter(
            Q(employer_id=membership.provider_id) | Q(assignments__kita__provider_id=membership.provider_id)
        ).distinct()
    return StaffMember.objects.none()


def assignment_list_visible_to(*, user: Any) -> AssignmentQuerySet:
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
    membership = membership_of(user)
    if membership is None:
        return SocialArea.objects.none()
    return SocialArea.objects.filter(youth_office_id=membership.youth_office_id).annotate(
        municipality_count=Count("municipalities", distinct=True), kita_count=Count("kitas", distinct=True)
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

    on = on or dt.date.today()
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
