"""HSDS data packages: export the office's directory, import one with row-level errors and all-or-nothing.

Layout (Open Referral HSDS 3.0 table names, a Frictionless tabular data package): `organization`,
`location`, `service`, `service_at_location`, `service_attribute` (taxonomy term = a `ServiceCategory`
key), `language`, `service_area`, `schedule`. KiSA simplifications, documented in docs/directory.md:
the address and accessibility of a location are columns of `location`; phone numbers are `x_phone`
columns; one location per service; KiSA's own columns start with `x_`.

Two forms: a zip holding `datapackage.json` and one CSV per table, or one JSON file whose resources carry
their rows inline (`"data": [{...}]`). Rows are matched by their HSDS `id` (a UUID): known rows are
updated, new ones created, nothing is deleted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kisa.core.audit import audit_record, diff, snapshot
from kisa.core.models import AuditEntry
from kisa.directory.categories import ServiceCategory
from kisa.directory.gtfs import Problem
from kisa.directory.models import (
    LANGUAGE_CODES,
    Location,
    Organization,
    Schedule,
    Service,
    TargetGroup,
    Weekday,
)
from kisa.registry.models import Municipality, YouthOffice

MAX_ERRORS = 100

# table -> (required columns, optional columns)
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "organization": (("id", "name"), ("description", "email", "website", "x_phone")),
    "location": (
        ("id", "organization_id", "name", "latitude", "longitude", "city"),
        ("address_1", "postal_code", "x_ags", "x_accessibility", "x_wheelchair_accessible"),
    ),
    "service": (
        ("id", "organization_id", "name"),
        (
            "description",
            "email",
            "url",
            "x_phone",
            "status",
            "fees_description",
            "x_free",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "x_target_groups",
            "x_accessibility",
        ),
    ),
    "service_at_location": (("service_id", "location_id"), ("id",)),
    "service_attribute": (("service_id", "taxonomy_term_id"), ("id",)),
    "language": (("service_id", "code"), ("id",)),
    "service_area": (("service_id", "x_ags"), ("id", "name")),
    "schedule": (("service_id", "byday", "opens_at", "closes_at"), ("id", "description")),
}
REQUIRED_TABLES = (
    "organization",
    "location",
    "service",
    "service_at_location",
    "service_attribute",
    "language",
)


class HsdsError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class ImportSummary:
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __str__(self) -> str:
        parts = [
            f"{table}: {self.created[table]} new, {self.updated[table]} changed"
            for table in ("organization", "location", "service")
        ]
        return "; ".join(parts)

    def as_text(self) -> str:
        """The summary in the user's language, for the import page (`str()` stays English for logs)."""
        labels = {"organization": _("organizations"), "location": _("locations"), "service": _("offers")}
        return "; ".join(
            _("%(table)s: %(created)d new, %(updated)d changed")
            % {"table": labels[table], "created": self.created[table], "updated": self.updated[table]}
            for table in labels
        )


Rows = list[tuple[int, dict[str, str]]]


def _file(table: str, form: str) -> str:
    return f"{table}.csv" if form == "csv" else "datapackage.json"


class _Package:
    """The package's tables as rows with their row numbers, and the problems found so far."""

    def __init__(self) -> None:
        self.tables: dict[str, Rows] = {}
        self.form = "csv"
        self.problems: list[Problem] = []

    def error(self, table: str, row: int | None, column: str, message: str) -> None:
        if len(self.problems) < MAX_ERRORS:
            file = _file(table, self.form) if table in TABLES else table
            label = f"{file} ({table})" if self.form == "json" and table in TABLES else file
            self.problems.append(Problem(label, row, column, message))


def _read(source: IO[bytes] | bytes, package: _Package) -> None:
    raw = source if isinstance(source, bytes) else source.read()
    if raw[:2] == b"PK":
        _read_zip(raw, package)
        return
    package.form = "json"
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        package.error(
            "datapackage.json", None, "", _("neither a zip file nor valid JSON: %(error)s") % {"error": error}
        )
        return
    resources = document.get("resources") if isinstance(document, dict) else None
    if not isinstance(resources, list):
        package.error(
            "datapackage.json", None, "resources", _('a data package lists its tables under "resources"')
        )
        return
    for resource in resources:
        name = resource.get("name") if isinstance(resource, dict) else None
        if name not in TABLES:
            continue
        data = resource.get("data")
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            package.error(name, None, "data", _("rows must be given inline as a list of objects"))
            continue
        package.tables[name] = [
            (number, {k: "" if v is None else str(v).strip() for k, v in row.items()})
            for number, row in enumerate(data, start=1)
        ]


