"""Reads of the offer directory: what a user (or the public) sees, searching, referral statistics and the
stored reachability.

Visibility lives here, once: staff see their own office's directory; the public sees every active offer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from kisa.accounts.selectors import membership_of
from kisa.directory.models import (
    GtfsFeed,
    Location,
    Organization,
    Reachability,
    Service,
    ServiceQuerySet,
)
from kisa.directory.routing import Target, Timetable, haversine_km, median_and_worst, travel_times
from kisa.registry.models import Municipality


def service_list_visible_to(*, user: Any) -> ServiceQuerySet:
    """Every offer of the user's office (staff pages decide by permission who may open them)."""
    membership = membership_of(user)
    if membership is None:
        return Service.objects.none()
    return Service.objects.filter(youth_office_id=membership.youth_office_id).select_related(
        "organization", "location", "location__municipality"
    )


def organization_list_visible_to(*, user: Any) -> Any:
    membership = membership_of(user)
    if membership is None:
        return Organization.objects.none()
    return Organization.objects.filter(youth_office_id=membership.youth_office_id)


def location_list_visible_to(*, user: Any) -> Any:
    membership = membership_of(user)
    if membership is None:
        return Location.objects.none()
    return Location.objects.filter(youth_office_id=membership.youth_office_id).select_related("organization")


def public_service_list() -> ServiceQuerySet:
    """The public directory: active offers of every office (they are public information)."""
    return Service.objects.active().select_related("organization", "location", "location__municipality")


@dataclass(frozen=True)
class SearchFilters:
    """A search as families and workers ask it: what, in which language, for which age, where."""

    text: str = ""
    category: str = ""
    language: str = ""
    age: int | None = None
    municipality: Municipality | None = None
    near: tuple[float, float] | None = None


def service_search(services: ServiceQuerySet, filters: SearchFilters) -> ServiceQuerySet:
    """Narrow `services` by the filters. A place matches offers located there or serving it (service area)."""
    result = services.in_category(filters.category).in_language(filters.language).for_age(filters.age)
    if filters.text:
        result = result.filter(
            Q(name__icontains=filters.text)
            | Q(description__icontains=filters.text)
            | Q(organization__name__icontains=filters.text)
            | Q(location__city__icontains=filters.text)
        )
    if filters.municipality is not None:
        result = result.filter(
            Q(location__municipality=filters.municipality) | Q(service_area=filters.municipality)
        ).distinct()
    return result


def sorted_by_distance(services: Iterable[Service], near: tuple[float, float]) -> list[tuple[Service, float]]:
    """Offers with their straight-line distance (km) from `near`, nearest first."""
    rows = [
        (s, haversine_km(near[0], near[1], float(s.location.latitude), float(s.location.longitude)))
        for s in services
    ]
    return sorted(rows, key=lambda row: (row[1], row[0].name))


def services_due_for_verification(*, user: Any, today: dt.date | None = None) -> ServiceQuerySet:
    """Active offers whose details nobody confirmed for 12 months (or ever)."""
    today = today or timezone.localdate()
    return (
        service_list_visible_to(user=user)
        .active()
        .due_for_verification(today)
        .order_by("last_verified", "name")
    )


# --- Referrals (the documentation app records them and counts them; this gives its choices) -------------------


def service_choices_for_referral(*, user: Any) -> ServiceQuerySet:
    """The offers a worker can refer a family to: the active offers of the own office, by name."""
    return service_list_visible_to(user=user).active().order_by("name")


# --- Public transport from one place, for a referral search ---------------------------------------------------

_TIMETABLE_CACHE: dict[tuple[int, str], Timetable] = {}


def current_timetable() -> Timetable | None:
    """The current feed's timetable for the configured service day, cached per process and feed."""
    from kisa.directory.reachability import ReachabilityConfig, load_timetable, service_day

    feed = GtfsFeed.objects.filter(is_current=True).first()
    if feed is None:
        return None
    config = ReachabilityConfig.from_settings()
    day = service_day(feed, config)
    if day is None:
        return None
    key = (feed.pk, day.isoformat())
    if key not in _TIMETABLE_CACHE:
        _TIMETABLE_CACHE.clear()
        _TIMETABLE_CACHE[key] = load_timetable(feed, day, config)
    return _TIMETABLE_CACHE[key]


