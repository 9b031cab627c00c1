"""Demo directory: about 60 invented but plausible offers in Andernach, Koblenz, Mayen and larger villages,
the SYNTHETIC timetable, and the computed reachability.

Deterministic (seeded random for verification dates) and idempotent: organizations and offers whose name
exists are skipped; the feed is imported only when no feed is current; reachability is computed once,
and only when something was added or nothing is stored yet.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kisa.directory import services
from kisa.directory.categories import ServiceCategory as C
from kisa.directory.gtfs_synthetic import SYNTHETIC_FEED_PATH
from kisa.directory.models import GtfsFeed, Location, Organization, Reachability, Service
from kisa.registry.models import Municipality, YouthOffice

KOBLENZ = (50.35980, 7.59350)


@dataclass(frozen=True)
class OrgSpec:
    name: str
    town: str  # municipality name, or "Koblenz"
    street: str
    postal_code: str
    offset: tuple[float, float]  # a few hundred metres from the town centre
    services: tuple[tuple[str, tuple[str, ...], tuple[str, ...], int | None, int | None, str], ...]


# (offer name, categories, languages, min age, max age, costs ("" = free))
ORGS: tuple[OrgSpec, ...] = (
    OrgSpec(
        "Caritasverband Mayen",
        "Mayen",
        "Marktstraße 12",
        "56727",
        (0.001, 0.002),
        (
            (
                "Schuldner- und Insolvenzberatung Mayen",
                (C.DEBT_COUNSELLING, C.SOCIAL_BENEFITS),
                ("de", "tr"),
                18,
                None,
                "",
            ),
            (
                "Erziehungs- und Familienberatung Mayen",
                (C.PARENTING_COUNSELLING,),
                ("de", "tr", "ar"),
                None,
                None,
                "",
            ),
            (
                "Migrationsberatung für Erwachsene Mayen",
                (C.MIGRATION_COUNSELLING,),
                ("de", "ar", "tr", "ru"),
                27,
                None,
                "",
            ),
            ("Schwangerschaftsberatung Mayen", (C.PREGNANCY_COUNSELLING,), ("de", "en"), None, None, ""),
            ("Suchtberatung Mayen", (C.ADDICTION_COUNSELLING,), ("de",), 14, None, ""),
        ),
    ),
    OrgSpec(
        "Diakonisches Werk Mayen-Koblenz",
        "Andernach",
        "Hochstraße 40",
        "56626",
        (-0.002, 0.001),
        (
            ("Erziehungsberatung Andernach", (C.PARENTING_COUNSELLING,), ("de", "en"), None, None, ""),
            ("Schuldnerberatung Andernach", (C.DEBT_COUNSELLING,), ("de", "ru"), 18, None, ""),
            (
                "Migrationsdienst Andernach",
                (C.MIGRATION_COUNSELLING,),
                ("de", "ar", "fa", "uk"),
                None,
                None,
                "",
            ),
            ("Allgemeine Sozialberatung Andernach", (C.SOCIAL_BENEFITS,), ("de",), 18, None, ""),
        ),
    ),
    OrgSpec(
        "Kreisverwaltung Mayen-Koblenz, Jugendamt",
        "Koblenz",
        "Bahnhofstraße 9",
        "56068",
        (0.0, 0.0),
        (
            ("Allgemeiner Sozialer Dienst (ASD)", (C.GENERAL_SOCIAL_SERVICE,), ("de",), None, 17, ""),
            ("Netzwerk Frühe Hilfen Mayen-Koblenz", (C.EARLY_HELP,), ("de", "en", "tr", "ar"), 0, 3, ""),
            ("Familienhebammen-Sprechstunde", (C.EARLY_HELP, C.HEALTH), ("de",), 0, 1, ""),
        ),
    ),
    OrgSpec(
        "Gesundheitsamt Mayen-Koblenz",
        "Koblenz",
        "Neversstraße 4",
        "56068",
        (-0.004, -0.003),
        (
            ("Kinder- und Jugendärztlicher Dienst", (C.HEALTH,), ("de", "en"), 0, 17, ""),
            ("Schuleingangsuntersuchung Beratung", (C.HEALTH,), ("de",), 5, 6, ""),
        ),
    ),
    OrgSpec(
        "Beratungszentrum Koblenz e.V.",
        "Koblenz",
        "Löhrstraße 78",
        "56068",
        (0.002, -0.002),
        (
            ("Erziehungsberatung Koblenz", (C.PARENTING_COUNSELLING,), ("de", "en", "tr"), None, None, ""),
            ("Schuldnerberatung Koblenz", (C.DEBT_COUNSELLING,), ("de", "tr", "ar"), 18, None, ""),
            (
                "Beratung bei häuslicher Gewalt",
                (C.VIOLENCE_PROTECTION,),
                ("de", "en", "ru", "uk"),
                None,
                None,
                "",
            ),
            ("Suchtberatung Koblenz", (C.ADDICTION_COUNSELLING,), ("de", "en"), 14, None, ""),
        ),
    ),
    OrgSpec(
        "pro familia Koblenz",
        "Koblenz",
        "Schlossstraße 2",
        "56068",
        (0.003, 0.001),
        (
            (
                "Schwangerschaftsberatung pro familia",
                (C.PREGNANCY_COUNSELLING,),
                ("de", "en", "fr"),
                None,
                None,
                "",
            ),
            (
                "Paar- und Familienberatung pro familia",
                (C.PARENTING_COUNSELLING,),
                ("de",),
                None,
                None,
                "nach Einkommen",
            ),
        ),
    ),
    OrgSpec(
        "Frauenhaus Mayen-Koblenz",
        "Andernach",
        "Postfach",
        "56626",
        (0.003, -0.002),
        (
            (
                "Frauenhaus und Interventionsstelle",
                (C.VIOLENCE_PROTECTION,),
                ("de", "en", "tr", "ar", "ru"),
                None,
                None,
                "",
            ),
        ),
    ),
    OrgSpec(
        "Familienbildungsstätte Andernach",
        "Andernach",
        "Kirchstraße 5",
        "56626",
        (0.001, -0.001),
        (
            ("Eltern-Kind-Kurse (PEKiP)", (C.FAMILY_EDUCATION,), ("de",), 0, 1, "45 € je Kurs"),
            (
                "Elternkurs Starke Eltern – starke Kinder",
                (C.FAMILY_EDUCATION,),
                ("de", "tr"),
                None,
                None,
                "20 €",
            ),
            ("Familiencafé Andernach", (C.FAMILY_EDUCATION, C.CLUB_LEISURE), ("de", "ar", "uk"), 0, 6, ""),
        ),
    ),
    OrgSpec(
        "Haus der Familie Mayen",
        "Mayen",
        "Bachstraße 20",
        "56727",
        (-0.002, -0.001),
        (
            ("Elternschule Mayen", (C.FAMILY_EDUCATION,), ("de",), None, None, "10 € je Abend"),
            ("Krabbelgruppe Mayen", (C.FAMILY_EDUCATION, C.CLUB_LEISURE), ("de", "tr"), 0, 3, ""),
            (
                "Sprachcafé für Mütter",
                (C.LANGUAGE_COURSE, C.MIGRATION_COUNSELLING),
                ("de", "ar", "tr"),
                16,
                None,
                "",
            ),
        ),
    ),
    OrgSpec(
        "Frühförderzentrum Mayen",
        "Mayen",
        "Koblenzer Straße 60",
        "56727",
        (0.002, 0.004),
        (
            ("Interdisziplinäre Frühförderung", (C.EARLY_INTERVENTION,), ("de", "ru"), 0, 6, ""),
            ("Logopädie für Kinder Mayen", (C.SPEECH_THERAPY,), ("de",), 2, 12, "Kassenleistung"),
        ),
    ),
    OrgSpec(
        "Logopädische Praxis Andernach",
        "Andernach",
        "Koblenzer Straße 12",
        "56626",
        (-0.001, 0.003),
        (("Logopädie Andernach", (C.SPEECH_THERAPY,), ("de", "en"), 2, None, "Kassenleistung"),),
    ),
    OrgSpec(
        "Sprachtherapie am Schloss",
        "Koblenz",
        "Schlossrondell 1",
        "56068",
        (0.001, 0.004),
        (
            (
                "Sprachtherapie Koblenz",
                (C.SPEECH_THERAPY, C.EARLY_INTERVENTION),
                ("de", "tr"),
                1,
                10,
                "Kassenleistung",
            ),
        ),
    ),
    OrgSpec(
        "Volkshochschule Mayen-Koblenz",
        "Andernach",
        "Läufstraße 11",
        "56626",
        (0.0, 0.002),
        (
            ("Integrationskurs Andernach", (C.LANGUAGE_COURSE,), ("de",), 16, None, "nach BAMF-Regeln"),
            (
                "Deutsch für Eltern mit Kinderbetreuung",
                (C.LANGUAGE_COURSE, C.FAMILY_EDUCATION),
                ("de",),
                16,
                None,
                "",
            ),
        ),
    ),
    OrgSpec(
        "Volkshochschule Mayen",
        "Mayen",
        "St.-Veit-Straße 14",
        "56727",
        (0.001, -0.003),
        (("Integrationskurs Mayen", (C.LANGUAGE_COURSE,), ("de",), 16, None, "nach BAMF-Regeln"),),
    ),
    OrgSpec(
        "Kinderarztpraxis Mayen",
        "Mayen",
        "Polcher Straße 3",
        "56727",
        (-0.003, 0.002),
        (("Kinderärztliche Sprechstunde Mayen", (C.HEALTH,), ("de", "tr"), 0, 17, "Kassenleistung"),),
    ),
    OrgSpec(
        "Kinderarztpraxis Andernach",
        "Andernach",
        "Breite Straße 7",
        "56626",
        (0.002, 0.002),
        (("Kinderärztliche Sprechstunde Andernach", (C.HEALTH,), ("de", "ar"), 0, 17, "Kassenleistung"),),
    ),
    OrgSpec(
        "Jugendmigrationsdienst Koblenz",
        "Koblenz",
        "Kastorpfaffenstraße 21",
        "56068",
        (0.004, 0.002),
        (("Jugendmigrationsdienst", (C.MIGRATION_COUNSELLING,), ("de", "ar", "fa", "ti"), 12, 27, ""),),
    ),
    OrgSpec(
        "Jobcenter Mayen-Koblenz",
        "Mayen",
        "Bürresheimer Straße 2",
        "56727",
        (0.003, -0.001),
        (("Beratung Bildung und Teilhabe", (C.SOCIAL_BENEFITS,), ("de", "en", "uk"), None, None, ""),),
    ),
    OrgSpec(
        "Sozialberatung Polch",
        "Polch",
        "Ostbahnhofstraße 3",
        "56751",
        (0.001, 0.001),
        (
            (
                "Sozial- und Schuldnersprechstunde Polch",
                (C.SOCIAL_BENEFITS, C.DEBT_COUNSELLING),
                ("de",),
                18,
                None,
                "",
            ),
            ("Familienbüro Maifeld", (C.FAMILY_EDUCATION, C.EARLY_HELP), ("de",), 0, 6, ""),
        ),
    ),
    OrgSpec(
        "Familienzentrum Mendig",
        "Mendig",
        "Marktplatz 1",
        "56743",
        (0.001, 0.0),
        (
            ("Eltern-Kind-Treff Mendig", (C.FAMILY_EDUCATION, C.CLUB_LEISURE), ("de",), 0, 6, ""),
            (
                "Offene Sprechstunde Erziehungsfragen Mendig",
                (C.PARENTING_COUNSELLING,),
                ("de",),
                None,
                None,
                "",
            ),
        ),
    ),
    OrgSpec(
        "Familienzentrum Weißenthurm",
        "Weißenthurm",
        "Hauptstraße 200",
        "56575",
        (0.0, 0.001),
        (
            ("Familientreff Weißenthurm", (C.FAMILY_EDUCATION,), ("de", "tr", "ru"), 0, 10, ""),
            ("Hausaufgabenhilfe und Spielgruppe", (C.CLUB_LEISURE,), ("de",), 6, 12, ""),
        ),
    ),
    OrgSpec(
        "Stadt Bendorf, Familienbüro",
        "Bendorf",
        "Im Stadtpark 2",
        "56170",
        (0.0, 0.001),
        (
            ("Familienbüro Bendorf", (C.EARLY_HELP, C.FAMILY_EDUCATION), ("de", "tr"), 0, 10, ""),
            (
                "Erziehungsberatung Bendorf (Außensprechstunde)",
                (C.PARENTING_COUNSELLING,),
                ("de", "tr"),
                None,
                None,
                "",
            ),
        ),
    ),
    OrgSpec(
        "Turnverein 1880 Vallendar",
        "Vallendar",
        "Sportplatzweg 1",
        "56179",
        (0.002, 0.0),
        (("Eltern-Kind-Turnen Vallendar", (C.CLUB_LEISURE,), ("de",), 1, 4, "Vereinsbeitrag"),),
    ),
    OrgSpec(
        "SV Kottenheim",
        "Kottenheim",
        "Am Sportplatz",
        "56736",
        (0.002, 0.001),
        (("Kinderturnen Kottenheim", (C.CLUB_LEISURE,), ("de",), 3, 10, "Vereinsbeitrag"),),
    ),
    OrgSpec(
        "Musikverein Münstermaifeld",
        "Münstermaifeld",
        "Marktplatz 3",
        "56294",
        (0.0, 0.0),
        (("Musikalische Früherziehung", (C.CLUB_LEISURE,), ("de",), 4, 6, "12 € im Monat"),),
    ),
    OrgSpec(
        "Bücherei Mülheim-Kärlich",
        "Mülheim-Kärlich",
        "Kapellenstraße 4",
        "56218",
        (0.001, 0.0),
        (("Vorlesestunde für Kinder", (C.CLUB_LEISURE, C.LANGUAGE_COURSE), ("de", "uk"), 3, 8, ""),),
    ),
    OrgSpec(
        "Caritas Koblenz",
        "Koblenz",
        "Hohenzollernstraße 118",
        "56068",
        (-0.005, 0.001),
        (
            (
                "Migrationsberatung Koblenz",
                (C.MIGRATION_COUNSELLING,),
                ("de", "ru", "uk", "pl"),
                27,
                None,
                "",
            ),
            (
                "Schwangerschaftsberatung Caritas Koblenz",
                (C.PREGNANCY_COUNSELLING,),
                ("de", "ar"),
                None,
                None,
                "",
            ),
            ("Kurberatung für Mütter und Väter", (C.HEALTH, C.SOCIAL_BENEFITS), ("de",), None, None, ""),
        ),
    ),
    OrgSpec(
        "Lebenshilfe Mayen-Koblenz",
        "Andernach",
        "Am Helmwartsturm 4",
        "56626",
        (-0.003, -0.002),
        (
            ("Frühförderung Andernach", (C.EARLY_INTERVENTION,), ("de", "ar"), 0, 6, ""),
            ("Familienentlastender Dienst", (C.EARLY_HELP,), ("de",), 0, 17, "nach Pflegegrad"),
        ),
    ),
    OrgSpec(
        "Suchtberatung Andernach",
        "Andernach",
        "Schafbachstraße 3",
        "56626",
        (0.001, 0.004),
        (("Suchtberatung Andernach", (C.ADDICTION_COUNSELLING,), ("de", "ru"), 14, None, ""),),
    ),
    OrgSpec(
        "Pfarrei St. Clemens Mayen",
        "Mayen",
        "Kirchplatz 1",
        "56727",
        (-0.001, 0.003),
        (
            (
                "Kleiderkammer und Familienfrühstück",
                (C.CLUB_LEISURE, C.SOCIAL_BENEFITS),
                ("de", "ar", "uk"),
                None,
                None,
                "",
            ),
        ),
    ),
    OrgSpec(
        "Hebammenpraxis Andernach",
        "Andernach",
        "Eisenbahnstraße 8",
        "56626",
        (0.002, -0.003),
        (
            (
                "Geburtsvorbereitung und Rückbildung",
                (C.HEALTH, C.PREGNANCY_COUNSELLING),
                ("de", "en"),
                None,
                None,
                "Kassenleistung",
            ),
        ),
    ),
    OrgSpec(
        "Schuldnerberatung der Verbraucherzentrale",
        "Koblenz",
        "Entenpfuhl 37",
        "56068",
        (0.003, -0.003),
        (
            (
                "Verbraucherinsolvenzberatung Koblenz",
                (C.DEBT_COUNSELLING,),
                ("de", "en"),
                18,
                None,
                "kostenlos für Geringverdienende",
            ),
        ),
    ),
)


def _place(town: str, offset: tuple[float, float], municipalities: dict[str, Municipality]) -> dict[str, Any]:
    if town == "Koblenz":
        lat, lon, municipality = KOBLENZ[0], KOBLENZ[1], None
    else:
        municipality = municipalities[town]
        lat, lon = float(municipality.latitude), float(municipality.longitude)
    return {
        "latitude": Decimal(f"{lat + offset[0]:.5f}"),
        "longitude": Decimal(f"{lon + offset[1]:.5f}"),
        "municipality": municipality,
        "city": town,
    }


def load_directory_demo(*, youth_office: YouthOffice, stdout: Any, compute: bool = True) -> int:
    """Create the demo offers and timetable (skipping what exists) and compute reachability once.

    Returns the number of offers created.
    """
    rng = random.Random(6)  # noqa: S311 (reproducible demo data, not security)
    today = timezone.localdate()
    municipalities = {m.name: m for m in Municipality.objects.filter(district_id=youth_office.district_id)}
    existing_orgs = {o.name: o for o in Organization.objects.filter(youth_office=youth_office)}
    existing_services = set(Service.objects.filter(youth_office=youth_office).values_list("name", flat=True))
    created = 0
    for spec in ORGS:
        if spec.town != "Koblenz" and spec.town not in municipalities:
            continue
        org = existing_orgs.get(spec.name) or services.organization_create(
            actor=None, youth_office=youth_office, data={"name": spec.name, "phone": "02651 88-0"}
        )
        location = Location.objects.filter(youth_office=youth_office, organization=org).first()
        if location is None:
            location = services.location_create(
                actor=None,
                youth_office=youth_office,
                data={
                    "organization": org,
                    "name": spec.name,
                    "street": spec.street,
                    "postal_code": spec.postal_code,
                    "wheelchair_accessible": rng.random() < 0.6,
                    **_place(spec.town, spec.offset, municipalities),
                },
            )
        for name, categories, languages, age_min, age_max, costs in spec.services:
            if name in existing_services:
                continue
            # A few offers were last checked long ago, so the coordinator's reminder has something to show.
            verified = today - dt.timedelta(days=rng.choice([20, 90, 200, 300, 400, 500]))
            area = [municipalities[spec.town]] if spec.town in municipalities else []
            services.service_create(
                actor=None,
                youth_office=youth_office,
                data={
                    "organization": org,
                    "location": location,
                    "name": name,
                    "description": f"{name}: Beratung und Unterstützung für Familien (Demo-Angebot).",
                    "categories": [str(c) for c in categories],
                    "languages": list(languages),
                    "target_groups": ["parents"],
                    "age_min": age_min,
                    "age_max": age_max,
                    "is_free": not costs,
                    "fees_description": costs,
                    "phone": f"0261 {rng.randint(10000, 99999)}",
                    "last_verified": verified,
                },
                service_area=area,
                recompute=False,
            )
            created += 1
    feed_imported = False
    if not GtfsFeed.objects.filter(is_current=True).exists():
        feed_imported = True
        with SYNTHETIC_FEED_PATH.open("rb") as feed:
            services.gtfs_feed_import(
                actor=None, source=feed, name="SYNTHETIC demo feed Mayen-Koblenz", recompute=False
            )
    stale = created or feed_imported or not Reachability.objects.filter(youth_office=youth_office).exists()
    rows = services.reachability_compute(youth_office=youth_office) if compute and stale else 0
    stdout.write(
        f"Directory: {created} offers created, synthetic timetable, {rows} reachability rows computed.\n"
    )
    return created
