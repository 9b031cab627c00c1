import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Sum

from kisa.core.models import AuditEntry
from kisa.registry.forms_import import MunicipalityImportRowForm
from kisa.registry.imports import MAX_FILE_BYTES, RowError
from kisa.registry.models import Kita, MunicipalAssociation, Municipality, ResponsibilityArea
from kisa.registry.tests.factories import (
    KitaFactory,
    MunicipalityFactory,
    ProviderFactory,
    ResponsibilityAreaFactory,
    SocialAreaFactory,
)
from kisa.registry.tests.import_files import (
    ACHT,
    ANSCHAU,
    BENDORF,
    PUSTEBLUME,
    WIESENGRUND,
    csv_bytes,
    english_messages,  # noqa: F401 - autouse fixture
    run_import,
    xlsx_bytes,
)

REGISTRY_DIR = Path(__file__).resolve().parents[1]
DISTRICT_FILE = REGISTRY_DIR / "data" / "myk_municipalities.csv"
EXAMPLES = REGISTRY_DIR / "static" / "registry"


def _written_rows() -> tuple[int, int, int, int]:
    return (
        Municipality.objects.count(),
        MunicipalAssociation.objects.count(),
        Kita.objects.count(),
        AuditEntry.objects.count(),
    )


# --- Municipalities: creating, formats --------------------------------------------------------------------


def test_municipality_import_creates_rows_with_their_association_and_dates(world):
    result = run_import(world, csv_bytes([ACHT, BENDORF]))

    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 2, 0, 0)
    assert result.created_associations == ["Vordereifel"]
    acht = Municipality.objects.get(ags="07137001")
    assert (acht.name, acht.kind, acht.district, acht.association.name) == (
        "Acht",
        Municipality.Kind.LOCAL,
        world.district,
        "Vordereifel",
    )
    assert (acht.area_km2, acht.population, acht.latitude, acht.longitude) == (
        Decimal("3.79"),
        84,
        Decimal("50.36997"),
        Decimal("7.07238"),
    )
    assert acht.population_date == acht.area_date == dt.date(2021, 12, 31)
    assert acht.source == "Destatis GV-ISys Gemeindeverzeichnis 31.12.2021"
    bendorf = Municipality.objects.get(ags="07137203")
    assert (bendorf.kind, bendorf.association) == (Municipality.Kind.INDEPENDENT_TOWN, None)
    audited = AuditEntry.objects.filter(actor=world.users["coordinator"], action=AuditEntry.Action.CREATE)
    assert sorted(audited.values_list("model_label", "object_repr")) == [
        ("registry.MunicipalAssociation", "Vordereifel"),
        ("registry.Municipality", "Acht"),
        ("registry.Municipality", "Bendorf"),
    ]


def test_municipality_import_reads_xlsx_with_typed_cells_like_csv(world):
    header = ["ags", "name", "kind", "verband", "own_youth_office", "area_km2", "population"]
    header += ["population_date", "lat", "lon", "source"]
    # Excel turns the AGS into a number (losing its leading zero) and the date into a date cell.
    row = [7137001, "Acht", "Ortsgemeinde", "Vordereifel", False, 3.79, 84, dt.datetime(2021, 12, 31)]
    row += [50.36997, 7.07238, ACHT["source"]]

    result = run_import(world, xlsx_bytes(header, [row]), filename="Gemeinden.XLSX")

    assert (result.errors, result.created) == ([], 1)
    acht = Municipality.objects.get(ags="07137001")
    assert (acht.area_km2, acht.population, acht.population_date, acht.latitude, acht.longitude) == (
        Decimal("3.79"),
        84,
        dt.date(2021, 12, 31),
        Decimal("50.36997"),
        Decimal("7.07238"),
    )
    assert acht.association.name == "Vordereifel"


