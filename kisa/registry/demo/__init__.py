"""Demo registry: the Landkreis Mayen-Koblenz with invented Kitas, providers, staff and assignments.

`load_registry_demo` writes the plan (`plan.py`) through the registry services, skipping every row whose
natural key (AGS, name, Kita number, staff name) already exists. So the demo is the same on every machine
and a second run writes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from django.db import models, transaction

from kisa.core.services import audited_create
from kisa.registry import services
from kisa.registry.demo.plan import (
    ADMINISTRATION,
    COORDINATOR_NAME,
    DISTRICT_KEY,
    DISTRICT_NAME,
    WORK_STARTED,
    YOUTH_OFFICE_NAME,
    MunicipalityRow,
    Plan,
    ProviderSpec,
    build_plan,
)
from kisa.registry.models import (
    Assignment,
    District,
    Kita,
    MunicipalAssociation,
    Municipality,
    Provider,
    ResponsibilityArea,
    SocialArea,
    StaffMember,
    YouthOffice,
)

M = TypeVar("M", bound=models.Model)

# How the summary line names what was created.
LABELS: dict[type[models.Model], str] = {
    District: "district",
    YouthOffice: "youth office",
    MunicipalAssociation: "Verbandsgemeinden",
    Municipality: "municipalities",
    ResponsibilityArea: "responsibility-area periods",
    SocialArea: "social areas",
    Provider: "providers",
    Kita: "Kitas",
    StaffMember: "staff members",
    Assignment: "assignments",
}


@dataclass
class _Writer:
    """Looks each row up by its natural key and creates it only when missing, counting what it created."""

    created: Counter[str] = field(default_factory=Counter)

    def ensure(self, model: type[M], create: Callable[[], M], **natural_key: Any) -> M:
        existing = model._default_manager.filter(**natural_key).first()
        if existing is not None:
            return existing
        self.created[LABELS[model]] += 1
        return create()

    def summary(self) -> str:
        return ", ".join(f"{count} {label}" for label, count in self.created.items())


@dataclass(frozen=True)
class DemoRegistry:
    """What later demo loaders build on. `social_workers` keeps the plan's order (fachkraft1 is the first)."""

    youth_office: YouthOffice
    coordinator: StaffMember
    social_workers: list[StaffMember]


def _write_territory(writer: _Writer, plan: Plan) -> tuple[YouthOffice, dict[str, Municipality]]:
    # District, youth office and Verbandsgemeinde have no registry service of their own (yet): they are
    # created through the audited create that every service ends in.
    district = writer.ensure(
        District,
        partial(audited_create, actor=None, instance=District(key=DISTRICT_KEY, name=DISTRICT_NAME)),
        key=DISTRICT_KEY,
    )
    office = writer.ensure(
        YouthOffice,
        partial(audited_create, actor=None, instance=YouthOffice(name=YOUTH_OFFICE_NAME, district=district)),
        name=YOUTH_OFFICE_NAME,
    )
    associations = {
        name: writer.ensure(
            MunicipalAssociation,
            partial(audited_create, actor=None, instance=MunicipalAssociation(district=district, name=name)),
            district=district,
            name=name,
        )
        for name in sorted({row.association for row in plan.municipalities if row.association})
    }
    municipalities = {}
    for row in plan.municipalities:
        municipality = writer.ensure(
            Municipality,
            partial(
                services.municipality_create, actor=None, data=_municipality_data(row, district, associations)
            ),
            ags=row.ags,
        )
        municipalities[row.ags] = municipality
        if not row.own_youth_office:
            writer.ensure(
                ResponsibilityArea,
                partial(
                    services.responsibility_area_add,
                    actor=None,
                    youth_office=office,
                    municipality=municipality,
                    valid_from=WORK_STARTED,
                ),
                youth_office=office,
                municipality=municipality,
            )
    return office, municipalities


def _municipality_data(
    row: MunicipalityRow, district: District, associations: dict[str, MunicipalAssociation]
) -> dict[str, Any]:
    return {
        "ags": row.ags,
        "name": row.name,
        "kind": row.kind,
        "district": district,
        "association": associations.get(row.association),
        "area_km2": row.area_km2,
        "area_date": row.population_date,
        "population": row.population,
        "population_date": row.population_date,
        "children_under_7": row.children_under_7_estimate,
        "children_under_7_date": row.population_date,
        "children_under_7_estimated": True,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "source": row.source,
    }