@dataclass(frozen=True)
class TransitTime:
    median_minutes: float | None
    worst_minutes: float | None


def transit_times_from(*, origin: Municipality, services: Iterable[Service]) -> dict[int, TransitTime]:
    """Bus and train minutes (median and worst over the departure window) from the municipality's centre
    to each offer; empty without a timetable."""
    from kisa.directory.reachability import ReachabilityConfig

    timetable = current_timetable()
    services = list(services)
    if timetable is None or not services:
        return {}
    config = ReachabilityConfig.from_settings()
    targets = {}
    for service in services:
        lat, lon = float(service.location.latitude), float(service.location.longitude)
        targets[service.location_id] = Target(
            service.location_id, tuple(timetable.stops_near(lat, lon, config.walk)), lat, lon
        )
    times = travel_times(
        timetable,
        origin=(float(origin.latitude), float(origin.longitude)),
        targets=list(targets.values()),
        departures=config.departures,
        walk=config.walk,
        max_rounds=config.max_rounds,
        max_seconds=config.max_seconds,
    )
    return {s.pk: TransitTime(*median_and_worst(times[s.location_id])) for s in services}


# --- Stored reachability ----------------------------------------------------------------------------------------


def reachability_list_visible_to(*, user: Any) -> Any:
    membership = membership_of(user)
    if membership is None:
        return Reachability.objects.none()
    return Reachability.objects.filter(youth_office_id=membership.youth_office_id)


def municipality_reachability(*, user: Any, category: str) -> list[Reachability]:
    """Per municipality of the district: the stored reachability of the category's nearest offer."""
    return list(
        reachability_list_visible_to(user=user)
        .filter(category=category, origin_kind=Reachability.OriginKind.MUNICIPALITY)
        .select_related("municipality", "nearest_service", "transit_service")
        .order_by("municipality__name")
    )


def kita_reachability(*, user: Any, category: str) -> list[Reachability]:
    return list(
        reachability_list_visible_to(user=user)
        .filter(category=category, origin_kind=Reachability.OriginKind.KITA)
        .select_related("kita", "kita__municipality", "nearest_service", "transit_service")
        .order_by("kita__name")
    )


@dataclass(frozen=True)
class WhiteSpot:
    municipality: Municipality
    transit_median_minutes: float | None
    car_minutes: float | None
    children_under_7: int | None


def white_spots(*, user: Any, category: str, threshold_minutes: int | None = None) -> list[WhiteSpot]:
    """Municipalities whose median bus-and-train time to the nearest offer of the category exceeds the
    threshold (default `KISA_REACHABILITY_WHITE_SPOT_MINUTES`), or which no bus reaches in the window;
    with the children under 7 living there, most children first."""
    threshold = (
        threshold_minutes if threshold_minutes is not None else settings.KISA_REACHABILITY_WHITE_SPOT_MINUTES
    )
    spots = [
        WhiteSpot(r.municipality, r.transit_median_minutes, r.car_minutes, r.municipality.children_under_7)
        for r in municipality_reachability(user=user, category=category)
        if r.municipality is not None
        and (r.transit_median_minutes is None or r.transit_median_minutes > threshold)
    ]
    return sorted(spots, key=lambda s: (-(s.children_under_7 or 0), s.municipality.name))


def reachability_summary(
    rows: Iterable[Reachability], children: Mapping[int, int] | None = None
) -> dict[str, Any]:
    """Car against bus: how many origins, median of each, and how much longer the bus takes."""
    rows = list(rows)
    car = sorted(r.car_minutes for r in rows if r.car_minutes is not None)
    bus = sorted(r.transit_median_minutes for r in rows if r.transit_median_minutes is not None)

    def median(values: list[float]) -> float | None:
        return values[len(values) // 2] if values else None

    return {
        "origins": len(rows),
        "car_median": median(car),
        "bus_median": median(bus),
        "bus_unreachable": sum(1 for r in rows if r.transit_median_minutes is None),
    }
