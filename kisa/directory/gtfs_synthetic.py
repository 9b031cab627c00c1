"""The SYNTHETIC GTFS feed of the demo area: invented bus lines over the real municipality coordinates.

NOT a real timetable. It exists so tests and the demo can compute public-transport reachability without
downloading the DELFI feed; its feed_info says "SYNTHETIC" and docs/reachability.md explains it. Built
deterministically from `kisa/registry/data/myk_municipalities.csv`:

- every village gets one stop at its centre and is served by a line to its nearest hub (Mayen, Andernach or
  Koblenz); villages are grouped into lines by direction from the hub, at most six per line;
- buses run at 30 km/h over 1.35 × the straight line (country roads), 1 minute per stop;
- village lines run hourly in the peaks (6–9, 12–14, 16–18 h) and two-hourly otherwise, weekdays
  05:40–19:40, and every two hours on Saturdays; both directions;
- trunk lines Mayen–Andernach (bus, every 30 min), Andernach–Koblenz and Mayen–Koblenz (train, 60 km/h,
  every 30 and 60 min) connect the hubs.

Regenerate with `.venv/bin/python -m kisa.directory.gtfs_synthetic` (writes SYNTHETIC_FEED_PATH).
"""

from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path

from kisa.directory.gtfs import write_feed
from kisa.directory.routing import haversine_km

MUNICIPALITIES_CSV = Path(__file__).resolve().parents[1] / "registry" / "data" / "myk_municipalities.csv"
SYNTHETIC_FEED_PATH = Path(__file__).resolve().parent / "data" / "gtfs_synthetic_myk.zip"

# Koblenz is outside the district (kreisfrei): its stops are placed by hand at the main station and the
# central square.
KOBLENZ_STOPS = (
    ("KO_HBF", "Koblenz Hbf", 50.35107, 7.58876),
    ("KO_ZEN", "Koblenz Zentralplatz", 50.36010, 7.59470),
)
HUBS = {"Mayen": "07137068", "Andernach": "07137003", "Koblenz": "KO_ZEN"}
MAX_VILLAGES_PER_LINE = 6
BUS_KMH = 30.0
TRAIN_KMH = 60.0
ROAD_FACTOR = 1.35
DWELL_SECONDS = 60
PEAK_DEPARTURES = [
    "05:40",
    "06:40",
    "07:40",
    "08:40",
    "10:40",
    "12:40",
    "13:40",
    "14:40",
    "16:40",
    "17:40",
    "19:40",
]
SATURDAY_DEPARTURES = ["08:10", "10:10", "12:10", "14:10", "16:10", "18:10"]
FEED_INFO = {
    "feed_publisher_name": "KiSA SYNTHETIC demo feed - not a real timetable",
    "feed_publisher_url": "https://example.invalid/kisa-synthetic",
    "feed_lang": "de",
    "feed_start_date": "20260101",
    "feed_end_date": "20271231",
    "feed_version": "synthetic-1",
}


