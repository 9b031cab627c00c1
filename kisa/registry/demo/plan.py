"""The demo registry as plain data, computed from the municipality table and a fixed seed only.

The municipalities are real (`registry/data/myk_municipalities.csv`, sources in `registry/data/SOURCE.md`);
the Kitas, providers, staff and assignments are invented but plausible: Kitas spread by population, places
by the inhabitants a Kita serves, workers grouped with neighbouring Kitas of their social area.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
import random
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, TypeVar

from kisa.registry.models import Kita, Municipality, Provider

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "myk_municipalities.csv"
SEED = 2021
DISTRICT_KEY = "07137"
DISTRICT_NAME = "Mayen-Koblenz"
YOUTH_OFFICE_NAME = "Kreisjugendamt Mayen-Koblenz"
WORK_STARTED = dt.date(2021, 7, 1)  # Kita social work began in July 2021 (DOMAIN.md §1)

KITA_COUNT = 98
PLACES_TOTAL = 8200
PLACES_RANGE = (25, 180)
MIN_INHABITANTS_PER_KITA = 1500
SOCIAL_WORKER_COUNT = 40
MAX_KITAS_PER_WORKER = 4
KITA_RADIUS_KM = 1.2
# DOMAIN.md §2 (assumption): about 6.5 % of the population is under 7, until official figures exist.
CHILDREN_UNDER_7_SHARE = Decimal("0.065")

MUNICIPALITY_KINDS = {
    "Ortsgemeinde": Municipality.Kind.LOCAL,
    "Stadt": Municipality.Kind.TOWN,
    "verbandsfreie Stadt": Municipality.Kind.INDEPENDENT_TOWN,
    "große kreisangehörige Stadt": Municipality.Kind.LARGE_TOWN,
}

# The three large Verbandsgemeinden become two social areas each, cut along the axis they stretch along
# so that both halves have about the same population.
SPLIT_ASSOCIATIONS = {
    "Vordereifel": ("latitude", "Süd", "Nord"),
    "Maifeld": ("latitude", "Süd", "Nord"),
    "Rhein-Mosel": ("longitude", "West", "Ost"),
}
EASTERN_AREAS = {"Bendorf", "Vallendar", "Weißenthurm", "Rhein-Mosel"}


@dataclass(frozen=True)
class ProviderSpec:
    name: str
    kind: str
    kita_prefix: str


CATHOLIC = ProviderSpec("Katholische KiTa gGmbH Koblenz", Provider.Kind.CHURCH, "Kath. Kita")
PROTESTANT_EAST = ProviderSpec("Ev. Kirchengemeinde Bendorf", Provider.Kind.CHURCH, "Ev. Kita")
PROTESTANT_WEST = ProviderSpec("Ev. Kirchengemeinde Mayen", Provider.Kind.CHURCH, "Ev. Kita")
FREE_PROVIDERS = (
    ProviderSpec("DRK-Kreisverband Mayen-Koblenz e.V.", Provider.Kind.FREE, "DRK-Kita"),
    ProviderSpec("AWO Kreisverband Mayen-Koblenz e.V.", Provider.Kind.FREE, "AWO-Kita"),
    ProviderSpec("Lebenshilfe Mayen-Koblenz e.V.", Provider.Kind.FREE, "Integrative Kita"),
)
ADMINISTRATION = ProviderSpec("Kreisverwaltung Mayen-Koblenz", Provider.Kind.MUNICIPAL, "")
# Share of Kitas per kind of provider, roughly as in rural, mostly Catholic Rhineland-Palatinate.
PROVIDER_KIND_WEIGHTS = {"municipal": 40, "catholic": 38, "protestant": 10, "free": 12}

CATHOLIC_NAMES = (
    "St. Martin", "St. Josef", "St. Marien", "St. Laurentius", "St. Elisabeth", "St. Barbara",
    "St. Servatius", "St. Georg", "St. Johannes", "St. Nikolaus", "St. Sebastian", "Heilig Kreuz",
    "St. Michael", "St. Anna", "St. Hubertus", "St. Lambertus", "St. Peter", "St. Remigius",
)  # fmt: skip
PROTESTANT_NAMES = (
    "Arche Noah",
    "Senfkorn",
    "Regenbogenland",
    "Schatzkästchen",
    "Lichtblick",
    "Sonnenstrahl",
)
GENERAL_NAMES = (
    "Pusteblume", "Regenbogen", "Sonnenschein", "Rasselbande", "Wirbelwind", "Löwenzahn", "Schatzkiste",
    "Kunterbunt", "Zwergenland", "Sternschnuppe", "Kleine Strolche", "Schneckenhaus", "Sonnenblume",
    "Spatzennest", "Mäuseburg", "Abenteuerland", "Wichtelhaus", "Hummelnest", "Purzelbaum",
)  # fmt: skip
STREETS = (
    "Schulstraße", "Hauptstraße", "Kirchstraße", "Am Sportplatz", "Bahnhofstraße", "Gartenstraße",
    "Bergstraße", "Mühlenweg", "Rosenweg", "Lindenstraße", "Am Kindergarten", "Brunnenstraße",
    "Wiesenweg", "Im Vogelsang", "Burgstraße", "Raiffeisenstraße",
)  # fmt: skip
# Postal codes: one per Verbandsgemeinde (Bendorf: its own), with the towns that have their own.
POSTAL_CODES = {
    "Bendorf": "56170", "Pellenz": "56637", "Maifeld": "56751", "Vordereifel": "56729", "Mendig": "56743",
    "Vallendar": "56179", "Weißenthurm": "56575", "Rhein-Mosel": "56332",
    "Mülheim-Kärlich": "56218", "Münstermaifeld": "56294", "Ochtendung": "56299", "Kruft": "56642",
    "Nickenich": "56645", "Saffig": "56648", "Kottenheim": "56736", "Rhens": "56321", "Spay": "56322",
    "Waldesch": "56323", "Winningen": "56333", "Kobern-Gondorf": "56330", "Urmitz": "56220",
    "Kettig": "56220", "Bassenheim": "56220", "Kaltenengers": "56220", "Sankt Sebastian": "56220",
}  # fmt: skip
FIRST_NAMES = (
    "Anna", "Julia", "Katharina", "Laura", "Lena", "Sarah", "Lisa", "Miriam", "Christina", "Sabine",
    "Stefanie", "Nina", "Carina", "Melanie", "Jana", "Eva", "Theresa", "Johanna", "Michael", "Thomas",
    "Jonas", "Daniel", "Markus", "Tobias",
)  # fmt: skip
LAST_NAMES = (
    "Schmitz", "Müller", "Weber", "Becker", "Hoffmann", "Schneider", "Fischer", "Wagner", "Klein", "Krämer",
    "Mayer", "Schäfer", "Zimmermann", "Bauer", "Hermann", "Kurz", "Lenz", "Gilles", "Hennes", "Dötsch",
    "Kaiser", "Theisen", "Reif", "Schwarz", "Münch", "Wolf", "Jung", "Esser", "Roth", "Thelen",
    "Busch", "Kohl", "Nett", "Pauly", "Winkler", "Lorenz", "Brandt", "Engel", "Simon", "Frank",
)  # fmt: skip
COORDINATOR_NAME = ("Susanne", "Kaufmann")
# Most workers started with the programme; some posts were filled later.
START_DATES = (WORK_STARTED, dt.date(2021, 9, 1), dt.date(2022, 1, 1), dt.date(2022, 8, 1))
START_DATE_WEIGHTS = (6, 2, 1, 1)
# Contracted hours: half, part and full time (TVöD full time is 39 h).
WEEKLY_HOURS = ("19.5", "25.0", "30.0", "39.0")
WEEKLY_HOURS_WEIGHTS = (2, 2, 3, 5)
FAMILY_CENTRE_SHARES = (
    (Kita.FamilyCentreStatus.FAMILY_CENTRE, 0.15),
    (Kita.FamilyCentreStatus.DEVELOPING, 0.25),
)


# --- The plan: plain data, computed from the CSV and the seed only --------------------------------------


@dataclass(frozen=True)
class MunicipalityRow:
    ags: str
    name: str
    kind: str
    association: str  # empty for the three towns outside any Verbandsgemeinde
    own_youth_office: bool
    area_km2: Decimal
    population: int
    population_date: dt.date
    latitude: Decimal
    longitude: Decimal
    source: str

    @property
    def children_under_7_estimate(self) -> int:
        return round_half_up(self.population * CHILDREN_UNDER_7_SHARE)

    @property
    def region(self) -> str:
        """The Verbandsgemeinde, or the town itself when it belongs to none."""
        return self.association or self.name


@dataclass(frozen=True)
class KitaPlan:
    number: str
    name: str
    ags: str
    social_area: str
    provider: ProviderSpec
    places: int
    street: str
    postal_code: str
    latitude: Decimal
    longitude: Decimal
    family_centre_status: str


@dataclass(frozen=True)
class AssignmentPlan:
    kita_number: str
    weekdays: tuple[int, ...]
    hours: Decimal


@dataclass(frozen=True)
class WorkerPlan:
    first_name: str
    last_name: str
    employer: ProviderSpec
    weekly_hours: Decimal
    valid_from: dt.date
    assignments: tuple[AssignmentPlan, ...]


@dataclass(frozen=True)
class Plan:
    municipalities: list[MunicipalityRow]
    social_areas: dict[str, list[str]]  # name -> AGS
    providers: list[ProviderSpec]
    kitas: list[KitaPlan]
    workers: list[WorkerPlan]


def read_municipalities(path: Path = DATA_FILE) -> list[MunicipalityRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            MunicipalityRow(
                ags=row["ags"],
                name=row["name"],
                kind=MUNICIPALITY_KINDS[row["kind"]],
                association=row["verband"],
                own_youth_office=row["own_youth_office"] == "true",
                area_km2=Decimal(row["area_km2"]),
                population=int(row["population"]),
                population_date=dt.date.fromisoformat(row["population_date"]),
                latitude=Decimal(row["lat"]),
                longitude=Decimal(row["lon"]),
                source=row["source"],
            )
            for row in csv.DictReader(handle)
        ]


K = TypeVar("K", bound=Hashable)


def largest_remainder(
    weights: Mapping[K, float], total: int, *, floor: Mapping[K, int], cap: Mapping[K, int]
) -> dict[K, int]:
    """Split `total` in proportion to `weights`, each share kept within its floor and cap.

    Shares start at the rounded-down quota; units then go to the largest remainders (or are taken from the
    most over-served keys when floors overshoot). Ties fall to the earlier key, so the split is stable.
    """
    weight_sum = sum(weights.values())
    quota = {key: total * weight / weight_sum for key, weight in weights.items()}
    shares = {key: min(max(math.floor(q), floor[key]), cap[key]) for key, q in quota.items()}
    while (missing := total - sum(shares.values())) != 0:
        if missing > 0:
            key = max((k for k in shares if shares[k] < cap[k]), key=lambda k: quota[k] - shares[k])
            shares[key] += 1
        else:
            key = min((k for k in shares if shares[k] > floor[k]), key=lambda k: quota[k] - shares[k])
            shares[key] -= 1
    return shares


def _social_areas(area: list[MunicipalityRow]) -> dict[str, list[MunicipalityRow]]:
    by_region: dict[str, list[MunicipalityRow]] = {}
    for row in area:
        by_region.setdefault(row.region, []).append(row)
    social_areas: dict[str, list[MunicipalityRow]] = {}
    for region, rows in sorted(by_region.items()):
        if region not in SPLIT_ASSOCIATIONS:
            social_areas[f"Sozialraum {region}"] = rows
            continue
        axis, low_name, high_name = SPLIT_ASSOCIATIONS[region]
        rows = sorted(rows, key=lambda r: getattr(r, axis))
        half = sum(r.population for r in rows) / 2
        cut = min(range(1, len(rows)), key=lambda i: abs(sum(r.population for r in rows[:i]) - half))
        social_areas[f"Sozialraum {region}-{low_name}"] = rows[:cut]
        social_areas[f"Sozialraum {region}-{high_name}"] = rows[cut:]
    return social_areas


def _municipal_provider(region: str) -> ProviderSpec:
    name = f"Stadt {region}" if region == "Bendorf" else f"Verbandsgemeinde {region}"
    return ProviderSpec(name, Provider.Kind.MUNICIPAL, "Kita")


def _pick_provider(rng: random.Random, region: str) -> ProviderSpec:
    kind = rng.choices(list(PROVIDER_KIND_WEIGHTS), weights=list(PROVIDER_KIND_WEIGHTS.values()))[0]
    if kind == "municipal":
        return _municipal_provider(region)
    if kind == "catholic":
        return CATHOLIC
    if kind == "protestant":
        return PROTESTANT_EAST if region in EASTERN_AREAS else PROTESTANT_WEST
    return rng.choice(FREE_PROVIDERS)


def round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), ROUND_HALF_UP))


def _round_to_5(value: float) -> int:
    low, high = PLACES_RANGE
    return min(max(5 * round(value / 5), low), high)


def _places(rng: random.Random, served: list[float]) -> list[int]:
    """Approved places per Kita: in proportion to the inhabitants each serves, then trimmed to the total."""
    weights = [s * rng.uniform(0.8, 1.2) for s in served]
    places = [_round_to_5(PLACES_TOTAL * w / sum(weights)) for w in weights]
    step = 5 if sum(places) < PLACES_TOTAL else -5
    # Largest Kitas first: a few places more or less matter least there.
    for i in itertools.cycle(sorted(range(len(places)), key=lambda i: -places[i])):
        if sum(places) == PLACES_TOTAL:
            break
        if PLACES_RANGE[0] <= places[i] + step <= PLACES_RANGE[1]:
            places[i] += step
    return places


def _near(rng: random.Random, row: MunicipalityRow) -> tuple[Decimal, Decimal]:
    """A point within KITA_RADIUS_KM of the municipality's centre."""
    distance = KITA_RADIUS_KM * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    lat = float(row.latitude) + distance * math.cos(angle) / 111.32
    lon = float(row.longitude) + distance * math.sin(angle) / (111.32 * math.cos(math.radians(lat)))
    return Decimal(f"{lat:.5f}"), Decimal(f"{lon:.5f}")


