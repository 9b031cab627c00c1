"""Import of municipalities, responsibility-area periods and Kitas from CSV and XLSX files (column layout:
docs/import.md).

The file is read into text cells, its header checked, every row validated by its row form
(`forms_import`) and written through the registry services, all in one transaction. Any error rolls the
whole import back, and the user gets every error with its row, column and reason. Rows are matched by key
(AGS; AGS and first day; Kita number): a known record gets only what differs, an unchanged one is left
alone and gets no audit entry.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePath
from typing import IO, Any, ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from kisa.registry.forms_import import (
    MAX_FILE_MB,
    ImportKind,
    ImportRowForm,
    KitaImportRowForm,
    MunicipalityImportRowForm,
    ResponsibilityAreaImportRowForm,
)
from kisa.registry.models import (
    Kita,
    MunicipalAssociation,
    Municipality,
    Provider,
    ResponsibilityArea,
    SocialArea,
    YouthOffice,
)
from kisa.registry.services import (
    kita_create,
    kita_update,
    municipal_association_get_or_create,
    municipality_create,
    municipality_update,
    responsibility_area_add,
    responsibility_area_end,
)

MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
# A registry has a few hundred rows; the cap stops a small but highly compressed XLSX from eating memory.
# Counted including empty rows, which spreadsheets sometimes keep below the data.
MAX_ROWS = 10_000


@dataclass(frozen=True)
class RowError:
    """One problem, where the user finds it: row 1 is the header, None the file as a whole."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            where = _("file")
        elif self.column:
            where = _("row %(row)s, column %(column)s") % {"row": self.row, "column": self.column}
        else:
            where = _("row %(row)s") % {"row": self.row}
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    """What an import did, or with `errors` why it wrote nothing (then all counts are 0)."""

    kind: str
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    created_associations: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        return _("%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
            "kind": ImportKind(self.kind).label,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


# --- Reading the file ---------------------------------------------------------------------------------


class ImportFileError(Exception):
    """The file as a whole cannot be imported (type, size, encoding, no data)."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The file is not UTF-8 encoded. In Excel, save it as “CSV UTF-8”.")) from exc
    first_line = text.split("\n", 1)[0]
    # German spreadsheets write ';' (the comma is their decimal sign); column names contain neither.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise ImportFileError(_("The file could not be read as CSV: %(reason)s") % {"reason": exc}) from exc


def _cell_text(value: Any) -> str:
    """An XLSX cell as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _formula_without_value(values: tuple[Any, ...], formulas: tuple[Any, ...]) -> str | None:
    """The first cell holding a formula but no stored result (which Excel saves with every formula; files
    written by other programs may lack it), by its coordinate."""
    for value, formula in zip(values, formulas, strict=False):
        if value.value is None and formula.data_type == "f":
            return str(formula.coordinate)
    return None


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    """The first sheet's rows; read-only mode parses lazily, so reading errors surface while iterating.

    The sheet is read twice in step: for the stored results and for the formulas, so that a formula
    without a result is reported as such instead of as an empty cell.
    """
    unreadable = _("The file could not be read as an Excel workbook (.xlsx).")
    workbooks = []
    try:
        for data_only in (True, False):
            workbooks.append(load_workbook(io.BytesIO(content), read_only=True, data_only=data_only))
        sheets = [workbook.worksheets[0].iter_rows() for workbook in workbooks]
        for values, formulas in zip(*sheets, strict=True):
            coordinate = _formula_without_value(values, formulas)
            if coordinate is not None:
                raise ImportFileError(
                    _(
                        "Cell %(cell)s holds a formula without a stored value: open the file in Excel "
                        "and save it again."
                    )
                    % {"cell": coordinate}
                )
            yield [_cell_text(cell.value) for cell in values]
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many types on a damaged file; each means "not readable"
        raise ImportFileError(unreadable) from exc
    finally:
        for workbook in workbooks:
            workbook.close()


READERS: dict[str, Callable[[bytes], Iterator[list[str]]]] = {".csv": _csv_rows, ".xlsx": _xlsx_rows}


def read_table(file: IO[bytes], filename: str) -> Table:
    """The header (lower-cased names) and the non-empty data rows with their row numbers in the file."""
    reader = READERS.get(PurePath(filename).suffix.lower())
    if reader is None:
        raise ImportFileError(_("Only CSV (.csv) and Excel (.xlsx) files can be imported."))
    content = file.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_FILE_MB})
    lines = reader(content)
    header = [name.strip().casefold() for name in next(lines, [])]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise ImportFileError(_("The first row must hold the column names."))
    rows = []
    for number, cells in enumerate(lines, start=2):
        if number > MAX_ROWS + 1:
            raise ImportFileError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
        stripped = [cell.strip() for cell in cells]
        if any(stripped):
            rows.append((number, stripped))
    if not rows:
        raise ImportFileError(_("The file has no data rows below the header."))
    return Table(header=header, rows=rows)


