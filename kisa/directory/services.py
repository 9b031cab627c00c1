"""Writes of the offer directory: organizations, locations, offers, the GTFS feed and reachability.

Every write is atomic, validated (`full_clean`) and audited. A change to offers or to the timetable
schedules a reachability recomputation after the transaction commits (a Celery task; in-process when no
broker is configured), so stored results follow the data without slowing the page down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kisa.core.audit import audit_record, snapshot
from kisa.core.models import AuditEntry
from kisa.core.services import audited_create, audited_update
from kisa.directory.gtfs import GtfsData, read_feed
from kisa.directory.models import (
    GtfsFeed,
    GtfsStop,
    GtfsStopTime,
    GtfsTrip,
    Location,
    Organization,
    Reachability,
    Schedule,
    Service,
)
from kisa.registry.models import Municipality, YouthOffice


def reachability_schedule(*, youth_office_id: int | None = None) -> None:
    """Recompute reachability once the current transaction commits: for one office, or (None) for every
    office (the timetable is shared)."""
    from kisa.directory import tasks

    transaction.on_commit(lambda: tasks.compute_reachability.delay(youth_office_id))


def _check_office(youth_office: Any, **related: Any) -> None:
    for field, obj in related.items():
        if obj is not None and obj.youth_office_id != youth_office.pk:
            raise ValidationError({field: _("Belongs to another youth office.")})


@transaction.atomic
def organization_create(*, actor: Any, youth_office: YouthOffice, data: Mapping[str, Any]) -> Organization:
    """A new organization of the office's directory."""
    return audited_create(actor=actor, instance=Organization(youth_office=youth_office, **data))


@transaction.atomic
def organization_update(*, actor: Any, organization: Organization, data: Mapping[str, Any]) -> Organization:
    return audited_update(actor=actor, instance=organization, data=data)


@transaction.atomic
def location_create(*, actor: Any, youth_office: YouthOffice, data: Mapping[str, Any]) -> Location:
    """A new location; coordinates must lie in Germany, the municipality may be empty (outside the district)."""
    _check_office(youth_office, organization=data.get("organization"))
    return audited_create(actor=actor, instance=Location(youth_office=youth_office, **data))


@transaction.atomic
def location_update(*, actor: Any, location: Location, data: Mapping[str, Any]) -> Location:
    """Change a location; its offers' reachability is recomputed (a moved office changes travel times)."""
    _check_office(location.youth_office, organization=data.get("organization"))
    audited_update(actor=actor, instance=location, data=data)
    reachability_schedule(youth_office_id=location.youth_office_id)
    return location


def _set_service_area(service: Service, municipalities: Iterable[Municipality] | None) -> dict[str, Any]:
    if municipalities is None:
        return {}
    before = sorted(m.name for m in service.service_area.all())
    service.service_area.set(list(municipalities))
    after = sorted(m.name for m in service.service_area.all())
    return {"service_area": [before, after]} if before != after else {}


@transaction.atomic
def service_create(
    *,
    actor: Any,
    youth_office: YouthOffice,
    data: Mapping[str, Any],
    service_area: Iterable[Municipality] | None = None,
    schedules: Iterable[Mapping[str, Any]] | None = None,
    recompute: bool = True,
) -> Service:
    """A new offer (with its service area and opening times, if given). `recompute=False` for bulk
    loaders that schedule one recomputation at the end."""
    _check_office(youth_office, organization=data.get("organization"), location=data.get("location"))
    service = audited_create(actor=actor, instance=Service(youth_office=youth_office, **data))
    if service_area is not None:
        service.service_area.set(list(service_area))
    if schedules:
        schedule_replace(actor=actor, service=service, entries=schedules)
    if recompute:
        reachability_schedule(youth_office_id=youth_office.pk)
    return service


@transaction.atomic
def service_update(
    *,
    actor: Any,
    service: Service,
    data: Mapping[str, Any],
    service_area: Iterable[Municipality] | None = None,
    schedules: Iterable[Mapping[str, Any]] | None = None,
    recompute: bool = True,
) -> Service:
    """Change an offer (its categories, location or active flag change reachability: recomputed).
    `schedules` (a list, possibly empty) replaces the opening times; None leaves them."""
    _check_office(service.youth_office, organization=data.get("organization"), location=data.get("location"))
    audited_update(actor=actor, instance=service, data=data)
    area_change = _set_service_area(service, service_area)
    if area_change:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, instance=service, changes=area_change)
    if schedules is not None:
        before = [str(s) for s in service.schedules.all()]
        entries = list(schedules)
        if before != [str(Schedule(**entry)) for entry in entries]:
            schedule_replace(actor=actor, service=service, entries=entries)
    if recompute:
        reachability_schedule(youth_office_id=service.youth_office_id)
    return service