def _family_centre_status(rng: random.Random) -> str:
    draw = rng.random()
    for status, share in FAMILY_CENTRE_SHARES:
        if draw < share:
            return status
        draw -= share
    return Kita.FamilyCentreStatus.NONE


def _plan_kitas(rng: random.Random, social_areas: dict[str, list[MunicipalityRow]]) -> list[KitaPlan]:
    area_of = {row.ags: name for name, rows in social_areas.items() for row in rows}
    rows = sorted((row for rows in social_areas.values() for row in rows), key=lambda r: r.ags)
    counts = largest_remainder(
        {row.ags: row.population for row in rows},
        KITA_COUNT,
        floor={row.ags: 0 for row in rows},
        cap={row.ags: round_half_up(Decimal(row.population) / MIN_INHABITANTS_PER_KITA) for row in rows},
    )
    slots = [row for row in rows for _ in range(counts[row.ags])]
    places = _places(rng, [row.population / counts[row.ags] for row in slots])
    kitas: list[KitaPlan] = []
    used: dict[str, set[str]] = {}
    for index, (row, kita_places) in enumerate(zip(slots, places, strict=True), start=1):
        provider = _pick_provider(rng, row.region)
        pool = {"Kath. Kita": CATHOLIC_NAMES, "Ev. Kita": PROTESTANT_NAMES}.get(
            provider.kita_prefix, GENERAL_NAMES
        )
        taken = used.setdefault(row.ags, set())
        base = rng.choice([name for name in pool if name not in taken])
        taken.add(base)
        street = f"{rng.choice(STREETS)} {rng.randint(1, 40)}"
        latitude, longitude = _near(rng, row)
        kitas.append(
            KitaPlan(
                number=f"KJA-{DISTRICT_KEY}-{index:03d}",
                name=f"{provider.kita_prefix} {base} {row.name}",
                ags=row.ags,
                social_area=area_of[row.ags],
                provider=provider,
                places=kita_places,
                street=street,
                postal_code=POSTAL_CODES.get(row.name, POSTAL_CODES[row.region]),
                latitude=latitude,
                longitude=longitude,
                family_centre_status=_family_centre_status(rng),
            )
        )
    return kitas


