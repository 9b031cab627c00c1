"""GTFS import: the synthetic feed, and broken feeds named by file, row and field with nothing changed."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from kisa.directory.gtfs import GtfsError, read_feed, write_feed
from kisa.directory.gtfs_synthetic import SYNTHETIC_FEED_PATH, build_feed
from kisa.directory.models import GtfsFeed, GtfsStopTime
from kisa.directory.services import gtfs_feed_import

STOPS = [("S1", "Eins", 50.30, 7.20), ("S2", "Zwei", 50.31, 7.21)]


def small_feed(**changes: bytes | None) -> bytes:
    data = write_feed(
        feed_info={"feed_publisher_name": "Test"},
        stops=STOPS,
        routes=[("R1", "1", "Eins - Zwei")],
        calendars=[("WD", "1111100", "20260101", "20271231")],
        trips=[("T1", "R1", "WD", [("S1", 7 * 3600, 7 * 3600), ("S2", 7 * 3600 + 600, 7 * 3600 + 600)])],
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if name in changes:
                if changes[name] is not None:
                    target.writestr(name, changes[name])  # type: ignore[arg-type]
            else:
                target.writestr(name, source.read(name))
        for name, content in changes.items():
            if name not in source.namelist() and content is not None:
                target.writestr(name, content)
    return out.getvalue()


def test_shipped_synthetic_feed_is_reproducible_and_marked_synthetic(db) -> None:
    assert SYNTHETIC_FEED_PATH.read_bytes() == build_feed()
    feed = gtfs_feed_import(actor=None, source=io.BytesIO(build_feed()), name="demo", recompute=False)
    assert feed.is_synthetic
    assert "SYNTHETIC" in feed.feed_info["feed_publisher_name"]
    assert feed.stops.count() == 89
    assert feed.is_current


def test_missing_file_is_named() -> None:
    with pytest.raises(GtfsError) as error:
        read_feed(io.BytesIO(small_feed(**{"stop_times.txt": None})))
    assert [(p.file, p.row, p.message) for p in error.value.problems] == [
        ("stop_times.txt", None, "required file missing")
    ]


def test_bad_time_is_named_by_file_row_and_field() -> None:
    bad = b"trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,07:00:00,07:00:00,S1,1\nT1,7h10,7h10,S2,2\n"
    with pytest.raises(GtfsError) as error:
        read_feed(io.BytesIO(small_feed(**{"stop_times.txt": bad})))
    problem = error.value.problems[0]
    assert (problem.file, problem.row, problem.field) == ("stop_times.txt", 3, "arrival_time")
    assert "H:MM:SS" in problem.message


def test_times_after_midnight_are_kept_as_seconds_of_the_service_day() -> None:
    late = b"trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,23:50:00,23:50:00,S1,1\nT1,24:20:00,24:20:00,S2,2\n"
    data = read_feed(io.BytesIO(small_feed(**{"stop_times.txt": late})))
    assert data.stop_times["T1"][1][2] == 24 * 3600 + 20 * 60


def test_trip_without_stops_is_an_error_in_trips_txt() -> None:
    trips = b"route_id,service_id,trip_id\nR1,WD,T1\nR1,WD,T2\n"
    with pytest.raises(GtfsError) as error:
        read_feed(io.BytesIO(small_feed(**{"trips.txt": trips})))
    problem = error.value.problems[0]
    assert (problem.file, problem.row, problem.field) == ("trips.txt", 3, "trip_id")
    assert "fewer than two stops" in problem.message


def test_failed_import_keeps_the_previous_feed(db, tmp_path) -> None:
    good = tmp_path / "good.zip"
    good.write_bytes(small_feed())
    call_command("import_gtfs", str(good), stdout=io.StringIO())
    current = GtfsFeed.objects.get(is_current=True)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(
        small_feed(**{"stops.txt": b"stop_id,stop_name,stop_lat,stop_lon\nS1,Eins,50.3,7.2\nS2,Zwei,91,7\n"})
    )
    with pytest.raises(CommandError) as error:
        call_command("import_gtfs", str(broken), stdout=io.StringIO())
    assert "stops.txt, row 3, stop_lat: coordinates outside Germany" in str(error.value)
    assert GtfsFeed.objects.get(is_current=True) == current
    assert GtfsStopTime.objects.filter(trip__feed=current).count() == 2


def test_new_feed_replaces_the_previous_one(db) -> None:
    first = gtfs_feed_import(actor=None, source=io.BytesIO(small_feed()), name="first", recompute=False)
    second = gtfs_feed_import(actor=None, source=io.BytesIO(small_feed()), name="second", recompute=False)
    assert list(GtfsFeed.objects.all()) == [second]
    assert not GtfsFeed.objects.filter(pk=first.pk).exists()