@transaction.atomic
def service_verify(*, actor: Any, service: Service, on: dt.date | None = None) -> Service:
    """Record that the coordinator checked the offer's details today (HSDS `assured_date`)."""
    return audited_update(actor=actor, instance=service, data={"last_verified": on or timezone.localdate()})


@transaction.atomic
def schedule_replace(*, actor: Any, service: Service, entries: Iterable[Mapping[str, Any]]) -> list[Schedule]:
    """Replace the opening times of an offer (entries: weekday, opens_at, closes_at, description)."""
    service.schedules.all().delete()
    created = [
        Schedule(youth_office_id=service.youth_office_id, service=service, **entry) for entry in entries
    ]
    for schedule in created:
        schedule.full_clean()
        schedule.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=service,
        changes={"schedules": [None, [str(s) for s in created]]},
    )
    return created


# --- Timetable and reachability ------------------------------------------------------------------------------


@transaction.atomic
def gtfs_feed_import(
    *, actor: Any, source: str | IO[bytes] | GtfsData, name: str, recompute: bool = True
) -> GtfsFeed:
    """Check and store a GTFS feed and make it the current one; the previous feed is removed only when the
    new one is fully stored. Raises `gtfs.GtfsError` (naming file, row, field) and stores nothing on error.
    Reachability of every office is recomputed afterwards."""
    data = source if isinstance(source, GtfsData) else read_feed(source)
    info = data.feed_info
    feed = GtfsFeed(
        name=name,
        publisher=info.get("feed_publisher_name", "")[:200],
        is_synthetic="synthetic" in " ".join(info.values()).lower(),
        feed_info=info,
        routes=data.routes,
        calendars=data.calendars,
        transfers=[list(t) for t in data.transfers],
    )
    feed.full_clean()
    feed.save()
    stops = GtfsStop.objects.bulk_create(
        [
            GtfsStop(feed=feed, stop_id=s, name=n[:200], latitude=lat, longitude=lon)
            for s, n, lat, lon in data.stops
        ],
        batch_size=2000,
    )
    stop_pk = {stop.stop_id: stop.pk for stop in stops}
    if any(pk is None for pk in stop_pk.values()):  # backends without RETURNING
        stop_pk = dict(GtfsStop.objects.filter(feed=feed).values_list("stop_id", "pk"))
    GtfsTrip.objects.bulk_create(
        [GtfsTrip(feed=feed, trip_id=t, route_id=r, service_id=s) for t, r, s in data.trips], batch_size=2000
    )
    trip_pk = dict(GtfsTrip.objects.filter(feed=feed).values_list("trip_id", "pk"))
    GtfsStopTime.objects.bulk_create(
        (
            GtfsStopTime(
                trip_id=trip_pk[trip_id], stop_id=stop_pk[stop], sequence=seq, arrival=arr, departure=dep
            )
            for trip_id, times in data.stop_times.items()
            for stop, seq, arr, dep in times
        ),
        batch_size=5000,
    )
    previous = list(GtfsFeed.objects.filter(is_current=True).exclude(pk=feed.pk))
    for old in previous:
        old.delete()
    feed.is_current = True
    feed.save(update_fields=["is_current"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.IMPORT,
        instance=feed,
        changes={
            "stops": len(data.stops),
            "trips": len(data.trips),
            "replaced": [str(old) for old in previous],
        },
    )
    if recompute:
        reachability_schedule(youth_office_id=None)
    return feed


@transaction.atomic
def reachability_compute(*, youth_office: YouthOffice) -> int:
    """Replace the office's stored reachability with a fresh computation; returns the number of rows.

    Reads every active offer, the district's municipalities, the office's Kitas and the current feed.
    """
    from kisa.directory.reachability import compute_rows

    rows = compute_rows(youth_office)
    Reachability.objects.filter(youth_office=youth_office).delete()
    Reachability.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def audit_snapshot(instance: Any) -> dict[str, Any]:
    """The field values an import records for a created row."""
    return snapshot(instance)