def check_header(header: list[str], form_class: type[ImportRowForm]) -> list[RowError]:
    """Unnamed, repeated, unknown and missing columns, each reported by name in row 1."""
    errors = []
    known = form_class.columns()
    for position, name in enumerate(header, start=1):
        if not name:
            errors.append(RowError(1, "", _("Column %(number)s has no name.") % {"number": position}))
        elif header.index(name) != position - 1:
            errors.append(RowError(1, name, _("The column appears more than once.")))
        elif name not in known:
            errors.append(
                RowError(
                    1, name, _("Unknown column. Known columns: %(known)s.") % {"known": ", ".join(known)}
                )
            )
    errors.extend(
        RowError(1, name, _("Required column is missing."))
        for name in known
        if name in form_class.required_columns and name not in header
    )
    return errors


# --- Writing through the services -----------------------------------------------------------------------


class _Writer:
    """Validates and writes the rows of one kind; one instance per import."""

    form_class: ClassVar[type[ImportRowForm]]

    def __init__(self, *, youth_office: YouthOffice, actor: Any, columns: list[str]) -> None:
        self.youth_office = youth_office
        self.actor = actor
        self.columns = columns
        self.created_associations: list[str] = []

    def form(self, values: Mapping[str, str]) -> ImportRowForm:
        raise NotImplementedError

    @cached_property
    def stored(self) -> dict[Hashable, models.Model]:
        """The records already stored, by key (read once, inside the import's transaction)."""
        raise NotImplementedError

    def stored_key(self, key: Hashable) -> Hashable:
        """The key of the stored record a row's key stands for: by default the same."""
        return key

    def prepare(self, data: dict[str, Any]) -> dict[str, Any]:
        return data

    def create(self, key: Any, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def update(self, instance: Any, data: dict[str, Any]) -> None:
        raise NotImplementedError


class _MunicipalityWriter(_Writer):
    form_class = MunicipalityImportRowForm

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.district = self.youth_office.district
        self.associations: dict[str, MunicipalAssociation | None] = {"": None}

    def form(self, values: Mapping[str, str]) -> ImportRowForm:
        return MunicipalityImportRowForm(values, columns=self.columns, district=self.district)

    @cached_property
    def stored(self) -> dict[Hashable, models.Model]:
        municipalities = Municipality.objects.filter(district=self.district).select_related(
            "district", "association"
        )
        return {m.ags: m for m in municipalities}

    def prepare(self, data: dict[str, Any]) -> dict[str, Any]:
        if "association" in data:
            data["association"] = self._association(data["association"])
        return data

    def _association(self, name: str) -> MunicipalAssociation | None:
        if name.casefold() not in self.associations:
            association, created = municipal_association_get_or_create(
                actor=self.actor, district=self.district, name=name
            )
            if created:
                self.created_associations.append(association.name)
            self.associations[name.casefold()] = association
        return self.associations[name.casefold()]

    def create(self, key: Any, data: dict[str, Any]) -> None:
        # Without an `area_date` column, the area is dated like the population (as Destatis gives them).
        data = {"ags": key, "district": self.district, "area_date": data["population_date"], **data}
        municipality_create(actor=self.actor, data=data)

    def update(self, instance: Any, data: dict[str, Any]) -> None:
        municipality_update(actor=self.actor, municipality=instance, data=data)


class _KitaWriter(_Writer):
    form_class = KitaImportRowForm

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        office = self.youth_office
        self.lookups = {
            "municipalities": _by_key(Municipality.objects.filter(district_id=office.district_id), "ags"),
            "providers": _by_key(Provider.objects.filter(youth_office=office), "name"),
            "social_areas": _by_key(SocialArea.objects.filter(youth_office=office), "name"),
        }

    def form(self, values: Mapping[str, str]) -> ImportRowForm:
        return KitaImportRowForm(values, columns=self.columns, **self.lookups)

    @cached_property
    def stored(self) -> dict[Hashable, models.Model]:
        kitas = Kita.objects.filter(youth_office=self.youth_office).select_related(
            "youth_office", "municipality", "provider", "social_area"
        )
        return {kita.number: kita for kita in kitas}

    @cached_property
    def _digit_numbers(self) -> dict[str, str]:
        """Stored numbers made of digits, by their value without leading zeros (where that is unique)."""
        digits = [number for number in map(str, self.stored) if number.isdigit()]
        counts = Counter(number.lstrip("0") for number in digits)
        return {number.lstrip("0"): number for number in digits if counts[number.lstrip("0")] == 1}

    def stored_key(self, key: Hashable) -> Hashable:
        # Excel keeps a number such as 0123 typed into a number cell as 123 (in XLSX and in the CSV it
        # saves): a number that matches a stored one but for leading zeros is that Kita, not a new one.
        number = str(key)
        if key in self.stored or not number.isdigit():
            return key
        return self._digit_numbers.get(number.lstrip("0"), key)

    def create(self, key: Any, data: dict[str, Any]) -> None:
        kita_create(actor=self.actor, youth_office=self.youth_office, data={"number": key, **data})

    def update(self, instance: Any, data: dict[str, Any]) -> None:
        kita_update(actor=self.actor, kita=instance, data=data)


class _ResponsibilityAreaWriter(_Writer):
    form_class = ResponsibilityAreaImportRowForm

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        district_id = self.youth_office.district_id
        self.municipalities = _by_key(Municipality.objects.filter(district_id=district_id), "ags")

    def form(self, values: Mapping[str, str]) -> ImportRowForm:
        return ResponsibilityAreaImportRowForm(
            values, columns=self.columns, municipalities=self.municipalities
        )

    @cached_property
    def stored(self) -> dict[Hashable, models.Model]:
        periods = ResponsibilityArea.objects.filter(youth_office=self.youth_office).select_related(
            "youth_office", "municipality"
        )
        return {(period.municipality.ags, period.valid_from): period for period in periods}

    def create(self, key: Any, data: dict[str, Any]) -> None:
        period = responsibility_area_add(
            actor=self.actor,
            youth_office=self.youth_office,
            municipality=data["municipality"],
            valid_from=data["valid_from"],
        )
        if data.get("valid_to") is not None:
            responsibility_area_end(actor=self.actor, period=period, valid_to=data["valid_to"])

    def update(self, instance: Any, data: dict[str, Any]) -> None:
        # Only the end can differ: municipality and first day are the key.
        if data["valid_to"] is None:
            raise ValidationError(
                {"valid_to": _("An ended period cannot be reopened: add a new period instead.")}
            )
        responsibility_area_end(actor=self.actor, period=instance, valid_to=data["valid_to"])


def _by_key(records: Iterable[models.Model], attribute: str) -> dict[str, models.Model]:
    return {getattr(record, attribute).casefold(): record for record in records}


WRITERS: dict[str, type[_Writer]] = {
    ImportKind.MUNICIPALITIES: _MunicipalityWriter,
    ImportKind.RESPONSIBILITY_AREA: _ResponsibilityAreaWriter,
    ImportKind.KITAS: _KitaWriter,
}


@dataclass(frozen=True)
class ImportLayout:
    """The columns of one import kind, for the upload page; `example` is a static file path."""

    kind: str
    label: str
    required: list[str]
    optional: list[str]
    example: str


def import_layouts(kinds: Collection[str]) -> list[ImportLayout]:
    """The layouts of `kinds` (the ones the user may import), in the order an office is set up."""
    return [
        ImportLayout(
            kind=kind,
            label=str(ImportKind(kind).label),
            required=[c for c in writer.form_class.columns() if c in writer.form_class.required_columns],
            optional=writer.form_class.optional_columns(),
            example=f"registry/import_example_{kind}.csv",
        )
        for kind, writer in WRITERS.items()
        if kind in kinds
    ]


def _differs(instance: models.Model, name: str, value: Any) -> bool:
    model_field = instance._meta.get_field(name)
    if model_field.is_relation:
        # Compare ids: reading the related object would cost a query per row.
        return getattr(instance, model_field.attname) != (value.pk if value is not None else None)
    return getattr(instance, name) != value


def _form_errors(row: int, form: ImportRowForm) -> list[RowError]:
    return [
        RowError(row, "" if column == NON_FIELD_ERRORS else column, message)
        for column, errors in form.errors.as_data().items()
        for error in errors
        for message in error.messages
    ]


def _service_errors(row: int, exc: ValidationError, form_class: type[ImportRowForm]) -> list[RowError]:
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    return [
        RowError(row, form_class.column_for(name), message)
        for name, messages in by_field.items()
        for message in messages
    ]


def _write_rows(writer: _Writer, table: Table, result: ImportResult) -> None:
    first_row: dict[Hashable, int] = {}
    width = len(table.header)
    for row, cells in table.rows:
        if any(cells[width:]):
            result.errors.append(RowError(row, "", _("The row has more cells than the header has names.")))
            continue
        form = writer.form(dict(zip(table.header, cells, strict=False)))
        valid = form.is_valid()
        result.errors.extend(_form_errors(row, form))
        # The key is checked for repeats even when other cells of its row are wrong.
        key = form.key()
        if key is not None:
            key = writer.stored_key(key)
        if key in first_row:
            message = _("%(key)s already appears in row %(row)s.") % {
                "key": form.key_text(key),
                "row": first_row[key],
            }
            result.errors.append(RowError(row, form.key_column, message))
            continue
        if key is not None:
            first_row[key] = row
        if not valid:
            continue
        try:
            _write_row(writer, result, writer.stored.get(key), key, writer.prepare(form.model_data()))
        except ValidationError as exc:
            result.errors.extend(_service_errors(row, exc, writer.form_class))


def _write_row(
    writer: _Writer, result: ImportResult, instance: models.Model | None, key: Any, data: dict[str, Any]
) -> None:
    if instance is None:
        writer.create(key, data)
        result.created += 1
        return
    changes = {name: value for name, value in data.items() if _differs(instance, name, value)}
    if not changes:
        result.unchanged += 1
        return
    writer.update(instance, changes)
    result.updated += 1


def registry_import(
    *,
    kind: str,
    file: IO[bytes],
    filename: str,
    youth_office: YouthOffice,
    actor: Any,
    dry_run: bool = False,
) -> ImportResult:
    """Import municipalities (into the office's district), responsibility-area periods or Kitas (into the
    office) from a CSV/XLSX file. Whether `actor` may import `kind` is the caller's check (the upload page
    checks the role; the command is run by an operator).

    All rows are written in one transaction through the registry services, which validate and audit
    each change. Every row is checked even after an error, so the user sees all errors at once; then
    the transaction is rolled back and nothing is written. `dry_run` always rolls back.
    """
    writer_class = WRITERS[kind]
    try:
        table = read_table(file, filename)
    except ImportFileError as exc:
        return ImportResult(kind=kind, dry_run=dry_run, errors=[RowError(None, "", str(exc))])
    header_errors = check_header(table.header, writer_class.form_class)
    if header_errors:
        return ImportResult(kind=kind, dry_run=dry_run, errors=header_errors)
    result = ImportResult(kind=kind, dry_run=dry_run)
    with transaction.atomic():
        writer = writer_class(youth_office=youth_office, actor=actor, columns=table.header)
        _write_rows(writer, table, result)
        if result.errors or dry_run:
            transaction.set_rollback(True)
    if result.errors:
        return ImportResult(kind=kind, dry_run=dry_run, errors=result.errors)
    result.created_associations = writer.created_associations
    return result