def test_municipality_import_reads_semicolons_decimal_commas_and_german_dates(world):
    row = {**ACHT, "area_km2": "3,79", "population_date": "31.12.2021", "lat": "50,36997", "lon": "7,07238"}

    result = run_import(world, csv_bytes([row], delimiter=";"))

    assert (result.errors, result.created) == ([], 1)
    acht = Municipality.objects.get(ags="07137001")
    assert (acht.area_km2, acht.population_date, acht.latitude) == (
        Decimal("3.79"),
        dt.date(2021, 12, 31),
        Decimal("50.36997"),
    )


def test_municipality_import_reads_utf8_with_byte_order_mark(world):
    row = {**ACHT, "name": "Mülheim-Kärlich"}

    result = run_import(world, b"\xef\xbb\xbf" + csv_bytes([row]))

    assert (result.errors, result.created) == ([], 1)
    assert Municipality.objects.get(ags="07137001").name == "Mülheim-Kärlich"


def test_municipality_import_stores_children_under_7_when_the_columns_are_given(world):
    row = {
        **ACHT,
        "children_under_7": "6",
        "children_under_7_date": "2022-12-31",
        "children_under_7_estimated": "ja",
        "area_date": "2020-12-31",
    }

    result = run_import(world, csv_bytes([row]))

    assert result.errors == []
    acht = Municipality.objects.get(ags="07137001")
    assert (acht.children_under_7, acht.children_under_7_date, acht.children_under_7_estimated) == (
        6,
        dt.date(2022, 12, 31),
        True,
    )
    assert acht.area_date == dt.date(2020, 12, 31)


def test_district_file_imports_all_87_municipalities_and_its_reimport_changes_nothing(world):
    content = DISTRICT_FILE.read_bytes()

    first = run_import(world, content, filename=DISTRICT_FILE.name)
    audit_after_first = AuditEntry.objects.count()
    again = run_import(world, content, filename=DISTRICT_FILE.name)

    # The world already holds three of the AGS (with invented figures): those are updated.
    assert (first.errors, first.created, first.updated, first.unchanged) == ([], 84, 3, 0)
    assert len(first.created_associations) == 7
    district = Municipality.objects.filter(district=world.district)
    assert district.count() == 87
    assert district.aggregate(area=Sum("area_km2"), people=Sum("population")) == {
        "area": Decimal("817.67"),
        "people": 215_446,
    }
    assert (again.errors, again.created, again.updated, again.unchanged) == ([], 0, 0, 87)
    assert AuditEntry.objects.count() == audit_after_first


# --- Re-import ----------------------------------------------------------------------------------------------


def test_municipality_reimport_updates_by_ags_only_what_differs(world):
    run_import(world, csv_bytes([ACHT, ANSCHAU]))
    audit_before = AuditEntry.objects.count()

    result = run_import(world, csv_bytes([{**ACHT, "population": "90"}, ANSCHAU]))

    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 1, 1)
    assert Municipality.objects.filter(name="Acht").count() == 1
    assert Municipality.objects.get(ags="07137001").population == 90
    change = AuditEntry.objects.latest("id")
    assert AuditEntry.objects.count() == audit_before + 1
    assert (change.action, change.object_repr, change.changes) == (
        AuditEntry.Action.UPDATE,
        "Acht",
        {"population": [84, 90]},
    )


def test_municipality_reimport_of_the_same_file_reports_unchanged_and_writes_no_audit_entry(world):
    content = csv_bytes([ACHT, ANSCHAU, BENDORF])
    run_import(world, content)
    audit_before = AuditEntry.objects.count()

    result = run_import(world, content)

    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 0, 3)
    assert result.created_associations == []
    assert AuditEntry.objects.count() == audit_before


def test_municipality_import_leaves_fields_of_absent_optional_columns_untouched(world):
    kottenheim = world.municipality_in_area
    kottenheim.children_under_7 = 190
    kottenheim.children_under_7_date = dt.date(2021, 12, 31)
    kottenheim.save()
    row = {**ACHT, "ags": kottenheim.ags, "name": "Kottenheim", "population": "2557"}

    result = run_import(world, csv_bytes([row]))

    assert (result.errors, result.updated) == ([], 1)
    kottenheim.refresh_from_db()
    assert (kottenheim.population, kottenheim.children_under_7) == (2557, 190)


