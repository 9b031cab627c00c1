"""Reading a GTFS feed (zip): every file checked before anything is stored, errors naming file, row, field.

Only what reachability needs is kept: stops, routes, trips, stop times, calendar, calendar dates,
transfers and feed info. Times may pass 24:00:00 (a trip after midnight belongs to the previous service
day; GTFS writes 25:10:00); they are kept as seconds after the service day's midnight.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

# Germany's bounding box as in kisa.registry.models (not imported: this module needs no Django setup).
GERMANY_LAT = (47.2, 55.1)
GERMANY_LON = (5.8, 15.1)
REQUIRED_FILES = ("stops.txt", "routes.txt", "trips.txt", "stop_times.txt")
MAX_ERRORS = 50
# Trips may run past midnight, but no service day is longer than two days.
MAX_SECONDS = 48 * 3600
_TIME = re.compile(r"^(\d{1,2}):([0-5]\d):([0-5]\d)$")
WEEKDAY_COLUMNS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" if self.row is not None else self.file
        return f"{where}, {self.field or '-'}: {self.message}"


class GtfsError(Exception):
    """The feed cannot be imported; `problems` lists every error found (up to MAX_ERRORS)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class GtfsData:
    """A checked feed, ready to store."""

    feed_info: dict[str, str]
    stops: list[tuple[str, str, float, float]]  # stop_id, name, lat, lon
    routes: dict[str, str]  # route_id -> short name
    trips: list[tuple[str, str, str]]  # trip_id, route_id, service_id
    stop_times: dict[str, list[tuple[str, int, int, int]]]  # trip_id -> [(stop_id, seq, arr, dep)]
    calendars: dict[str, dict[str, Any]]
    transfers: list[tuple[str, str, int]] = field(default_factory=list)