def _split_evenly(items: list[Any], parts: int) -> list[list[Any]]:
    size, extra = divmod(len(items), parts)
    bounds = [0]
    for part in range(parts):
        bounds.append(bounds[-1] + size + (1 if part < extra else 0))
    return [items[bounds[i] : bounds[i + 1]] for i in range(parts)]


def _half_hours(value: Decimal) -> Decimal:
    return ((value * 2).to_integral_value(rounding=ROUND_FLOOR) / 2).quantize(Decimal("0.1"))


def _group_by_hours(kitas: list[KitaPlan], hours: list[Decimal]) -> list[list[KitaPlan]]:
    """Cut the (ordered) Kitas into one run of 1 to MAX_KITAS_PER_WORKER per worker.

    Each run's places are about in proportion to the worker's hours, so full-time workers serve more
    children than part-time ones.
    """
    groups = []
    rest = kitas
    for index, worker_hours in enumerate(hours[:-1]):
        left = len(hours) - index
        target = sum(k.places for k in rest) * worker_hours / sum(hours[index:])
        size = max(1, len(rest) - MAX_KITAS_PER_WORKER * (left - 1))
        largest = min(MAX_KITAS_PER_WORKER, len(rest) - (left - 1))
        load = sum(k.places for k in rest[:size])
        while size < largest and abs(load + rest[size].places - target) < abs(load - target):
            load += rest[size].places
            size += 1
        groups.append(rest[:size])
        rest = rest[size:]
    return [*groups, rest]