def test_municipality_reimport_without_area_date_keeps_the_stored_one(world):
    run_import(world, csv_bytes([{**ACHT, "area_date": "2020-12-31"}]))

    result = run_import(world, csv_bytes([{**ACHT, "population": "90", "population_date": "2022-12-31"}]))

    assert (result.errors, result.updated) == ([], 1)
    acht = Municipality.objects.get(ags="07137001")
    assert (acht.area_date, acht.population_date, acht.population) == (
        dt.date(2020, 12, 31),
        dt.date(2022, 12, 31),
        90,
    )
    assert set(AuditEntry.objects.latest("id").changes) == {"population", "population_date"}


def test_municipality_reimport_with_an_empty_area_date_dates_the_area_like_the_population(world):
    run_import(world, csv_bytes([{**ACHT, "area_date": "2020-12-31"}]))

    result = run_import(world, csv_bytes([{**ACHT, "area_date": ""}]))

    assert (result.errors, result.updated) == ([], 1)
    assert Municipality.objects.get(ags="07137001").area_date == dt.date(2021, 12, 31)


def test_import_dry_run_reports_the_counts_and_writes_nothing(world):
    before = _written_rows()

    result = run_import(world, csv_bytes([ACHT, BENDORF]), dry_run=True)

    assert (result.errors, result.created, result.dry_run) == ([], 2, True)
    assert _written_rows() == before


# --- Errors: nothing written, each error with row, column and reason --------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("population", "-5", "Must not be negative."),
        ("population", "2.900", "Enter a whole number."),
        ("ags", "0713700X", "The AGS has exactly 8 digits."),
        ("ags", "07131001", "AGS does not belong to district Mayen-Koblenz (key 07137)."),
        ("lat", "60.1", "Latitude must lie inside Germany (47.2 to 55.1)."),
        ("lat", "1e30", "Ensure this value is less than or equal to 180."),  # too large to round
        ("lon", "-1e30", "Ensure this value is greater than or equal to -180."),
        ("name", "Ansch\x00au", "Null characters are not allowed."),  # PostgreSQL cannot store them
        ("area_km2", "1.234,5", "Write the number without thousands separators, e.g. 1234,5."),
        ("population_date", "2021/12/31", "Enter a valid date."),
        ("own_youth_office", "vielleicht", "Enter true or false."),
        (
            "kind",
            "Dorf",
            "Unknown value “Dorf”. Allowed: Ortsgemeinde, Stadt, verbandsfreie Stadt, große kreisangehörige Stadt.",
        ),
        ("verband", "", "An Ortsgemeinde or Stadt belongs to a Verbandsgemeinde: name it."),
        ("name", "", "This field is required."),
    ],
)
def test_municipality_import_with_one_bad_row_writes_nothing_and_names_row_column_reason(
    world, column, value, message
):
    before = _written_rows()

    result = run_import(world, csv_bytes([ACHT, {**ANSCHAU, column: value}, BENDORF]))

    assert result.errors == [RowError(3, column, message)]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert _written_rows() == before


def test_municipality_import_reports_every_bad_row_at_once(world):
    rows = [{**ACHT, "population": "-1"}, ANSCHAU, {**BENDORF, "lon": "1.5"}]

    result = run_import(world, csv_bytes(rows))

    assert result.errors == [
        RowError(2, "population", "Must not be negative."),
        RowError(4, "lon", "Longitude must lie inside Germany (5.8 to 15.1)."),
    ]


def test_import_rejects_a_key_repeated_within_the_file(world):
    before = _written_rows()

    result = run_import(world, csv_bytes([ACHT, ANSCHAU, {**ACHT, "population": "85"}]))

    assert result.errors == [RowError(4, "ags", "07137001 already appears in row 2.")]
    assert _written_rows() == before


def test_import_rejects_a_repeated_key_even_when_its_first_row_has_other_errors(world):
    result = run_import(world, csv_bytes([{**ACHT, "population": "-84"}, {**ANSCHAU, "ags": ACHT["ags"]}]))

    assert result.errors == [
        RowError(2, "population", "Must not be negative."),
        RowError(3, "ags", "07137001 already appears in row 2."),
    ]