def parse_time(value: str) -> int:
    """'7:05:00' or '25:10:00' -> seconds after midnight of the service day; ValueError otherwise."""
    match = _TIME.match(value.strip())
    if not match:
        raise ValueError("expected H:MM:SS, e.g. 07:05:00")
    hours, minutes, seconds = (int(part) for part in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    if total > MAX_SECONDS:
        raise ValueError("more than 48:00:00 after the service day's start")
    return total


def format_time(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class _Reader:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        # Feeds are sometimes zipped with a top folder; use the files wherever they are.
        self.names = {name.rsplit("/", 1)[-1]: name for name in archive.namelist() if not name.endswith("/")}
        self.problems: list[Problem] = []

    def error(self, file: str, row: int | None, field_name: str, message: str) -> None:
        if len(self.problems) < MAX_ERRORS:
            self.problems.append(Problem(file, row, field_name, message))

    def rows(self, file: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
        if file not in self.names:
            return []
        raw = self.archive.read(self.names[file])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.error(file, None, "", "not UTF-8 encoded")
            return []
        reader = csv.DictReader(io.StringIO(text))
        header = [name.strip() for name in (reader.fieldnames or [])]
        reader.fieldnames = header
        missing = [column for column in required if column not in header]
        for column in missing:
            self.error(file, 1, column, "required column missing")
        if missing:
            return []
        # Row numbers as a spreadsheet shows them: the header is row 1.
        return [
            (number, {k: (v or "").strip() for k, v in row.items() if k is not None})
            for number, row in enumerate(reader, start=2)
        ]


def read_feed(source: str | IO[bytes]) -> GtfsData:
    """Read and check a GTFS zip; raises GtfsError with every problem found, and stores nothing."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise GtfsError([Problem("(zip)", None, "", f"not a readable zip file: {error}")]) from error
    with archive:
        reader = _Reader(archive)
        for file in REQUIRED_FILES:
            if file not in reader.names:
                reader.error(file, None, "", "required file missing")
        if "calendar.txt" not in reader.names and "calendar_dates.txt" not in reader.names:
            reader.error("calendar.txt", None, "", "calendar.txt or calendar_dates.txt is required")
        if reader.problems:
            raise GtfsError(reader.problems)
        data = _parse(reader)
        if reader.problems:
            raise GtfsError(reader.problems)
        return data


def _parse(reader: _Reader) -> GtfsData:
    stops: list[tuple[str, str, float, float]] = []
    stop_ids: set[str] = set()
    for row_number, row in reader.rows("stops.txt", ("stop_id", "stop_lat", "stop_lon")):
        # Stations (location_type 1) and entrances carry no departures; only boarding points matter.
        if row.get("location_type", "") not in ("", "0"):
            continue
        stop_id = row["stop_id"]
        if not stop_id:
            reader.error("stops.txt", row_number, "stop_id", "empty")
            continue
        if stop_id in stop_ids:
            reader.error("stops.txt", row_number, "stop_id", f"duplicate stop_id {stop_id}")
            continue
        try:
            lat, lon = float(row["stop_lat"]), float(row["stop_lon"])
        except ValueError:
            reader.error("stops.txt", row_number, "stop_lat", "not a number")
            continue
        if not (GERMANY_LAT[0] <= lat <= GERMANY_LAT[1] and GERMANY_LON[0] <= lon <= GERMANY_LON[1]):
            reader.error("stops.txt", row_number, "stop_lat", "coordinates outside Germany")
            continue
        stop_ids.add(stop_id)
        stops.append((stop_id, row.get("stop_name", "") or stop_id, lat, lon))

    routes: dict[str, str] = {}
    for row_number, row in reader.rows("routes.txt", ("route_id",)):
        if not row["route_id"]:
            reader.error("routes.txt", row_number, "route_id", "empty")
            continue
        routes[row["route_id"]] = row.get("route_short_name") or row.get("route_long_name") or row["route_id"]

    calendars: dict[str, dict[str, Any]] = {}
    for row_number, row in reader.rows(
        "calendar.txt", ("service_id", *WEEKDAY_COLUMNS, "start_date", "end_date")
    ):
        try:
            start = _date(row["start_date"])
            end = _date(row["end_date"])
        except ValueError:
            reader.error("calendar.txt", row_number, "start_date", "dates are written YYYYMMDD")
            continue
        days = [i for i, column in enumerate(WEEKDAY_COLUMNS) if row[column] == "1"]
        calendars[row["service_id"]] = {"days": days, "start": start, "end": end, "added": [], "removed": []}
    for row_number, row in reader.rows("calendar_dates.txt", ("service_id", "date", "exception_type")):
        try:
            day = _date(row["date"])
        except ValueError:
            reader.error("calendar_dates.txt", row_number, "date", "dates are written YYYYMMDD")
            continue
        if row["exception_type"] not in ("1", "2"):
            reader.error(
                "calendar_dates.txt", row_number, "exception_type", "must be 1 (added) or 2 (removed)"
            )
            continue
        entry = calendars.setdefault(
            row["service_id"], {"days": [], "start": day, "end": day, "added": [], "removed": []}
        )
        entry["added" if row["exception_type"] == "1" else "removed"].append(day)

    trips: list[tuple[str, str, str]] = []
    trip_rows: dict[str, int] = {}
    for row_number, row in reader.rows("trips.txt", ("route_id", "service_id", "trip_id")):
        trip_id = row["trip_id"]
        if trip_id in trip_rows:
            reader.error("trips.txt", row_number, "trip_id", f"duplicate trip_id {trip_id}")
            continue
        if row["route_id"] not in routes:
            reader.error("trips.txt", row_number, "route_id", f"unknown route {row['route_id']}")
            continue
        if row["service_id"] not in calendars:
            reader.error("trips.txt", row_number, "service_id", f"unknown service {row['service_id']}")
            continue
        trip_rows[trip_id] = row_number
        trips.append((trip_id, row["route_id"], row["service_id"]))

    stop_times: dict[str, list[tuple[str, int, int, int]]] = defaultdict(list)
    for row_number, row in reader.rows(
        "stop_times.txt", ("trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence")
    ):
        if row["trip_id"] not in trip_rows:
            reader.error("stop_times.txt", row_number, "trip_id", f"unknown trip {row['trip_id']}")
            continue
        if row["stop_id"] not in stop_ids:
            reader.error("stop_times.txt", row_number, "stop_id", f"unknown stop {row['stop_id']}")
            continue
        arrival_text = row["arrival_time"] or row["departure_time"]
        departure_text = row["departure_time"] or row["arrival_time"]
        if not arrival_text:
            reader.error(
                "stop_times.txt",
                row_number,
                "arrival_time",
                "time missing (interpolated times are not supported)",
            )
            continue
        try:
            arrival = parse_time(arrival_text)
        except ValueError as error:
            reader.error("stop_times.txt", row_number, "arrival_time", f"{arrival_text!r}: {error}")
            continue
        try:
            departure = parse_time(departure_text)
        except ValueError as error:
            reader.error("stop_times.txt", row_number, "departure_time", f"{departure_text!r}: {error}")
            continue
        if departure < arrival:
            reader.error("stop_times.txt", row_number, "departure_time", "departs before it arrives")
            continue
        try:
            sequence = int(row["stop_sequence"])
        except ValueError:
            reader.error("stop_times.txt", row_number, "stop_sequence", "not a whole number")
            continue
        stop_times[row["trip_id"]].append((row["stop_id"], sequence, arrival, departure, row_number))  # type: ignore[arg-type]

    checked: dict[str, list[tuple[str, int, int, int]]] = {}
    for trip_id, _route, _service in trips:
        entries = sorted(stop_times.get(trip_id, []), key=lambda e: e[1])
        if len(entries) < 2:
            reader.error(
                "trips.txt", trip_rows[trip_id], "trip_id", f"trip {trip_id} has fewer than two stops"
            )
            continue
        for previous, current in itertools.pairwise(entries):
            if current[1] == previous[1]:
                reader.error("stop_times.txt", current[4], "stop_sequence", "the same stop_sequence twice")  # type: ignore[misc]
            elif current[2] < previous[3]:
                reader.error("stop_times.txt", current[4], "arrival_time", "earlier than the previous stop")  # type: ignore[misc]
        checked[trip_id] = [(e[0], e[1], e[2], e[3]) for e in entries]

    transfers: list[tuple[str, str, int]] = []
    for row_number, row in reader.rows("transfers.txt", ("from_stop_id", "to_stop_id", "transfer_type")):
        if row["from_stop_id"] not in stop_ids or row["to_stop_id"] not in stop_ids:
            continue  # transfers between stations we do not keep
        if row["transfer_type"] == "3":
            continue  # transfer not possible
        try:
            seconds = int(row.get("min_transfer_time") or 0)
        except ValueError:
            reader.error("transfers.txt", row_number, "min_transfer_time", "not a whole number of seconds")
            continue
        transfers.append((row["from_stop_id"], row["to_stop_id"], seconds))

    feed_info: dict[str, str] = {}
    for _row_number, row in reader.rows("feed_info.txt", ()):
        feed_info = dict(row)
        break
    return GtfsData(
        feed_info=feed_info,
        stops=stops,
        routes=routes,
        trips=[t for t in trips if t[0] in checked],
        stop_times=checked,
        calendars=calendars,
        transfers=transfers,
    )


def _date(value: str) -> str:
    return dt.datetime.strptime(value, "%Y%m%d").date().isoformat()


def service_runs_on(calendar: dict[str, Any], day: dt.date) -> bool:
    iso = day.isoformat()
    if iso in calendar.get("removed", []):
        return False
    if iso in calendar.get("added", []):
        return True
    return calendar["start"] <= iso <= calendar["end"] and day.weekday() in calendar["days"]


def write_feed(
    *,
    feed_info: dict[str, str],
    stops: list[tuple[str, str, float, float]],
    routes: list[tuple[str, str, str]],
    calendars: list[tuple[str, str, str, str]],
    trips: list[tuple[str, str, str, list[tuple[str, int, int]]]],
    transfers: Sequence[tuple[str, str, int]] = (),
) -> bytes:
    """A GTFS zip from plain rows (the synthetic feed and test fixtures use it).

    routes: (route_id, short_name, long_name); calendars: (service_id, weekday mask "1111100", start, end);
    trips: (trip_id, route_id, service_id, [(stop_id, arrival_s, departure_s), ...]).
    """
    files: dict[str, list[list[Any]]] = {
        "agency.txt": [["agency_id", "agency_name", "agency_url", "agency_timezone"]],
        "feed_info.txt": [list(feed_info), list(feed_info.values())],
        "stops.txt": [["stop_id", "stop_name", "stop_lat", "stop_lon"]],
        "routes.txt": [["route_id", "agency_id", "route_short_name", "route_long_name", "route_type"]],
        "calendar.txt": [["service_id", *WEEKDAY_COLUMNS, "start_date", "end_date"]],
        "trips.txt": [["route_id", "service_id", "trip_id"]],
        "stop_times.txt": [["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"]],
        "transfers.txt": [["from_stop_id", "to_stop_id", "transfer_type", "min_transfer_time"]],
    }
    agency = feed_info.get("feed_publisher_name", "Agency")
    files["agency.txt"].append(["1", agency, feed_info.get("feed_publisher_url", ""), "Europe/Berlin"])
    files["stops.txt"] += [[s, n, f"{lat:.5f}", f"{lon:.5f}"] for s, n, lat, lon in stops]
    files["routes.txt"] += [[r, "1", short, long, "3"] for r, short, long in routes]
    files["calendar.txt"] += [[s, *mask, start, end] for s, mask, start, end in calendars]
    for trip_id, route_id, service_id, times in trips:
        files["trips.txt"].append([route_id, service_id, trip_id])
        for sequence, (stop_id, arrival, departure) in enumerate(times, start=1):
            files["stop_times.txt"].append(
                [trip_id, format_time(arrival), format_time(departure), stop_id, sequence]
            )
    files["transfers.txt"] += [[a, b, "2", seconds] for a, b, seconds in transfers]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in files.items():
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(rows)
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # fixed: the zip is reproducible
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.getvalue())
    return buffer.getvalue()
