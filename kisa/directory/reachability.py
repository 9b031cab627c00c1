"""Computing reachability for one youth office: every municipality centre and Kita to the nearest offer of
each category, by straight line, car estimate and public transport (RAPTOR over the current GTFS feed).

Called by `services.reachability_compute` (the Celery task and `manage.py compute_reachability`).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from kisa.directory.categories import ServiceCategory
from kisa.directory.gtfs import service_runs_on
from kisa.directory.models import GtfsFeed, GtfsStop, GtfsStopTime, Reachability, Service
from kisa.directory.routing import (
    Target,
    Timetable,
    TripInput,
    WalkSettings,
    build_timetable,
    car_minutes,
    haversine_km,
    median_and_worst,
    travel_times,
)
from kisa.registry.models import Kita, Municipality


@dataclass(frozen=True)
class ReachabilityConfig:
    """The method's parameters (settings `KISA_REACHABILITY_*`, documented in docs/reachability.md)."""

    walk: WalkSettings
    min_transfer_seconds: int
    window_start: int
    window_end: int
    step_seconds: int
    max_rounds: int
    max_seconds: int
    weekday: int  # the service day looked for: Monday = 0
    service_date: dt.date | None

    @property
    def departures(self) -> list[int]:
        return list(range(self.window_start, self.window_end + 1, self.step_seconds))

    @classmethod
    def from_settings(cls) -> ReachabilityConfig:
        def seconds(hhmm: str) -> int:
            hours, minutes = hhmm.split(":")
            return int(hours) * 3600 + int(minutes) * 60

        date = getattr(settings, "KISA_REACHABILITY_DATE", "")
        return cls(
            walk=WalkSettings(
                max_metres=settings.KISA_REACHABILITY_WALK_MAX_METRES,
                speed_kmh=settings.KISA_REACHABILITY_WALK_SPEED_KMH,
            ),
            min_transfer_seconds=settings.KISA_REACHABILITY_MIN_TRANSFER_MINUTES * 60,
            window_start=seconds(settings.KISA_REACHABILITY_WINDOW_START),
            window_end=seconds(settings.KISA_REACHABILITY_WINDOW_END),
            step_seconds=settings.KISA_REACHABILITY_WINDOW_STEP_MINUTES * 60,
            max_rounds=settings.KISA_REACHABILITY_MAX_TRANSFERS + 1,
            max_seconds=settings.KISA_REACHABILITY_MAX_MINUTES * 60,
            weekday=settings.KISA_REACHABILITY_WEEKDAY,
            service_date=dt.date.fromisoformat(date) if date else None,
        )


def service_day(feed: GtfsFeed, config: ReachabilityConfig, today: dt.date | None = None) -> dt.date | None:
    """The day whose timetable is used: the configured date, else the first configured weekday (Tuesday,
    an ordinary school day) from today on that the feed serves, else the first such day in the feed."""
    if config.service_date:
        return config.service_date
    calendars = list(feed.calendars.values())
    if not calendars:
        return None
    first = min(dt.date.fromisoformat(c["start"]) for c in calendars)
    last = max(dt.date.fromisoformat(c["end"]) for c in calendars)
    start = max(first, today or timezone.localdate())
    if start > last:
        start = first
    day = start + dt.timedelta(days=(config.weekday - start.weekday()) % 7)
    for _week in range(60):
        if any(service_runs_on(c, day) for c in calendars):
            return day
        day += dt.timedelta(days=7)
    return None


def load_timetable(feed: GtfsFeed, day: dt.date, config: ReachabilityConfig) -> Timetable:
    """The feed's trips running on `day` as a RAPTOR timetable (3 queries)."""
    running = [
        service_id for service_id, calendar in feed.calendars.items() if service_runs_on(calendar, day)
    ]
    stops = list(GtfsStop.objects.filter(feed=feed).values_list("pk", "stop_id", "latitude", "longitude"))
    stop_key = {pk: stop_id for pk, stop_id, _lat, _lon in stops}
    trips: dict[int, tuple[list[str], list[int], list[int]]] = defaultdict(lambda: ([], [], []))
    rows = (
        GtfsStopTime.objects.filter(trip__feed=feed, trip__service_id__in=running)
        .order_by("trip_id", "sequence")
        .values_list("trip_id", "stop_id", "arrival", "departure")
    )
    for trip_id, stop_pk, arrival, departure in rows.iterator(chunk_size=5000):
        stop_ids, arrivals, departures = trips[trip_id]
        stop_ids.append(stop_key[stop_pk])
        arrivals.append(arrival)
        departures.append(departure)
    return build_timetable(
        stops=[(stop_id, lat, lon) for _pk, stop_id, lat, lon in stops],
        trips=(TripInput(*times) for times in trips.values()),
        transfers=[(t[0], t[1], int(t[2])) for t in feed.transfers],
        walk=config.walk,
        min_transfer_seconds=config.min_transfer_seconds,
    )


