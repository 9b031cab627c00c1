"""Travel times without any service: haversine distance, the car estimate, and RAPTOR over a GTFS timetable.

Pure Python with no database access, so the benchmark can run it on a synthetic state-size timetable and the
tests can check it on hand-made ones. The method and its limits are described in docs/reachability.md.

RAPTOR (Delling, Pajor, Werneck: "Round-Based Public Transit Routing", 2012) works in rounds: round k
finds the earliest arrival at every stop with k vehicle trips. Each round scans each route (here: each
*pattern*, the trips that serve the same stop sequence) once from the first stop improved in the previous
round, boarding the earliest trip that can still be caught; then walking transfers relax the improved stops.
It needs no preprocessing, answers one-to-all queries (one origin, every stop) which is what "nearest offer
of each category" needs, and is exact for the earliest arrival with a bounded number of transfers.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

EARTH_RADIUS_KM = 6371.0088
INFINITY = 10**9


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# The car estimate: roads are longer than the straight line (detour factor, typical for rural Germany
# 1.3), and the average speed depends on the trip length (town streets, country roads, federal roads).
CAR_DETOUR_FACTOR = 1.3
CAR_SPEED_CLASSES_KMH: tuple[tuple[float, float], ...] = ((5.0, 30.0), (20.0, 50.0), (math.inf, 70.0))
CAR_ACCESS_MINUTES = 3.0  # getting to the car, parking at the destination


def car_minutes(distance_km: float) -> float:
    """Estimated door-to-door car time for a straight-line distance (method in docs/reachability.md)."""
    road_km = distance_km * CAR_DETOUR_FACTOR
    speed = next(speed for limit, speed in CAR_SPEED_CLASSES_KMH if road_km <= limit)
    return CAR_ACCESS_MINUTES + road_km / speed * 60


@dataclass(frozen=True)
class WalkSettings:
    max_metres: float = 1000.0
    speed_kmh: float = 4.5
    detour_factor: float = 1.2  # footpaths are longer than the straight line

    def seconds(self, distance_km: float) -> int:
        return round(distance_km * self.detour_factor / self.speed_kmh * 3600)


@dataclass
class Pattern:
    """Trips serving the same stop sequence, sorted by departure; `departures[i]` lists every trip's
    departure at position i (the column RAPTOR binary-searches)."""

    stops: tuple[int, ...]
    arrivals: list[list[int]] = field(default_factory=list)  # per trip, per position
    departures_by_position: list[list[int]] = field(default_factory=list)


@dataclass
class Timetable:
    """Stops by index, patterns, and walking transfers between stops (seconds)."""

    stop_ids: list[str]
    latitudes: list[float]
    longitudes: list[float]
    patterns: list[Pattern]
    stop_patterns: list[list[tuple[int, int]]]
    footpaths: list[list[tuple[int, int]]]
    min_transfer_seconds: int
    _grid: dict[tuple[int, int], list[int]] = field(default_factory=dict, repr=False)

    @property
    def trip_count(self) -> int:
        return sum(len(p.arrivals) for p in self.patterns)

    def stops_near(self, lat: float, lon: float, walk: WalkSettings) -> list[tuple[int, int]]:
        """(stop index, walking seconds) for every stop within the walking radius."""
        if not self._grid:
            for index, (s_lat, s_lon) in enumerate(zip(self.latitudes, self.longitudes, strict=True)):
                self._grid.setdefault(_cell(s_lat, s_lon), []).append(index)
        cell_lat, cell_lon = _cell(lat, lon)
        span = max(1, math.ceil(walk.max_metres / 1000 / _CELL_KM))
        found = []
        for d_lat in range(-span, span + 1):
            for d_lon in range(-span, span + 1):
                for index in self._grid.get((cell_lat + d_lat, cell_lon + d_lon), ()):
                    km = haversine_km(lat, lon, self.latitudes[index], self.longitudes[index])
                    if km * 1000 <= walk.max_metres:
                        found.append((index, walk.seconds(km)))
        return found


_CELL_KM = 1.0


def _cell(lat: float, lon: float) -> tuple[int, int]:
    # About 1 km cells at German latitudes (1° latitude = 111 km, 1° longitude = 70 km at 51° N).
    return (math.floor(lat * 111 / _CELL_KM), math.floor(lon * 70 / _CELL_KM))


@dataclass(frozen=True)
class TripInput:
    """One trip of the service day: stop ids with arrival and departure seconds, in order."""

    stop_ids: Sequence[str]
    arrivals: Sequence[int]
    departures: Sequence[int]


def build_timetable(
    *,
    stops: Sequence[tuple[str, float, float]],
    trips: Iterable[TripInput],
    transfers: Iterable[tuple[str, str, int]] = (),
    walk: WalkSettings,
    min_transfer_seconds: int = 180,
    footpath_metres: float = 400.0,
) -> Timetable:
    """Group trips into patterns (split where a later trip would overtake an earlier one, which RAPTOR's
    binary search cannot handle) and add footpaths: GTFS transfers plus stops within `footpath_metres`."""
    index_of = {stop_id: i for i, (stop_id, _lat, _lon) in enumerate(stops)}
    by_sequence: dict[tuple[int, ...], list[tuple[list[int], list[int]]]] = defaultdict(list)
    for trip in trips:
        sequence = tuple(index_of[s] for s in trip.stop_ids)
        by_sequence[sequence].append((list(trip.arrivals), list(trip.departures)))
    patterns: list[Pattern] = []
    for sequence, trip_times in by_sequence.items():
        trip_times.sort(key=lambda t: t[1][0])
        lanes: list[Pattern] = []
        for arrivals, departures in trip_times:
            lane = _fitting_lane(lanes, departures)
            if lane is None:
                lane = Pattern(stops=sequence, departures_by_position=[[] for _ in sequence])
                lanes.append(lane)
            lane.arrivals.append(arrivals)
            for position, departure in enumerate(departures):
                lane.departures_by_position[position].append(departure)
        patterns.extend(lanes)
    stop_patterns: list[list[tuple[int, int]]] = [[] for _ in stops]
    for p_index, pattern in enumerate(patterns):
        for position, stop in enumerate(pattern.stops):
            stop_patterns[stop].append((p_index, position))
    timetable = Timetable(
        stop_ids=[s[0] for s in stops],
        latitudes=[s[1] for s in stops],
        longitudes=[s[2] for s in stops],
        patterns=patterns,
        stop_patterns=stop_patterns,
        footpaths=[[] for _ in stops],
        min_transfer_seconds=min_transfer_seconds,
    )
    paths: dict[tuple[int, int], int] = {}
    footpath_walk = WalkSettings(
        max_metres=footpath_metres, speed_kmh=walk.speed_kmh, detour_factor=walk.detour_factor
    )
    for index in range(len(stops)):
        for other, seconds in timetable.stops_near(
            timetable.latitudes[index], timetable.longitudes[index], footpath_walk
        ):
            if other != index:
                paths[(index, other)] = max(seconds, min_transfer_seconds)
    for from_id, to_id, seconds in transfers:
        if from_id in index_of and to_id in index_of and from_id != to_id:
            paths[(index_of[from_id], index_of[to_id])] = seconds
    for (a, b), seconds in paths.items():
        timetable.footpaths[a].append((b, seconds))
    return timetable


def _fitting_lane(lanes: list[Pattern], departures: list[int]) -> Pattern | None:
    """The first lane whose last trip this one does not overtake at any stop."""
    for lane in lanes:
        if all(d >= column[-1] for d, column in zip(departures, lane.departures_by_position, strict=True)):
            return lane
    return None


def raptor(
    timetable: Timetable, sources: Sequence[tuple[int, int]], *, max_rounds: int = 4, horizon: int = INFINITY
) -> list[int]:
    """Earliest arrival (seconds) at every stop from `sources` [(stop, time ready there)], using at most
    `max_rounds` vehicle trips; arrivals after `horizon` are ignored (INFINITY = unreachable).

    Boarding after a vehicle arrival needs the timetable's minimum transfer time; boarding at a stop
    reached on foot does not (the walk already took its time).
    """
    n = len(timetable.stop_ids)
    best = [INFINITY] * n
    ready = [INFINITY] * n  # earliest boarding time from the previous round
    marked: set[int] = set()
    for stop, time in sources:
        if time < best[stop]:
            best[stop] = time
            ready[stop] = time
            marked.add(stop)
    patterns = timetable.patterns
    stop_patterns = timetable.stop_patterns
    footpaths = timetable.footpaths
    transfer = timetable.min_transfer_seconds
    for _round in range(max_rounds):
        if not marked:
            break
        queue: dict[int, int] = {}
        for stop in marked:
            for p_index, position in stop_patterns[stop]:
                if queue.get(p_index, INFINITY) > position:
                    queue[p_index] = position
        marked = set()
        next_ready = [INFINITY] * n
        improved: list[int] = []
        for p_index, start in queue.items():
            pattern = patterns[p_index]
            stops = pattern.stops
            columns = pattern.departures_by_position
            trip_arrivals: list[int] | None = None
            trip_index = INFINITY
            for position in range(start, len(stops)):
                stop = stops[position]
                if trip_arrivals is not None:
                    arrival = trip_arrivals[position]
                    if arrival < best[stop] and arrival <= horizon:
                        best[stop] = arrival
                        next_ready[stop] = arrival + transfer
                        improved.append(stop)
                can_board = ready[stop]
                if can_board < INFINITY:
                    column = columns[position]
                    candidate = bisect.bisect_left(column, can_board)
                    if candidate < trip_index and candidate < len(column) and column[candidate] <= horizon:
                        trip_index = candidate
                        trip_arrivals = pattern.arrivals[candidate]
        # Walking transfers from every stop reached by vehicle in this round.
        for stop in improved:
            marked.add(stop)
            arrival = best[stop]
            for other, seconds in footpaths[stop]:
                walked = arrival + seconds
                if walked < best[other] and walked <= horizon:
                    best[other] = walked
                    if walked < next_ready[other]:
                        next_ready[other] = walked
                    marked.add(other)
        ready = next_ready
    return best


@dataclass(frozen=True)
class Target:
    """Something to reach (an offer's location): its key and the stops near it with walking seconds."""

    key: int
    egress: tuple[tuple[int, int], ...]
    latitude: float
    longitude: float


def travel_times(
    timetable: Timetable,
    *,
    origin: tuple[float, float],
    targets: Sequence[Target],
    departures: Sequence[int],
    walk: WalkSettings,
    max_rounds: int = 4,
    max_seconds: int = 3 * 3600,
) -> dict[int, list[int | None]]:
    """For each target, the door-to-door seconds (walk, wait, ride, transfer, walk) for each departure time;
    None where the target is not reachable within `max_seconds`. A target within walking distance of the
    origin is also reached on foot."""
    access = timetable.stops_near(origin[0], origin[1], walk)
    direct: dict[int, int] = {}
    for target in targets:
        km = haversine_km(origin[0], origin[1], target.latitude, target.longitude)
        if km * 1000 <= walk.max_metres:
            direct[target.key] = walk.seconds(km)
    result: dict[int, list[int | None]] = {target.key: [] for target in targets}
    for departure in departures:
        horizon = departure + max_seconds
        best = (
            raptor(
                timetable,
                [(stop, departure + seconds) for stop, seconds in access],
                max_rounds=max_rounds,
                horizon=horizon,
            )
            if access
            else None
        )
        for target in targets:
            arrival = departure + direct[target.key] if target.key in direct else INFINITY
            if best is not None:
                for stop, seconds in target.egress:
                    if best[stop] + seconds < arrival:
                        arrival = best[stop] + seconds
            result[target.key].append(arrival - departure if arrival <= horizon else None)
    return result


def median_and_worst(seconds: Sequence[int | None]) -> tuple[float | None, float | None]:
    """Minutes: median and worst over the departures; unreachable departures count as infinitely long, so
    the worst is None as soon as one departure cannot reach the offer, the median once half cannot."""
    if not seconds:
        return None, None
    values = sorted(math.inf if s is None else s for s in seconds)
    median = statistics.median(values)
    worst = values[-1]
    return (
        None if math.isinf(median) else round(median / 60, 1),
        None if math.isinf(worst) else round(worst / 60, 1),
    )