def _seconds(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 3600 + int(minutes) * 60


def _municipalities() -> list[tuple[str, str, float, float]]:
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        return [(r["ags"], r["name"], float(r["lat"]), float(r["lon"])) for r in csv.DictReader(handle)]


def _run_seconds(a: tuple[float, float], b: tuple[float, float], kmh: float) -> int:
    return round(haversine_km(*a, *b) * ROAD_FACTOR / kmh * 3600)


def _times(coords: list[tuple[float, float]], start: int, kmh: float) -> list[tuple[int, int]]:
    times = [(start, start)]
    clock = start
    for previous, current in itertools.pairwise(coords):
        clock += _run_seconds(previous, current, kmh) + DWELL_SECONDS
        times.append((clock, clock))
    return times


def build_feed() -> bytes:
    """The synthetic feed as GTFS zip bytes (deterministic)."""
    municipalities = _municipalities()
    stops = {ags: (name, lat, lon) for ags, name, lat, lon in municipalities}
    for stop_id, name, lat, lon in KOBLENZ_STOPS:
        stops[stop_id] = (name, lat, lon)
    position = {stop_id: (lat, lon) for stop_id, (_name, lat, lon) in stops.items()}

    lines: list[tuple[str, str, list[str], float, list[str], list[str]]] = []
    clusters: dict[str, list[str]] = {hub: [] for hub in HUBS}
    hub_ids = set(HUBS.values())
    for ags, _name, lat, lon in municipalities:
        if ags in hub_ids:
            continue
        hub = min(HUBS, key=lambda h: haversine_km(lat, lon, *position[HUBS[h]]))
        clusters[hub].append(ags)
    number = 300
    for hub, villages in clusters.items():
        hub_lat, hub_lon = position[HUBS[hub]]
        villages.sort(key=lambda a: math.atan2(position[a][0] - hub_lat, position[a][1] - hub_lon))
        for start in range(0, len(villages), MAX_VILLAGES_PER_LINE):
            group = villages[start : start + MAX_VILLAGES_PER_LINE]
            # From the farthest village, always on to the nearest unvisited one, then into the hub.
            route = [max(group, key=lambda a: haversine_km(*position[a], hub_lat, hub_lon))]
            rest = set(group) - {route[0]}
            while rest:
                following = min(rest, key=lambda a: (haversine_km(*position[route[-1]], *position[a]), a))
                route.append(following)
                rest.remove(following)
            route.append(HUBS[hub])
            if hub == "Koblenz":
                route.append("KO_HBF")
            number += 1
            lines.append((f"L{number}", f"{number}", route, BUS_KMH, PEAK_DEPARTURES, SATURDAY_DEPARTURES))
    every_30 = [f"{h:02d}:{m:02d}" for h in range(5, 21) for m in (5, 35)]
    every_60 = [f"{h:02d}:20" for h in range(5, 21)]
    lines += [
        ("T1", "Bus 350", [HUBS["Mayen"], "07137055", HUBS["Andernach"]], BUS_KMH, every_30, every_60),
        ("T2", "RB 26", [HUBS["Andernach"], "07137228", "KO_HBF"], TRAIN_KMH, every_30, every_60),
        ("T3", "RB 38", [HUBS["Mayen"], "07137089", "KO_HBF"], TRAIN_KMH, every_60, every_60[::2]),
    ]

    routes = []
    trips = []
    for index, (route_id, short, stop_ids, kmh, weekday, saturday) in enumerate(lines):
        names = [stops[s][0] for s in stop_ids]
        routes.append((route_id, short, f"{names[0]} - {names[-1]} (synthetic)"))
        offset = (index * 7) % 30 * 60 if route_id.startswith("L") else 0
        coords = [position[s] for s in stop_ids]
        for service_id, departures in (("WD", weekday), ("SA", saturday)):
            for direction, (ordered, ordered_coords) in enumerate(
                ((stop_ids, coords), (stop_ids[::-1], coords[::-1]))
            ):
                for departure in departures:
                    start = _seconds(departure) + offset + direction * 15 * 60
                    times = _times(ordered_coords, start, kmh)
                    trips.append(
                        (
                            f"{route_id}_{service_id}_{direction}_{departure.replace(':', '')}",
                            route_id,
                            service_id,
                            [(s, a, d) for s, (a, d) in zip(ordered, times, strict=True)],
                        )
                    )
    return write_feed(
        feed_info=FEED_INFO,
        stops=[(s, name, lat, lon) for s, (name, lat, lon) in sorted(stops.items())],
        routes=routes,
        calendars=[("WD", "1111100", "20260101", "20271231"), ("SA", "0000010", "20260101", "20271231")],
        trips=trips,
        transfers=[("KO_ZEN", "KO_HBF", 600), ("KO_HBF", "KO_ZEN", 600)],
    )


if __name__ == "__main__":
    SYNTHETIC_FEED_PATH.parent.mkdir(exist_ok=True)
    SYNTHETIC_FEED_PATH.write_bytes(build_feed())
