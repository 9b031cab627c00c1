"""RAPTOR and the distance estimates on hand-made timetables, where the right answer is known."""

from __future__ import annotations

import math

import pytest

from kisa.directory.routing import (
    INFINITY,
    Target,
    TripInput,
    WalkSettings,
    build_timetable,
    car_minutes,
    haversine_km,
    median_and_worst,
    raptor,
    travel_times,
)

H = 3600
WALK = WalkSettings(max_metres=500, speed_kmh=4.5)
# Four stops far apart (no footpaths between them): A - B on line 1, B - C on line 2, C - D on line 3.
STOPS = [("A", 50.0, 7.0), ("B", 50.1, 7.0), ("C", 50.2, 7.0), ("D", 50.3, 7.0)]


def trip(stops: str, start: int, minutes: int = 10) -> TripInput:
    times = [start + i * minutes * 60 for i in range(len(stops))]
    return TripInput(list(stops), times, times)


def test_haversine_koblenz_to_mayen_is_about_25_km() -> None:
    assert haversine_km(50.3597, 7.5978, 50.3287, 7.2223) == pytest.approx(26.9, abs=0.3)


def test_car_minutes_uses_detour_factor_and_speed_class() -> None:
    # 2 km straight: 2.6 km road at 30 km/h = 5.2 min, plus 3 min access.
    assert car_minutes(2.0) == pytest.approx(8.2)
    # 20 km straight: 26 km road at 70 km/h = 22.3 min, plus 3.
    assert car_minutes(20.0) == pytest.approx(3 + 26 / 70 * 60)


def test_raptor_finds_the_earliest_arrival_with_a_transfer() -> None:
    timetable = build_timetable(
        stops=STOPS,
        trips=[trip("AB", 7 * H), trip("BC", 7 * H + 14 * 60), trip("BC", 7 * H + 30 * 60)],
        walk=WALK,
        min_transfer_seconds=180,
    )
    best = raptor(timetable, [(0, 7 * H - 60)])
    # Arrive B 07:10; with 3 min to change the 07:14 bus is caught and reaches C at 07:24.
    assert best[1] == 7 * H + 10 * 60
    assert best[2] == 7 * H + 24 * 60
    assert best[3] == INFINITY


def test_raptor_misses_a_connection_shorter_than_the_minimum_transfer_time() -> None:
    timetable = build_timetable(
        stops=STOPS,
        trips=[trip("AB", 7 * H), trip("BC", 7 * H + 11 * 60), trip("BC", 7 * H + 40 * 60)],
        walk=WALK,
        min_transfer_seconds=180,
    )
    assert raptor(timetable, [(0, 7 * H)])[2] == 7 * H + 50 * 60


def test_raptor_respects_the_number_of_rounds() -> None:
    timetable = build_timetable(
        stops=STOPS,
        trips=[trip("AB", 7 * H), trip("BC", 7 * H + 20 * 60), trip("CD", 7 * H + 40 * 60)],
        walk=WALK,
    )
    assert raptor(timetable, [(0, 7 * H)], max_rounds=2)[3] == INFINITY
    assert raptor(timetable, [(0, 7 * H)], max_rounds=3)[3] == 7 * H + 50 * 60


def test_overtaking_trips_get_their_own_pattern_and_the_fast_one_is_used() -> None:
    slow = TripInput(["A", "B", "C"], [7 * H, 7 * H + 40 * 60, 8 * H], [7 * H, 7 * H + 40 * 60, 8 * H])
    express = TripInput(
        ["A", "B", "C"],
        [7 * H + 5 * 60, 7 * H + 15 * 60, 7 * H + 25 * 60],
        [7 * H + 5 * 60, 7 * H + 15 * 60, 7 * H + 25 * 60],
    )
    timetable = build_timetable(stops=STOPS, trips=[slow, express], walk=WALK)
    assert len(timetable.patterns) == 2
    assert raptor(timetable, [(0, 7 * H)])[2] == 7 * H + 25 * 60


def test_travel_times_include_walking_and_waiting_and_none_when_unreachable() -> None:
    timetable = build_timetable(stops=STOPS, trips=[trip("AB", 7 * H + 10 * 60)], walk=WALK)
    target_b = Target(1, ((1, 120),), 50.1, 7.0)
    target_d = Target(2, ((3, 0),), 50.3, 7.0)
    times = travel_times(
        timetable, origin=(50.0, 7.0), targets=[target_b, target_d], departures=[7 * H], walk=WALK
    )
    # Walk 0 m to A, wait 10 min, ride 10 min, walk 2 min.
    assert times[1] == [22 * 60]
    assert times[2] == [None]


def test_median_and_worst_count_unreachable_departures_as_infinite() -> None:
    assert median_and_worst([600, 1200, 1800]) == (20.0, 30.0)
    assert median_and_worst([600, None, 1800]) == (30.0, None)
    assert median_and_worst([None, None, 600]) == (None, None)
    assert not math.isnan(median_and_worst([60])[0] or 0)