def _read_zip(raw: bytes, package: _Package) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as error:
        package.error("(zip)", None, "", _("not a readable zip file: %(error)s") % {"error": error})
        return
    with archive:
        names = {name.rsplit("/", 1)[-1]: name for name in archive.namelist() if not name.endswith("/")}
        paths = {table: f"{table}.csv" for table in TABLES}
        if "datapackage.json" in names:
            try:
                descriptor = json.loads(archive.read(names["datapackage.json"]).decode("utf-8-sig"))
                for resource in descriptor.get("resources", []):
                    if resource.get("name") in TABLES and isinstance(resource.get("path"), str):
                        paths[resource["name"]] = resource["path"].rsplit("/", 1)[-1]
            except (UnicodeDecodeError, json.JSONDecodeError, AttributeError) as error:
                package.error("datapackage.json", None, "", _("invalid JSON: %(error)s") % {"error": error})
                return
        for table, path in paths.items():
            if path not in names:
                continue
            try:
                text = archive.read(names[path]).decode("utf-8-sig")
            except UnicodeDecodeError:
                package.error(table, None, "", _("not UTF-8 encoded"))
                continue
            reader = csv.DictReader(io.StringIO(text))
            package.tables[table] = [
                (number, {(k or "").strip(): (v or "").strip() for k, v in row.items()})
                for number, row in enumerate(reader, start=2)
            ]
            header = [h.strip() for h in reader.fieldnames or []]
            for column in TABLES[table][0]:
                if column not in header:
                    package.error(table, 1, column, _("required column missing"))