def _plan_assignments(
    rng: random.Random, kitas: list[KitaPlan], weekly_hours: Decimal
) -> tuple[AssignmentPlan, ...]:
    """Fixed, distinct weekdays per Kita in one run of working days; hours follow the days."""
    days = max(len(kitas), 5 if weekly_hours >= 30 else 4 if weekly_hours >= 25 else 3)
    first_day = rng.randint(1, 6 - days)
    weekday_blocks = _split_evenly(list(range(first_day, first_day + days)), len(kitas))
    return tuple(
        AssignmentPlan(kita.number, tuple(block), _half_hours(weekly_hours * len(block) / days))
        for kita, block in zip(kitas, weekday_blocks, strict=True)
    )


def _employer(kitas: list[KitaPlan], region: str) -> ProviderSpec:
    """Church providers employ the worker of the Kitas they mostly run; otherwise the municipality does."""
    provider, count = Counter(kita.provider for kita in kitas).most_common(1)[0]
    if provider.kind == Provider.Kind.CHURCH and count * 2 > len(kitas):
        return provider
    return _municipal_provider(region)


def _plan_workers(
    rng: random.Random, kitas: list[KitaPlan], social_areas: dict[str, list[MunicipalityRow]]
) -> list[WorkerPlan]:
    kitas_by_area = {name: [k for k in kitas if k.social_area == name] for name in social_areas}
    position = {row.ags: (row.latitude, row.longitude) for rows in social_areas.values() for row in rows}
    workers_per_area = largest_remainder(
        {name: len(area_kitas) for name, area_kitas in kitas_by_area.items()},
        SOCIAL_WORKER_COUNT,
        floor={name: math.ceil(len(k) / MAX_KITAS_PER_WORKER) for name, k in kitas_by_area.items()},
        cap={name: len(k) for name, k in kitas_by_area.items()},
    )
    names = rng.sample([(first, last) for first in FIRST_NAMES for last in LAST_NAMES], SOCIAL_WORKER_COUNT)
    workers: list[WorkerPlan] = []
    for area_name, area_kitas in kitas_by_area.items():
        # Neighbouring Kitas go to the same worker, to keep travel short.
        ordered = sorted(area_kitas, key=lambda k: (position[k.ags], k.number))
        region = social_areas[area_name][0].region
        hours = [
            Decimal(h)
            for h in rng.choices(WEEKLY_HOURS, weights=WEEKLY_HOURS_WEIGHTS, k=workers_per_area[area_name])
        ]
        for weekly_hours, group in zip(hours, _group_by_hours(ordered, hours), strict=True):
            first_name, last_name = names[len(workers)]
            workers.append(
                WorkerPlan(
                    first_name=first_name,
                    last_name=last_name,
                    employer=_employer(group, region),
                    weekly_hours=weekly_hours,
                    valid_from=rng.choices(START_DATES, weights=START_DATE_WEIGHTS)[0],
                    assignments=_plan_assignments(rng, group, weekly_hours),
                )
            )
    return workers


def build_plan(rows: list[MunicipalityRow] | None = None, seed: int = SEED) -> Plan:
    """The whole demo as plain data; the same rows and seed always give the same plan."""
    rows = rows if rows is not None else read_municipalities()
    rng = random.Random(seed)  # noqa: S311 - demo data must be reproducible, not unpredictable
    area = [row for row in rows if not row.own_youth_office]
    social_areas = _social_areas(area)
    kitas = _plan_kitas(rng, social_areas)
    workers = _plan_workers(rng, kitas, social_areas)
    providers = {_municipal_provider(row.region) for row in area}
    providers |= (
        {kita.provider for kita in kitas} | {worker.employer for worker in workers} | {ADMINISTRATION}
    )
    return Plan(
        municipalities=rows,
        social_areas={name: [row.ags for row in members] for name, members in social_areas.items()},
        providers=sorted(providers, key=lambda p: p.name),
        kitas=kitas,
        workers=workers,
    )
