"""Reachability computation time: the demo area and a synthetic state-size timetable.

    .venv/bin/python benchmarks/reachability.py            # demo area in full, state size on a sample
    .venv/bin/python benchmarks/reachability.py --full     # state size with all 2,300 origins (long)

1. Demo area: the SYNTHETIC Mayen-Koblenz feed shipped in the app, all 87 municipality centres of the
   district as origins, the ~60 demo offers (31 places, 15 categories), the default weekday window
   07:00-09:00 every 10 minutes (13 departures). This is the same work `reachability_compute` does per
   office (minus reading and writing the database, which the demo loader's timing shows).
2. State size: a synthetic timetable of ~2,000 stops on 400 lines with ~50,000 trips (about
   Rhineland-Palatinate's bus network), 2,300 origins (as many as the state has municipalities) and
   1,000 offer locations. By default 60 origins are computed and the total is extrapolated (printed as
   such); `--full` computes all of them.

No database queries: the routing core (kisa.directory.routing) is pure Python.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()  # the demo offer list lives in kisa.directory.demo

from kisa.directory.gtfs import read_feed, service_runs_on  # noqa: E402
from kisa.directory.gtfs_synthetic import MUNICIPALITIES_CSV, SYNTHETIC_FEED_PATH  # noqa: E402
from kisa.directory.routing import (  # noqa: E402
    Target,
    Timetable,
    TripInput,
    WalkSettings,
    build_timetable,
    haversine_km,
    median_and_worst,
    travel_times,
)

WALK = WalkSettings(max_metres=1000, speed_kmh=4.5)
DEPARTURES = list(range(7 * 3600, 9 * 3600 + 1, 600))
CATEGORIES = 15


def _run(
    timetable: Timetable,
    origins: list[tuple[float, float]],
    targets: list[Target],
    categories: dict[Any, list[int]],
) -> tuple[float, int]:
    """Seconds for all origins; returns (elapsed, origin × category results)."""
    started = time.perf_counter()
    results = 0
    for origin in origins:
        times = travel_times(timetable, origin=origin, targets=targets, departures=DEPARTURES, walk=WALK)
        for keys in categories.values():
            per_departure = []
            for index in range(len(DEPARTURES)):
                values = [times[k][index] for k in keys if times[k][index] is not None]
                per_departure.append(min(values) if values else None)
            median_and_worst(per_departure)
            results += 1
    return time.perf_counter() - started, results


def demo_area() -> None:
    import datetime as dt

    started = time.perf_counter()
    data = read_feed(str(SYNTHETIC_FEED_PATH))
    day = dt.date(2026, 12, 1)
    running = {s for s, c in data.calendars.items() if service_runs_on(c, day)}
    trips = [
        TripInput(
            [t[0] for t in data.stop_times[trip]],
            [t[2] for t in data.stop_times[trip]],
            [t[3] for t in data.stop_times[trip]],
        )
        for trip, _route, service in data.trips
        if service in running
    ]
    timetable = build_timetable(
        stops=[(s, lat, lon) for s, _n, lat, lon in data.stops], trips=trips, walk=WALK
    )
    prepared = time.perf_counter() - started
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    origins = [(float(r["lat"]), float(r["lon"])) for r in rows]
    by_name = {r["name"]: (float(r["lat"]), float(r["lon"])) for r in rows}
    from kisa.directory.demo import KOBLENZ, ORGS

    targets: list[Target] = []
    categories: dict[str, list[int]] = {}
    for index, spec in enumerate(ORGS):
        if spec.town != "Koblenz" and spec.town not in by_name:
            continue
        base = KOBLENZ if spec.town == "Koblenz" else by_name[spec.town]
        lat, lon = base[0] + spec.offset[0], base[1] + spec.offset[1]
        targets.append(Target(index, tuple(timetable.stops_near(lat, lon, WALK)), lat, lon))
        for _name, cats, *_rest in spec.services:
            for category in cats:
                keys = categories.setdefault(str(category), [])
                if index not in keys:
                    keys.append(index)
    elapsed, results = _run(timetable, origins, targets, categories)
    print("Demo area (SYNTHETIC Mayen-Koblenz feed)")
    print(
        f"  timetable: {len(timetable.stop_ids)} stops, {timetable.trip_count} trips on the day, {len(timetable.patterns)} patterns; read and built in {prepared:.2f} s"
    )
    print(
        f"  {len(origins)} municipalities x {len(categories)} categories, {len(targets)} offer places, {len(DEPARTURES)} departures"
    )
    print(
        f"  reachability: {elapsed:.2f} s ({elapsed / len(origins) * 1000:.1f} ms per origin, {results} results)"
    )


def state_size(full: bool, sample: int) -> None:
    rng = random.Random(2300)  # noqa: S311 (reproducible test data, not security)
    started = time.perf_counter()
    stops = [(f"S{i}", rng.uniform(49.0, 50.9), rng.uniform(6.1, 8.5)) for i in range(2000)]
    # 400 lines: from a random stop, always on to a random one of the 5 nearest unvisited stops, 15 stops.
    grid: dict[tuple[int, int], list[int]] = {}
    for index, (_s, lat, lon) in enumerate(stops):
        grid.setdefault((int(lat * 20), int(lon * 14)), []).append(index)

    def neighbours(index: int) -> list[int]:
        lat, lon = stops[index][1], stops[index][2]
        cell = (int(lat * 20), int(lon * 14))
        found = [
            i for dx in (-1, 0, 1) for dy in (-1, 0, 1) for i in grid.get((cell[0] + dx, cell[1] + dy), [])
        ]
        return sorted(found, key=lambda i: haversine_km(lat, lon, stops[i][1], stops[i][2]))

    trips: list[TripInput] = []
    for _line in range(400):
        route = [rng.randrange(len(stops))]
        while len(route) < 15:
            options = [i for i in neighbours(route[-1]) if i not in route][:5]
            if not options:
                break
            route.append(rng.choice(options))
        for ordered in (route, route[::-1]):
            # 62 trips a direction: about every 15 minutes from 05:00 to 20:30.
            for k in range(62):
                clock = 5 * 3600 + k * 900 + rng.randrange(0, 300)
                times = [clock]
                for a, b in itertools.pairwise(ordered):
                    clock += (
                        round(
                            haversine_km(stops[a][1], stops[a][2], stops[b][1], stops[b][2])
                            * 1.35
                            / 30
                            * 3600
                        )
                        + 60
                    )
                    times.append(clock)
                trips.append(TripInput([stops[i][0] for i in ordered], times, times))
    timetable = build_timetable(stops=stops, trips=trips, walk=WALK)
    prepared = time.perf_counter() - started

    # Municipality centres and offers have a stop nearby (as in reality): a random stop, up to ~300 m off.
    def near_a_stop() -> tuple[float, float]:
        _s, lat, lon = rng.choice(stops)
        return lat + rng.uniform(-0.002, 0.002), lon + rng.uniform(-0.003, 0.003)

    origins = [near_a_stop() for _ in range(2300)]
    targets = []
    for key in range(1000):
        lat, lon = near_a_stop()
        targets.append(Target(key, tuple(timetable.stops_near(lat, lon, WALK)), lat, lon))
    categories = {c: [t.key for t in targets if t.key % CATEGORIES == c] for c in range(CATEGORIES)}
    chosen = origins if full else origins[:sample]
    elapsed, _results = _run(timetable, chosen, targets, categories)
    per_origin = elapsed / len(chosen)
    stop_times = sum(len(t.stop_ids) for t in trips)
    print("State size (synthetic)")
    print(
        f"  timetable: {len(stops)} stops, {len(trips)} trips, {stop_times} stop times, {len(timetable.patterns)} patterns; built in {prepared:.2f} s"
    )
    print(
        f"  {len(chosen)} of {len(origins)} origins x {CATEGORIES} categories, {len(targets)} offer places, {len(DEPARTURES)} departures"
    )
    print(
        f"  reachability: {elapsed:.2f} s ({per_origin * 1000:.0f} ms per origin; {per_origin / len(DEPARTURES) * 1000:.1f} ms per RAPTOR query)"
    )
    if not full:
        print(
            f"  extrapolated to all {len(origins)} origins: {per_origin * len(origins) / 60:.1f} min on one core (run with --full to measure)"
        )
    print(
        f"  median access stops per origin: {statistics.median(len(timetable.stops_near(o[0], o[1], WALK)) for o in origins[:200])}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--full", action="store_true", help="all 2,300 state-size origins instead of a sample"
    )
    parser.add_argument("--sample", type=int, default=60)
    parser.add_argument("--skip-state", action="store_true")
    args = parser.parse_args()
    demo_area()
    if not args.skip_state:
        state_size(args.full, args.sample)


if __name__ == "__main__":
    main()