def _write_kitas(
    writer: _Writer, plan: Plan, office: YouthOffice, municipalities: dict[str, Municipality]
) -> tuple[dict[ProviderSpec, Provider], dict[str, Kita]]:
    """Social areas, providers, and the Kitas that need both."""
    social_areas = {
        name: writer.ensure(
            SocialArea,
            partial(
                services.social_area_create,
                actor=None,
                youth_office=office,
                name=name,
                municipalities=[municipalities[ags] for ags in ags_list],
            ),
            youth_office=office,
            name=name,
        )
        for name, ags_list in plan.social_areas.items()
    }
    providers = {
        spec: writer.ensure(
            Provider,
            partial(
                services.provider_create,
                actor=None,
                youth_office=office,
                data={"name": spec.name, "kind": spec.kind},
            ),
            youth_office=office,
            name=spec.name,
        )
        for spec in plan.providers
    }
    kitas = {}
    for kita in plan.kitas:
        data = {
            "number": kita.number,
            "name": kita.name,
            "street": kita.street,
            "postal_code": kita.postal_code,
            "municipality": municipalities[kita.ags],
            "social_area": social_areas[kita.social_area],
            "provider": providers[kita.provider],
            "approved_places": kita.places,
            "latitude": kita.latitude,
            "longitude": kita.longitude,
            "family_centre_status": kita.family_centre_status,
        }
        kitas[kita.number] = writer.ensure(
            Kita,
            partial(services.kita_create, actor=None, youth_office=office, data=data),
            youth_office=office,
            number=kita.number,
        )
    return providers, kitas


def _email(first_name: str, last_name: str) -> str:
    local = f"{first_name}.{last_name}".lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        local = local.replace(umlaut, plain)
    return f"{local}@example.org"


def _write_staff_member(writer: _Writer, office: YouthOffice, data: dict[str, Any]) -> StaffMember:
    data = {**data, "email": _email(data["first_name"], data["last_name"])}
    return writer.ensure(
        StaffMember,
        partial(services.staff_member_create, actor=None, youth_office=office, data=data),
        youth_office=office,
        first_name=data["first_name"],
        last_name=data["last_name"],
    )


def _write_staff(
    writer: _Writer,
    plan: Plan,
    office: YouthOffice,
    providers: dict[ProviderSpec, Provider],
    kitas: dict[str, Kita],
) -> DemoRegistry:
    first_name, last_name = COORDINATOR_NAME
    coordinator = _write_staff_member(
        writer,
        office,
        {
            "first_name": first_name,
            "last_name": last_name,
            "function": StaffMember.Function.COORDINATOR,
            "employer": providers[ADMINISTRATION],
            "weekly_hours": Decimal("39.0"),
        },
    )
    workers = []
    for worker in plan.workers:
        staff_member = _write_staff_member(
            writer,
            office,
            {
                "first_name": worker.first_name,
                "last_name": worker.last_name,
                "function": StaffMember.Function.SOCIAL_WORKER,
                "employer": providers[worker.employer],
                "weekly_hours": worker.weekly_hours,
            },
        )
        for assignment in worker.assignments:
            data = {
                "staff_member": staff_member,
                "kita": kitas[assignment.kita_number],
                "weekdays": list(assignment.weekdays),
                "hours_per_week": assignment.hours,
                "valid_from": worker.valid_from,
            }
            writer.ensure(
                Assignment,
                partial(services.assignment_create, actor=None, youth_office=office, data=data),
                staff_member=staff_member,
                kita=data["kita"],
                valid_from=worker.valid_from,
            )
        workers.append(staff_member)
    return DemoRegistry(youth_office=office, coordinator=coordinator, social_workers=workers)


@transaction.atomic
def load_registry_demo(*, stdout: Any) -> DemoRegistry:
    """Create the demo territory and registry, skipping what exists; audit entries name "system".

    Writes one line to `stdout` saying what was created.
    """
    plan = build_plan()
    writer = _Writer()
    office, municipalities = _write_territory(writer, plan)
    providers, kitas = _write_kitas(writer, plan, office, municipalities)
    registry = _write_staff(writer, plan, office, providers, kitas)
    created = writer.summary()
    stdout.write(f"Registry: created {created}.\n" if created else "Registry: already loaded, nothing new.\n")
    return registry