@dataclass
class Origin:
    kind: str
    municipality: Municipality | None
    kita: Kita | None
    latitude: float
    longitude: float


def origins_for(youth_office: Any) -> list[Origin]:
    """Every municipality of the office's district (centre) and every active Kita with coordinates."""
    origins = [
        Origin(Reachability.OriginKind.MUNICIPALITY, m, None, float(m.latitude), float(m.longitude))
        for m in Municipality.objects.filter(district_id=youth_office.district_id)
    ]
    kitas = Kita.objects.filter(youth_office=youth_office, is_active=True, latitude__isnull=False)
    origins += [
        Origin(Reachability.OriginKind.KITA, None, k, float(k.latitude), float(k.longitude))  # type: ignore[arg-type]
        for k in kitas
    ]
    return origins


def compute_rows(youth_office: Any, config: ReachabilityConfig | None = None) -> list[Reachability]:
    """The reachability rows for the office (unsaved): one per origin and category that has an offer."""
    config = config or ReachabilityConfig.from_settings()
    services = list(
        Service.objects.filter(youth_office=youth_office, is_active=True).select_related("location")
    )
    by_category: dict[str, list[Service]] = defaultdict(list)
    for service in services:
        for category in service.categories:
            by_category[category].append(service)
    feed = GtfsFeed.objects.filter(is_current=True).first()
    timetable: Timetable | None = None
    if feed is not None and services:
        day = service_day(feed, config)
        if day is not None:
            timetable = load_timetable(feed, day, config)
    targets: list[Target] = []
    if timetable is not None:
        seen: set[int] = set()
        for service in services:
            location = service.location
            if location.pk in seen:
                continue
            seen.add(location.pk)
            lat, lon = float(location.latitude), float(location.longitude)
            egress = tuple(timetable.stops_near(lat, lon, config.walk))
            targets.append(Target(location.pk, egress, lat, lon))
    now = timezone.now()
    rows: list[Reachability] = []
    cache: dict[tuple[float, float], dict[int, list[int | None]]] = {}
    for origin in origins_for(youth_office):
        times: dict[int, list[int | None]] = {}
        if timetable is not None and targets:
            key = (round(origin.latitude, 4), round(origin.longitude, 4))
            if key not in cache:
                cache[key] = travel_times(
                    timetable,
                    origin=(origin.latitude, origin.longitude),
                    targets=targets,
                    departures=config.departures,
                    walk=config.walk,
                    max_rounds=config.max_rounds,
                    max_seconds=config.max_seconds,
                )
            times = cache[key]
        for category in ServiceCategory.values:
            offers = by_category.get(category)
            if not offers:
                continue
            rows.append(_row(youth_office, origin, category, offers, times, config, now))
    return rows


def _row(
    youth_office: Any,
    origin: Origin,
    category: str,
    offers: list[Service],
    times: dict[int, list[int | None]],
    config: ReachabilityConfig,
    now: dt.datetime,
) -> Reachability:
    distances = {
        s.pk: haversine_km(
            origin.latitude, origin.longitude, float(s.location.latitude), float(s.location.longitude)
        )
        for s in offers
    }
    nearest = min(offers, key=lambda s: (distances[s.pk], s.pk))
    row = Reachability(
        youth_office=youth_office,
        origin_kind=origin.kind,
        municipality=origin.municipality,
        kita=origin.kita,
        category=category,
        nearest_service=nearest,
        distance_km=round(distances[nearest.pk], 2),
        car_minutes=round(car_minutes(distances[nearest.pk]), 1),
        computed_at=now,
    )
    if times:
        # Per departure: the quickest offer of the category (families take whichever is quickest then).
        per_departure: list[int | None] = []
        for index in range(len(config.departures)):
            values = [times[s.location_id][index] for s in offers if times[s.location_id][index] is not None]
            per_departure.append(min(values) if values else None)  # type: ignore[type-var]
        row.transit_median_minutes, row.transit_worst_minutes = median_and_worst(per_departure)

        def typical(service: Service) -> float:
            values = [t for t in times[service.location_id] if t is not None]
            return statistics.median(values) if values else float("inf")

        best = min(offers, key=lambda s: (typical(s), distances[s.pk]))
        row.transit_service = best if typical(best) != float("inf") else None
    return row
