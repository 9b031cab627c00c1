"""Demo Sozialraumbudget for the Mayen-Koblenz demo office: the years 2025 and 2026 with plausible figures,
the office's allocation scheme, a position for every demo social worker, material costs, and a year of
bookings for 2025.

Figures *(assumption, plausible)*: ~40 positions at about 72,000 € employer costs per full-time year;
the Land covers 60 % of the budget, the office adds 40 %; 2026 follows from the planned rise of 2.5 %.
Everything is written through the budget services (audited), deterministic (seeded random) and
idempotent: a year that exists is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from kisa.budget import selectors, services
from kisa.budget.models import AllocationScheme, Booking, BudgetYear, KitaSocialIndex
from kisa.registry.demo import DemoRegistry
from kisa.registry.models import Kita

SEED = 2025
SCHEME_NAME = "Fachkonzept Sozialraum- und Lebensweltorientierung"
FULL_TIME_HOURS = Decimal("39")
FULL_TIME_COSTS = Decimal(
    "72000"
)  # employer costs of a full-time position (S 11b/S 12 TVöD SuE) (assumption)
FIRST_YEAR = {
    "year": 2025,
    "land_share": Decimal("1740000.00"),
    "office_share": Decimal("1160000.00"),
    "planned_rise_percent": Decimal("2.50"),
    "central_reserve": Decimal("95000.00"),
    "note": "Landesmittel nach § 25 Abs. 5 KiTaG (60 %), Eigenanteil des Kreises (40 %).",
}
MATERIAL = [
    ("Spiel- und Bastelmaterial Elterncafé", "Elterncafé"),
    ("Material Elternabend", ""),
    ("Dolmetscherin für Elterngespräche", ""),
    ("Druck Flyer Familienzentrum", "Familienzentrum"),
    ("Eintritt und Fahrt Familienausflug", "Familienausflug"),
    ("Referentin Erziehungspartnerschaft", "Elternbildung"),
]
OFFICE_MATERIAL = [
    ("Fortbildung Kita-Sozialarbeit", "Fortbildung"),
    ("Supervision Kita-Sozialarbeit", ""),
    ("Fachtag Familienzentren", "Fachtag"),
]


@dataclass(frozen=True)
class DemoBudget:
    years: list[BudgetYear]
    bookings: int


def _scheme(office: Any) -> AllocationScheme:
    existing = AllocationScheme.objects.filter(youth_office=office, name=SCHEME_NAME).first()
    if existing:
        return existing
    return services.allocation_scheme_create(
        actor=None,
        youth_office=office,
        data={
            "name": SCHEME_NAME,
            # MYK: a base share of two thirds of the budget in total, the rest by the social space.
            "base_share_percent": Decimal("66.67"),
            "weight_places": Decimal("1"),
            "weight_children_under_7": Decimal("1"),
            "weight_social_index": Decimal("2"),
            "description": "Sockelbetrag je Kita (2/3), Sozialraumanteil nach Plätzen, Kindern unter 7 "
            "und Sozialindex (1/3), beschlossen im JHA.",
        },
    )


def _social_indices(rng: random.Random, office: Any) -> None:
    for kita in Kita.objects.filter(youth_office=office).order_by("number"):
        factor = Decimal(rng.choice(["0.80", "0.90", "1.00", "1.00", "1.00", "1.20", "1.40", "1.60"]))
        if factor != 1 and not KitaSocialIndex.objects.filter(kita=kita).exists():
            services.kita_social_index_set(
                actor=None, kita=kita, factor=factor, note="Sozialraumanalyse 2024"
            )


def _positions(rng: random.Random, year: BudgetYear, registry: DemoRegistry, raise_by: Decimal) -> None:
    for worker in registry.social_workers:
        full_time = FULL_TIME_COSTS * (1 + Decimal(rng.randint(-6, 6)) / 100) * raise_by
        costs = services.cents(full_time * worker.weekly_hours / FULL_TIME_HOURS)
        services.staff_position_create(
            actor=None, budget_year=year, data={"staff_member": worker, "annual_costs": costs}
        )


def _material(rng: random.Random, year: BudgetYear, kitas: list[Kita]) -> None:
    for kita in kitas:
        description, project = rng.choice(MATERIAL)
        amount = Decimal(rng.randrange(300, 1500, 50))
        services.material_cost_create(
            actor=None,
            budget_year=year,
            data={"kita": kita, "project_reference": project, "description": description, "amount": amount},
        )
    for description, project in OFFICE_MATERIAL:
        services.material_cost_create(
            actor=None,
            budget_year=year,
            data={
                "kita": None,
                "project_reference": project,
                "description": description,
                "amount": Decimal("6000"),
            },
        )


def _bookings(rng: random.Random, year: BudgetYear, kitas: list[Kita], *, hard_stop: bool) -> None:
    """Personnel costs refunded to the employers quarterly, per Kita share; material several times a year per
    Kita; office costs from the central reserve; one reversal.

    Under the hard stop (`BUDGET_HARD_STOP=true` or the office's setting) a booking beyond what is left is cut
    to what is left, or left out when nothing is: the demo must load either way."""
    number = 0

    def _book(year: BudgetYear, **data: Any) -> None:
        if hard_stop:
            kita_id = data["kita"].pk if data.get("kita") else data.get("kita_id")
            room = services.booking_headroom(budget_year=year, kita_id=kita_id)
            if room <= 0:
                return
            data["amount"] = min(data["amount"], room)
        services.booking_create(actor=None, budget_year=year, data=data)

    def receipt() -> str:
        nonlocal number
        number += 1
        return f"{year.year}-{number:05d}"

    for share in selectors.position_shares(year):
        quarters = services.split_cents(share.position.annual_costs, [Decimal(1)] * 4)
        kita_ids = sorted(share.kita_shares)
        for quarter, amount_of_quarter in enumerate(quarters, start=1):
            parts = services.split_cents(amount_of_quarter, [share.kita_shares[k] for k in kita_ids])
            for kita_id, amount in zip(kita_ids, parts, strict=True):
                _book(
                    year,
                    date=dt.date(year.year, quarter * 3, 28),
                    amount=amount,
                    category=Booking.Category.PERSONNEL,
                    kita_id=kita_id,
                    # No worker's name: Kita roles read these bookings, and name plus amount is a salary.
                    description=f"Personalkostenerstattung {share.position.employer}, Q{quarter}/{year.year}",
                    receipt_number=receipt(),
                )
    for kita in kitas:
        for _ in range(rng.randint(1, 3)):
            description, project = rng.choice(MATERIAL)
            _book(
                year,
                date=dt.date(year.year, rng.randint(1, 12), rng.randint(1, 28)),
                amount=Decimal(rng.randrange(40, 600)) + Decimal(rng.randrange(0, 100)) / 100,
                category=Booking.Category.MATERIAL,
                kita=kita,
                project_reference=project,
                description=description,
                receipt_number=receipt(),
            )
    for month, (description, project) in zip((3, 6, 10), OFFICE_MATERIAL, strict=True):
        _book(
            year,
            date=dt.date(year.year, month, 15),
            amount=Decimal("5480.00"),
            category=Booking.Category.MATERIAL,
            project_reference=project,
            description=description,
            receipt_number=receipt(),
        )
    wrong = Booking.objects.filter(
        budget_year=year, category=Booking.Category.MATERIAL, kita__isnull=False
    ).first()
    if wrong is not None:
        services.booking_reverse(
            actor=None,
            booking=wrong,
            date=dt.date(year.year, 12, 15),
            receipt_number=receipt(),
            description="Storno: Rechnung doppelt gebucht",
        )


@transaction.atomic
def load_budget_demo(*, registry: DemoRegistry) -> DemoBudget:
    """Write the demo budget (2025 with a year of bookings, 2026 proposed from it); skip existing years."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    office = registry.youth_office
    scheme = _scheme(office)
    _social_indices(rng, office)
    kitas = list(Kita.objects.active().filter(youth_office=office).order_by("number"))
    years = []
    for year_number in (2025, 2026):
        existing = BudgetYear.objects.filter(youth_office=office, year=year_number).first()
        if existing is not None:
            years.append(existing)
            continue
        if year_number == 2025:
            data = {**FIRST_YEAR, "scheme": scheme}
        else:
            data = services.budget_year_propose(youth_office=office, year=year_number)
            data["note"] = "Fortschreibung mit der geplanten Steigerung."
        year = services.budget_year_create(actor=None, youth_office=office, data=data)
        services.allocation_compute(actor=None, budget_year=year)
        raise_by = Decimal("1") if year_number == 2025 else Decimal("1.025")
        _positions(rng, year, registry, raise_by)
        _material(rng, year, kitas)
        if year_number == 2025:
            _bookings(rng, year, kitas, hard_stop=services.hard_stop_for(office))
        years.append(year)
    return DemoBudget(years=years, bookings=Booking.objects.filter(youth_office=office).count())