def test_import_reports_unknown_and_missing_columns_by_name_in_row_1(world):
    row = {**ACHT, "populaton": ACHT["population"]}
    del row["population"]

    result = run_import(world, csv_bytes([row]))

    known = ", ".join(MunicipalityImportRowForm.columns())
    assert result.errors == [
        RowError(1, "populaton", f"Unknown column. Known columns: {known}."),
        RowError(1, "population", "Required column is missing."),
    ]


def test_import_reports_a_row_longer_than_the_header(world):
    content = (
        csv_bytes([ACHT])
        + b"07137004,Anschau,Ortsgemeinde,Vordereifel,false,5.15,275,2021-12-31,50.3,7.1,x,extra\n"
    )

    result = run_import(world, content)

    assert result.errors == [RowError(3, "", "The row has more cells than the header has names.")]


def test_import_of_a_formula_saved_without_its_value_asks_to_save_the_file_in_excel(world):
    header = list(ACHT)
    # openpyxl, like other programs but unlike Excel, saves a formula without its result.
    row = ["=80+4" if column == "population" else ACHT[column] for column in header]
    before = _written_rows()

    result = run_import(world, xlsx_bytes(header, [row]), filename="Gemeinden.xlsx")

    assert result.errors == [
        RowError(
            None,
            "",
            "Cell G2 holds a formula without a stored value: open the file in Excel and save it again.",
        )
    ]
    assert _written_rows() == before


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("Gemeinden.txt", b"ags\n07137001\n", "Only CSV (.csv) and Excel (.xlsx) files can be imported."),
        ("Gemeinden.csv", b"x" * (MAX_FILE_BYTES + 1), "The file is larger than 5 MB."),
        (
            "Gemeinden.csv",
            "ags,name\n07137001,Müllenbach\n".encode("cp1252"),
            "The file is not UTF-8 encoded. In Excel, save it as “CSV UTF-8”.",
        ),
        ("Gemeinden.xlsx", b"PK not a workbook", "The file could not be read as an Excel workbook (.xlsx)."),
        ("Gemeinden.csv", b"", "The first row must hold the column names."),
        (
            "Gemeinden.csv",
            csv_bytes([ACHT]).split(b"\n")[0] + b"\n",
            "The file has no data rows below the header.",
        ),
    ],
)
def test_import_refuses_an_unreadable_file_with_a_clear_message(world, filename, content, message):
    result = run_import(world, content, filename=filename)

    assert result.errors == [RowError(None, "", message)]


# --- Kitas ----------------------------------------------------------------------------------------------------


def test_kita_import_creates_kitas_resolving_municipality_provider_and_social_area(world):
    result = run_import(world, csv_bytes([PUSTEBLUME, WIESENGRUND]), kind="kitas")

    assert (result.errors, result.created, result.updated) == ([], 2, 0)
    kita = Kita.objects.get(youth_office=world.office, number="P1")
    assert (kita.name, kita.municipality, kita.provider, kita.social_area) == (
        "Kita Pusteblume",
        world.kita_b.municipality,
        world.municipal,
        world.social_area,
    )
    assert (kita.street, kita.postal_code, kita.approved_places) == ("Hauptstraße 3", "56751", 70)
    assert (kita.latitude, kita.longitude, kita.family_centre_status) == (
        Decimal("50.30000"),
        Decimal("7.31000"),
        Kita.FamilyCentreStatus.FAMILY_CENTRE,
    )
    plain = Kita.objects.get(youth_office=world.office, number="P2")
    assert (plain.provider, plain.social_area, plain.latitude, plain.family_centre_status) == (
        world.church,
        None,
        None,
        Kita.FamilyCentreStatus.NONE,
    )