def _uuid(package: _Package, table: str, number: int, row: dict[str, str], column: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(row.get(column, ""))
    except ValueError:
        package.error(table, number, column, _("not a UUID"))
        return None


def _field_errors(
    package: _Package, table: str, number: int, error: ValidationError, columns: dict[str, str]
) -> None:
    for model_field, messages in error.message_dict.items():
        for message in messages:
            package.error(table, number, columns.get(model_field, model_field), message)


@dataclass
class _Parsed:
    organizations: dict[uuid.UUID, Organization]
    locations: dict[uuid.UUID, tuple[Location, uuid.UUID]]
    services: dict[uuid.UUID, tuple[Service, uuid.UUID]]
    service_location: dict[uuid.UUID, uuid.UUID]
    service_area: dict[uuid.UUID, list[Municipality]]
    schedules: dict[uuid.UUID, list[Schedule]]


def _flag(value: str) -> bool | None:
    lowered = value.lower()
    if lowered in ("", "0", "false", "no", "nein"):
        return False if lowered else None
    if lowered in ("1", "true", "yes", "ja"):
        return True
    raise ValueError


def _parse(package: _Package, office: YouthOffice) -> _Parsed:
    for table in REQUIRED_TABLES:
        if table not in package.tables:
            package.error(table, None, "", _("required table missing"))
    municipalities = {m.ags: m for m in Municipality.objects.all()}

    organizations: dict[uuid.UUID, Organization] = {}
    for number, row in package.tables.get("organization", []):
        key = _uuid(package, "organization", number, row, "id")
        if key is None:
            continue
        if key in organizations:
            package.error("organization", number, "id", _("id appears twice"))
            continue
        org = Organization(
            youth_office=office,
            hsds_id=str(key),
            name=row.get("name", ""),
            description=row.get("description", ""),
            email=row.get("email", ""),
            website=row.get("website", ""),
            phone=row.get("x_phone", ""),
        )
        try:
            org.clean_fields(exclude=["youth_office"])
        except ValidationError as error:
            _field_errors(package, "organization", number, error, {"phone": "x_phone"})
        organizations[key] = org

    locations: dict[uuid.UUID, tuple[Location, uuid.UUID]] = {}
    for number, row in package.tables.get("location", []):
        key = _uuid(package, "location", number, row, "id")
        org_key = _uuid(package, "location", number, row, "organization_id")
        if key is None or org_key is None:
            continue
        if org_key not in organizations:
            package.error("location", number, "organization_id", _("no such organization in the package"))
        municipality = None
        if row.get("x_ags"):
            municipality = municipalities.get(row["x_ags"])
            if municipality is None:
                package.error(
                    "location", number, "x_ags", _("unknown municipality key %(key)s") % {"key": row["x_ags"]}
                )
        try:
            wheelchair = _flag(row.get("x_wheelchair_accessible", "")) or False
        except ValueError:
            package.error("location", number, "x_wheelchair_accessible", _("write true or false"))
            wheelchair = False
        location = Location(
            youth_office=office,
            hsds_id=str(key),
            name=row.get("name", ""),
            street=row.get("address_1", ""),
            postal_code=row.get("postal_code", ""),
            city=row.get("city", ""),
            municipality=municipality,
            latitude=row.get("latitude", "").replace(",", ".") or None,
            longitude=row.get("longitude", "").replace(",", ".") or None,
            accessibility=row.get("x_accessibility", ""),
            wheelchair_accessible=wheelchair,
        )
        try:
            location.clean_fields(exclude=["youth_office", "organization", "municipality"])
        except ValidationError as error:
            _field_errors(
                package,
                "location",
                number,
                error,
                {"street": "address_1", "accessibility": "x_accessibility", "latitude": "latitude"},
            )
        locations[key] = (location, org_key)

    categories: dict[uuid.UUID, list[str]] = defaultdict(list)
    for number, row in package.tables.get("service_attribute", []):
        key = _uuid(package, "service_attribute", number, row, "service_id")
        term = row.get("taxonomy_term_id", "")
        if term not in ServiceCategory.values:
            package.error(
                "service_attribute",
                number,
                "taxonomy_term_id",
                _('unknown category "%(term)s"') % {"term": term},
            )
        elif key is not None:
            categories[key].append(term)
    languages: dict[uuid.UUID, list[str]] = defaultdict(list)
    for number, row in package.tables.get("language", []):
        key = _uuid(package, "language", number, row, "service_id")
        code = row.get("code", "").lower()
        if code not in LANGUAGE_CODES:
            package.error("language", number, "code", _('unknown language code "%(code)s"') % {"code": code})
        elif key is not None:
            languages[key].append(code)

    services: dict[uuid.UUID, tuple[Service, uuid.UUID]] = {}
    rows_of_service: dict[uuid.UUID, int] = {}
    for number, row in package.tables.get("service", []):
        key = _uuid(package, "service", number, row, "id")
        org_key = _uuid(package, "service", number, row, "organization_id")
        if key is None or org_key is None:
            continue
        if key in services:
            package.error("service", number, "id", _("id appears twice"))
            continue
        if org_key not in organizations:
            package.error("service", number, "organization_id", _("no such organization in the package"))
        values: dict[str, Any] = {}
        for column, model_field in (("minimum_age", "age_min"), ("maximum_age", "age_max")):
            try:
                values[model_field] = int(row[column]) if row.get(column) else None
            except ValueError:
                package.error("service", number, column, _("not a whole number"))
        try:
            values["last_verified"] = (
                dt.date.fromisoformat(row["assured_date"]) if row.get("assured_date") else None
            )
        except ValueError:
            package.error("service", number, "assured_date", _("dates are written YYYY-MM-DD"))
        status = row.get("status", "active") or "active"
        if status not in ("active", "inactive", "defunct", "temporarily closed"):
            package.error("service", number, "status", _("active, inactive, defunct or temporarily closed"))
        try:
            free = _flag(row.get("x_free", ""))
        except ValueError:
            package.error("service", number, "x_free", _("write true or false"))
            free = None
        target_groups = [g.strip() for g in row.get("x_target_groups", "").split(";") if g.strip()]
        for group in target_groups:
            if group not in TargetGroup.values:
                package.error(
                    "service",
                    number,
                    "x_target_groups",
                    _('unknown target group "%(group)s"') % {"group": group},
                )
        service = Service(
            youth_office=office,
            hsds_id=str(key),
            name=row.get("name", ""),
            description=row.get("description", ""),
            email=row.get("email", ""),
            website=row.get("url", ""),
            phone=row.get("x_phone", ""),
            is_active=status == "active",
            fees_description=row.get("fees_description", ""),
            is_free=free if free is not None else not row.get("fees_description"),
            accessibility=row.get("x_accessibility", ""),
            categories=categories.get(key, []),
            languages=languages.get(key, []),
            target_groups=[g for g in target_groups if g in TargetGroup.values],
            **values,
        )
        try:
            service.clean_fields(exclude=["youth_office", "organization", "location"])
            service.clean()
        except ValidationError as error:
            _field_errors(
                package,
                "service",
                number,
                error,
                {
                    "age_min": "minimum_age",
                    "age_max": "maximum_age",
                    "last_verified": "assured_date",
                    "website": "url",
                    "phone": "x_phone",
                    "categories": "service_attribute",
                    "languages": "language",
                },
            )
        services[key] = (service, org_key)
        rows_of_service[key] = number

    service_location: dict[uuid.UUID, uuid.UUID] = {}
    for number, row in package.tables.get("service_at_location", []):
        key = _uuid(package, "service_at_location", number, row, "service_id")
        location_key = _uuid(package, "service_at_location", number, row, "location_id")
        if key is None or location_key is None:
            continue
        if key not in services:
            package.error("service_at_location", number, "service_id", _("no such service in the package"))
        elif location_key not in locations:
            package.error("service_at_location", number, "location_id", _("no such location in the package"))
        elif key in service_location:
            package.error(
                "service_at_location", number, "service_id", _("KiSA keeps one location per service")
            )
        else:
            service_location[key] = location_key
    for key, number in rows_of_service.items():
        if key not in service_location:
            package.error("service", number, "id", _("the service has no service_at_location row"))

    for table in ("service_attribute", "language", "service_area", "schedule"):
        for number, row in package.tables.get(table, []):
            try:
                if uuid.UUID(row.get("service_id", "")) not in services:
                    package.error(table, number, "service_id", _("no such service in the package"))
            except ValueError:
                if table in ("service_area", "schedule"):
                    package.error(table, number, "service_id", _("not a UUID"))

    service_area: dict[uuid.UUID, list[Municipality]] = defaultdict(list)
    for number, row in package.tables.get("service_area", []):
        municipality = municipalities.get(row.get("x_ags", ""))
        if municipality is None:
            package.error(
                "service_area",
                number,
                "x_ags",
                _("unknown municipality key %(key)s") % {"key": row.get("x_ags")},
            )
            continue
        try:
            service_area[uuid.UUID(row["service_id"])].append(municipality)
        except ValueError:
            continue

    schedules: dict[uuid.UUID, list[Schedule]] = defaultdict(list)
    for number, row in package.tables.get("schedule", []):
        day = row.get("byday", "").upper()
        if day not in Weekday.values:
            package.error("schedule", number, "byday", _("one of MO, TU, WE, TH, FR, SA, SU"))
            continue
        times = {}
        for column in ("opens_at", "closes_at"):
            try:
                times[column] = dt.time.fromisoformat(row.get(column, ""))
            except ValueError:
                package.error("schedule", number, column, _("times are written HH:MM"))
        if len(times) < 2:
            continue
        schedule = Schedule(youth_office=office, weekday=day, description=row.get("description", ""), **times)
        try:
            schedule.clean()
        except ValidationError as error:
            _field_errors(package, "schedule", number, error, {})
        try:
            schedules[uuid.UUID(row.get("service_id", ""))].append(schedule)
        except ValueError:
            continue
    return _Parsed(organizations, locations, services, service_location, service_area, schedules)


def check_package(source: IO[bytes] | bytes, *, youth_office: YouthOffice) -> _Parsed:
    """Read and check the package; raises HsdsError naming file, row and column of every problem."""
    package = _Package()
    _read(source, package)
    if not package.problems:
        parsed = _parse(package, youth_office)
    if package.problems:
        raise HsdsError(package.problems)
    return parsed


def _upsert(
    actor: Any, instance: Any, existing: Any, fields: list[str], summary: ImportSummary, table: str
) -> Any:
    if existing is None:
        instance.full_clean()
        instance.save()
        audit_record(
            actor=actor, action=AuditEntry.Action.IMPORT, instance=instance, changes=snapshot(instance)
        )
        summary.created[table] += 1
        return instance
    before = snapshot(existing)
    for name in fields:
        setattr(existing, name, getattr(instance, name))
    existing.full_clean()
    existing.save()
    changes = diff(before, snapshot(existing))
    if changes:
        audit_record(actor=actor, action=AuditEntry.Action.IMPORT, instance=existing, changes=changes)
        summary.updated[table] += 1
    return existing


@transaction.atomic
def import_package(*, actor: Any, youth_office: YouthOffice, source: IO[bytes] | bytes) -> ImportSummary:
    """Check the whole package first (HsdsError, nothing written), then create or update every row."""
    parsed = check_package(source, youth_office=youth_office)
    summary = ImportSummary()
    known_orgs = {o.hsds_id: o for o in Organization.objects.filter(youth_office=youth_office)}
    known_locations = {o.hsds_id: o for o in Location.objects.filter(youth_office=youth_office)}
    known_services = {o.hsds_id: o for o in Service.objects.filter(youth_office=youth_office)}
    org_fields = ["name", "description", "email", "website", "phone"]
    saved_orgs = {
        key: _upsert(actor, org, known_orgs.get(str(key)), org_fields, summary, "organization")
        for key, org in parsed.organizations.items()
    }
    location_fields = [
        "organization",
        "name",
        "street",
        "postal_code",
        "city",
        "municipality",
        "latitude",
        "longitude",
        "accessibility",
        "wheelchair_accessible",
    ]
    saved_locations = {}
    for key, (location, org_key) in parsed.locations.items():
        location.organization = saved_orgs[org_key]
        saved_locations[key] = _upsert(
            actor, location, known_locations.get(str(key)), location_fields, summary, "location"
        )
    service_fields = [
        "organization",
        "location",
        "name",
        "description",
        "categories",
        "languages",
        "target_groups",
        "age_min",
        "age_max",
        "is_free",
        "fees_description",
        "accessibility",
        "email",
        "phone",
        "website",
        "last_verified",
        "is_active",
    ]
    for key, (service, org_key) in parsed.services.items():
        service.organization = saved_orgs[org_key]
        service.location = saved_locations[parsed.service_location[key]]
        saved = _upsert(actor, service, known_services.get(str(key)), service_fields, summary, "service")
        saved.service_area.set(parsed.service_area.get(key, []))
        saved.schedules.all().delete()
        for schedule in parsed.schedules.get(key, []):
            schedule.service = saved
            schedule.full_clean()
            schedule.save()
    from kisa.directory.services import reachability_schedule

    reachability_schedule(youth_office_id=youth_office.pk)
    return summary


# --- Export ---------------------------------------------------------------------------------------------------


def export_tables(*, youth_office: YouthOffice) -> dict[str, list[dict[str, str]]]:
    """The office's directory as HSDS tables (rows of strings)."""
    orgs = Organization.objects.filter(youth_office=youth_office).order_by("name", "pk")
    locations = Location.objects.filter(youth_office=youth_office).select_related(
        "organization", "municipality"
    )
    services = (
        Service.objects.filter(youth_office=youth_office)
        .select_related("organization", "location")
        .prefetch_related("service_area", "schedules")
        .order_by("name", "pk")
    )
    tables: dict[str, list[dict[str, str]]] = {table: [] for table in TABLES}
    for o in orgs:
        tables["organization"].append(
            {
                "id": str(o.hsds_id),
                "name": o.name,
                "description": o.description,
                "email": o.email,
                "website": o.website,
                "x_phone": o.phone,
            }
        )
    for loc in locations.order_by("city", "name", "pk"):
        tables["location"].append(
            {
                "id": str(loc.hsds_id),
                "organization_id": str(loc.organization.hsds_id),
                "name": loc.name,
                "latitude": str(loc.latitude),
                "longitude": str(loc.longitude),
                "city": loc.city,
                "address_1": loc.street,
                "postal_code": loc.postal_code,
                "x_ags": loc.municipality.ags if loc.municipality else "",
                "x_accessibility": loc.accessibility,
                "x_wheelchair_accessible": "true" if loc.wheelchair_accessible else "false",
            }
        )
    for s in services:
        sid = str(s.hsds_id)
        tables["service"].append(
            {
                "id": sid,
                "organization_id": str(s.organization.hsds_id),
                "name": s.name,
                "description": s.description,
                "email": s.email,
                "url": s.website,
                "x_phone": s.phone,
                "status": "active" if s.is_active else "inactive",
                "fees_description": s.fees_description,
                "x_free": "true" if s.is_free else "false",
                "minimum_age": "" if s.age_min is None else str(s.age_min),
                "maximum_age": "" if s.age_max is None else str(s.age_max),
                "assured_date": s.last_verified.isoformat() if s.last_verified else "",
                "x_target_groups": ";".join(s.target_groups),
                "x_accessibility": s.accessibility,
            }
        )
        tables["service_at_location"].append(
            {
                "id": str(uuid.uuid5(uuid.UUID(s.hsds_id), "location")),
                "service_id": sid,
                "location_id": str(s.location.hsds_id),
            }
        )
        for category in s.categories:
            tables["service_attribute"].append(
                {
                    "id": str(uuid.uuid5(uuid.UUID(s.hsds_id), category)),
                    "service_id": sid,
                    "taxonomy_term_id": category,
                }
            )
        for code in s.languages:
            tables["language"].append(
                {"id": str(uuid.uuid5(uuid.UUID(s.hsds_id), code)), "service_id": sid, "code": code}
            )
        for m in s.service_area.all():
            tables["service_area"].append(
                {
                    "id": str(uuid.uuid5(uuid.UUID(s.hsds_id), m.ags)),
                    "service_id": sid,
                    "name": m.name,
                    "x_ags": m.ags,
                }
            )
        for sch in s.schedules.all():
            tables["schedule"].append(
                {
                    "id": str(uuid.uuid5(uuid.UUID(s.hsds_id), f"schedule-{sch.pk}")),
                    "service_id": sid,
                    "byday": sch.weekday,
                    "opens_at": sch.opens_at.strftime("%H:%M"),
                    "closes_at": sch.closes_at.strftime("%H:%M"),
                    "description": sch.description,
                }
            )
    return tables


def _descriptor(youth_office: YouthOffice) -> dict[str, Any]:
    return {
        "name": "kisa-offer-directory",
        "title": f"Angebotsverzeichnis {youth_office.name}",
        "profile": "tabular-data-package",
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "resources": [],
    }


def _schema(table: str) -> dict[str, Any]:
    required, optional = TABLES[table]
    return {
        "fields": [{"name": c, "type": "string", "constraints": {"required": True}} for c in required]
        + [{"name": c, "type": "string"} for c in optional]
    }


def export_json(*, youth_office: YouthOffice) -> bytes:
    """One JSON data package with every table's rows inline."""
    descriptor = _descriptor(youth_office)
    for table, rows in export_tables(youth_office=youth_office).items():
        descriptor["resources"].append(
            {"name": table, "profile": "tabular-data-resource", "schema": _schema(table), "data": rows}
        )
    return json.dumps(descriptor, ensure_ascii=False, indent=1).encode()


def export_zip(*, youth_office: YouthOffice) -> bytes:
    """A zip with datapackage.json and one CSV file per table."""
    descriptor = _descriptor(youth_office)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table, rows in export_tables(youth_office=youth_office).items():
            required, optional = TABLES[table]
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=[*required, *optional], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(f"{table}.csv", text.getvalue())
            descriptor["resources"].append(
                {
                    "name": table,
                    "path": f"{table}.csv",
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "schema": _schema(table),
                }
            )
        archive.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=1))
    return buffer.getvalue()