def test_kita_reimport_updates_by_number_only_what_differs(world):
    row = {
        "number": world.kita_a.number,
        "name": world.kita_a.name,
        "street": world.kita_a.street,
        "postal_code": world.kita_a.postal_code,
        "ags": world.kita_a.municipality.ags,
        "provider": world.kita_a.provider.name,
        "approved_places": "95",
    }
    kitas_before = Kita.objects.count()

    result = run_import(world, csv_bytes([row]), kind="kitas")

    assert (result.errors, result.created, result.updated) == ([], 0, 1)
    assert Kita.objects.count() == kitas_before
    world.kita_a.refresh_from_db()
    assert (world.kita_a.approved_places, world.kita_a.social_area) == (95, world.social_area)
    change = AuditEntry.objects.latest("id")
    assert (change.object_repr, change.changes) == ("Kita St. Martin", {"approved_places": [80, 95]})


def test_kita_import_keys_by_number_within_the_office_only(world):
    row = {**PUSTEBLUME, "number": world.other_kita.number}

    result = run_import(world, csv_bytes([row]), kind="kitas")

    assert (result.errors, result.created) == ([], 1)
    world.other_kita.refresh_from_db()
    assert world.other_kita.name == "Kita Fremd"


@pytest.mark.parametrize(
    ("bad", "column", "message"),
    [
        ({"provider": "Nobody e.V."}, "provider", "No provider named “Nobody e.V.” in your youth office."),
        ({"social_area": "Pellenz"}, "social_area", "No social area named “Pellenz” in your youth office."),
        ({"ags": "07137999"}, "ags", "No municipality with AGS 07137999 in the district."),
        ({"ags": "7137"}, "ags", "The AGS has exactly 8 digits."),
        ({"ags": "07137003"}, "ags", "Andernach is not in the responsibility area."),
        ({"approved_places": "-3"}, "approved_places", "Must not be negative."),
        ({"approved_places": "1001"}, "approved_places", "Ensure this value is less than or equal to 1000."),
        ({"postal_code": "5675x"}, "postal_code", "A postal code has 5 digits."),
        ({"street": "Haupt\x00straße 3"}, "street", "Null characters are not allowed."),
        ({"lat": "1e30", "lon": "7.3"}, "lat", "Ensure this value is less than or equal to 180."),
        ({"lat": "50.3", "lon": ""}, "lon", "Give both latitude and longitude, or neither."),
        ({"lat": "50.3", "lon": "17.2"}, "lon", "Longitude must lie inside Germany (5.8 to 15.1)."),
        (
            {"family_centre_status": "vielleicht"},
            "family_centre_status",
            "Unknown value “vielleicht”. Allowed: kein Familienzentrum, im Aufbau, Familienzentrum.",
        ),
    ],
)
def test_kita_import_with_one_bad_row_writes_nothing_and_names_row_column_reason(world, bad, column, message):
    before = _written_rows()

    result = run_import(world, csv_bytes([PUSTEBLUME, {**WIESENGRUND, **bad}]), kind="kitas")

    assert result.errors == [RowError(3, column, message)]
    assert _written_rows() == before


def _kita_xlsx(*numbers) -> bytes:
    """Pusteblume's row once per number, the number typed into a number cell as Excel stores it."""
    header = list(PUSTEBLUME)
    return xlsx_bytes(
        header, [[number if c == "number" else PUSTEBLUME[c] for c in header] for number in numbers]
    )


def test_kita_import_matches_a_number_excel_stored_without_its_leading_zero(world):
    kita = KitaFactory(
        youth_office=world.office,
        number="0123",
        municipality=world.municipality_in_area,
        provider=world.church,
    )

    result = run_import(world, _kita_xlsx(123), kind="kitas", filename="Kitas.xlsx")

    assert (result.errors, result.created, result.updated) == ([], 0, 1)
    kita.refresh_from_db()
    assert (kita.number, kita.name) == ("0123", "Kita Pusteblume")
    assert not Kita.objects.filter(number="123").exists()


def test_kita_import_stores_a_new_number_from_a_number_cell_as_its_digits(world):
    result = run_import(world, _kita_xlsx(4711.0), kind="kitas", filename="Kitas.xlsx")

    assert (result.errors, result.created) == ([], 1)
    assert Kita.objects.get(youth_office=world.office, name="Kita Pusteblume").number == "4711"


def test_kita_import_reports_a_number_given_with_and_without_leading_zeros_as_repeated(world):
    KitaFactory(youth_office=world.office, number="0123", municipality=world.municipality_in_area)
    before = _written_rows()

    result = run_import(
        world, csv_bytes([{**PUSTEBLUME, "number": "0123"}, {**WIESENGRUND, "number": "123"}]), kind="kitas"
    )

    assert result.errors == [RowError(3, "number", "0123 already appears in row 2.")]
    assert _written_rows() == before


def test_kita_import_does_not_find_a_provider_of_another_office(world):
    foreign = world.other_kita.provider.name

    result = run_import(world, csv_bytes([{**PUSTEBLUME, "provider": foreign}]), kind="kitas")

    assert result.errors == [RowError(2, "provider", f"No provider named “{foreign}” in your youth office.")]


# --- The shipped example files -----------------------------------------------------------------------------


def test_example_municipality_file_imports_into_the_district(world):
    result = run_import(world, (EXAMPLES / "import_example_municipalities.csv").read_bytes())

    assert (result.errors, result.created, result.updated) == ([], 2, 1)
    bendorf = Municipality.objects.get(ags="07137203")
    assert (bendorf.children_under_7, bendorf.children_under_7_estimated) == (1103, True)


def test_example_kita_file_imports_when_its_provider_and_places_exist(world):
    bendorf = MunicipalityFactory(district=world.district, ags="07137203", name="Bendorf")
    ResponsibilityAreaFactory(youth_office=world.office, municipality=bendorf)
    ProviderFactory(youth_office=world.office, name="Katholische KiTa gGmbH Koblenz")
    SocialAreaFactory(youth_office=world.office, name="Sozialraum Bendorf")

    result = run_import(world, (EXAMPLES / "import_example_kitas.csv").read_bytes(), kind="kitas")

    assert (result.errors, result.created) == ([], 2)
    assert Kita.objects.get(number="KJA-07137-901").family_centre_status == Kita.FamilyCentreStatus.DEVELOPING


# --- Responsibility area ------------------------------------------------------------------------------------


def _area_csv(*rows: tuple[str, str, str]) -> bytes:
    return csv_bytes([dict(zip(["ags", "valid_from", "valid_to"], row, strict=True)) for row in rows])


def _periods(world) -> list[tuple[str, dt.date, dt.date | None]]:
    periods = ResponsibilityArea.objects.filter(youth_office=world.office).select_related("municipality")
    return sorted((p.municipality.name, p.valid_from, p.valid_to) for p in periods)


@pytest.fixture
def bendorf(world):
    """A municipality of the district that is in no responsibility area."""
    return MunicipalityFactory(district=world.district, ags="07137203", name="Bendorf")


def test_responsibility_area_import_adds_periods_and_ends_those_with_valid_to(world, bendorf):
    content = _area_csv(("07137003", "2026-01-01", ""), ("7137203", "01.07.2021", "31.12.2025"))

    result = run_import(world, content, kind="responsibility_area")

    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 2, 0, 0)
    assert _periods(world) == [
        ("Andernach", dt.date(2026, 1, 1), None),
        ("Bendorf", dt.date(2021, 7, 1), dt.date(2025, 12, 31)),
        ("Kottenheim", dt.date(2021, 7, 1), None),
        ("Polch", dt.date(2021, 7, 1), None),
    ]
    audited = AuditEntry.objects.filter(
        actor=world.users["coordinator"], model_label="registry.ResponsibilityArea"
    ).order_by("id")
    assert list(audited.values_list("action", flat=True)) == ["create", "create", "update"]


def test_responsibility_area_reimport_of_known_periods_is_unchanged_and_writes_nothing(world):
    audit_before = AuditEntry.objects.count()

    result = run_import(
        world,
        _area_csv(("07137055", "2021-07-01", ""), ("07137068", "2021-07-01", "")),
        kind="responsibility_area",
    )

    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 0, 2)
    assert AuditEntry.objects.count() == audit_before
    assert ResponsibilityArea.objects.filter(youth_office=world.office).count() == 2


def test_responsibility_area_import_ends_a_known_period(world, bendorf):
    ResponsibilityAreaFactory(youth_office=world.office, municipality=bendorf, valid_from=dt.date(2021, 7, 1))

    result = run_import(
        world, _area_csv(("07137203", "2021-07-01", "2025-12-31")), kind="responsibility_area"
    )

    assert (result.errors, result.created, result.updated) == ([], 0, 1)
    assert ("Bendorf", dt.date(2021, 7, 1), dt.date(2025, 12, 31)) in _periods(world)


def test_responsibility_area_import_takes_successive_periods_of_one_municipality(world, bendorf):
    content = _area_csv(("07137203", "2021-07-01", "2023-12-31"), ("07137203", "2025-01-01", ""))

    result = run_import(world, content, kind="responsibility_area")

    assert (result.errors, result.created) == ([], 2)
    assert [period for period in _periods(world) if period[0] == "Bendorf"] == [
        ("Bendorf", dt.date(2021, 7, 1), dt.date(2023, 12, 31)),
        ("Bendorf", dt.date(2025, 1, 1), None),
    ]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (("07137999", "2026-01-01", ""), "ags", "No municipality with AGS 07137999 in the district."),
        (("07137003", "2026-13-01", ""), "valid_from", "Enter a valid date."),
        (("07137003", "", ""), "valid_from", "This field is required."),
        (("07137003", "2026-01-01", "2025-12-31"), "valid_to", "'Valid to' must not be before 'valid from'."),
        (("07137055", "2026-01-01", ""), "ags", "Kottenheim already belongs to a responsibility area."),
        (
            ("07137055", "2021-07-01", "2025-12-31"),
            "valid_to",
            "Active Kitas lie in Kottenheim: move or deactivate them first.",
        ),
    ],
)
def test_responsibility_area_import_with_one_bad_row_writes_nothing_and_names_row_column_reason(
    world, bendorf, row, column, message
):
    periods_before, audit_before = _periods(world), AuditEntry.objects.count()

    result = run_import(world, _area_csv(("07137203", "2021-07-01", ""), row), kind="responsibility_area")

    assert result.errors == [RowError(3, column, message)]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert (_periods(world), AuditEntry.objects.count()) == (periods_before, audit_before)


def test_responsibility_area_import_does_not_find_a_municipality_of_another_district(world):
    ags = world.other_kita.municipality.ags

    result = run_import(world, _area_csv((ags, "2026-01-01", "")), kind="responsibility_area")

    assert result.errors == [RowError(2, "ags", f"No municipality with AGS {ags} in the district.")]


def test_responsibility_area_import_does_not_reopen_an_ended_period(world, bendorf):
    ResponsibilityAreaFactory(
        youth_office=world.office,
        municipality=bendorf,
        valid_from=dt.date(2021, 7, 1),
        valid_to=dt.date(2023, 12, 31),
    )

    result = run_import(world, _area_csv(("07137203", "2021-07-01", "")), kind="responsibility_area")

    assert result.errors == [
        RowError(2, "valid_to", "An ended period cannot be reopened: add a new period instead.")
    ]
    assert ("Bendorf", dt.date(2021, 7, 1), dt.date(2023, 12, 31)) in _periods(world)


def test_responsibility_area_import_rejects_a_period_repeated_within_the_file(world, bendorf):
    content = _area_csv(("07137203", "2021-07-01", ""), ("7137203", "01.07.2021", "2025-12-31"))

    result = run_import(world, content, kind="responsibility_area")

    assert result.errors == [RowError(3, "ags", "07137203 from 01.07.2021 already appears in row 2.")]
    assert "Bendorf" not in {period[0] for period in _periods(world)}


def test_example_responsibility_area_file_imports_into_the_office(world, bendorf):
    content = (EXAMPLES / "import_example_responsibility_area.csv").read_bytes()

    result = run_import(world, content, kind="responsibility_area")

    assert (result.errors, result.created, result.unchanged) == ([], 1, 2)
    assert ("Bendorf", dt.date(2021, 7, 1), None) in _periods(world)
