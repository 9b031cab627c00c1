"""Forms of the registry import: the upload form, and one form per imported row kind.

A row form validates one data row of the file. Its fields are named like the file's columns, so its
errors name the column the user sees. Fields of optional columns the file does not have are dropped:
an absent column leaves the stored value untouched, an empty cell clears it (or sets the default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Hashable, Mapping
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kisa.core.forms import KisaFormMixin
from kisa.registry.models import District, Kita, Municipality, ags_validator

MAX_FILE_MB = 5

# Dates as written by Destatis (ISO) and by German spreadsheets.
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class ImportKind(models.TextChoices):
    """In the order an office is set up: its district's municipalities, its area, then its Kitas."""

    MUNICIPALITIES = "municipalities", _("Municipalities")
    RESPONSIBILITY_AREA = "responsibility_area", _("Responsibility area")
    KITAS = "kitas", _("Kitas")


# Municipality figures are reference data shared by every office of the district: only the system
# administrator imports them. The office's own registry is the coordinator's.
IMPORT_PERMISSIONS = {
    ImportKind.MUNICIPALITIES: "registry.import_territory",
    ImportKind.RESPONSIBILITY_AREA: "registry.import",
    ImportKind.KITAS: "registry.import",
}


def import_kinds_for(user: Any) -> list[ImportKind]:
    return [kind for kind in ImportKind if user.has_perm(IMPORT_PERMISSIONS[kind])]


class ImportUploadForm(KisaFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What to import"))
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))
    dry_run = forms.BooleanField(label=_("Only check the file, write nothing"), required=False)

    def __init__(self, *args: Any, kinds: Collection[ImportKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        self.fields["file"].help_text = gettext(
            "CSV (UTF-8, separated by comma or semicolon) or Excel (.xlsx), at most %(mb)s MB."
        ) % {"mb": MAX_FILE_MB}


# --- Fields that read spreadsheet text --------------------------------------------------------------


class DecimalCommaField(forms.DecimalField):
    """A decimal written with a comma (German) or a point."""

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str) and "," in value:
            if "." in value:
                # "1.234,5" or "1,234.5": thousands separators make the value ambiguous.
                raise ValidationError(
                    _("Write the number without thousands separators, e.g. 1234,5."), code="invalid"
                )
            value = value.replace(",", ".")
        return super().to_python(value)


class CoordinateField(DecimalCommaField):
    """WGS84 degrees, rounded to the 5 decimals (about 1 m) that are stored.

    Bounded first: rounding a huge number (1e30) to 5 decimals would raise instead of failing validation.
    The model then checks that the place lies inside Germany.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=-180, max_value=180, **kwargs)

    def clean(self, value: Any) -> Decimal | None:
        number = super().clean(value)
        return None if number is None else number.quantize(Decimal("0.00001"))


def _restore_leading_zero(text: str, length: int | None) -> str:
    # Spreadsheets store codes as numbers and drop a leading zero ("7137001"); a code one digit short
    # is never valid, so the zero is restored.
    if length and text.isdigit() and len(text) == length - 1:
        return f"0{text}"
    return text


class DigitCodeField(forms.CharField):
    """A code of digits with a fixed length (AGS, postal code)."""

    def __init__(self, *, length: int, **kwargs: Any) -> None:
        self.length = length
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return _restore_leading_zero(super().to_python(value), self.length)


class TextBooleanField(forms.Field):
    """true/false as typed in a spreadsheet (also ja/nein, wahr/falsch, 1/0)."""

    TRUE = frozenset({"true", "ja", "wahr", "yes", "1"})
    FALSE = frozenset({"false", "nein", "falsch", "no", "0"})
    default_error_messages = {"invalid": _("Enter true or false.")}

    def __init__(self, *, empty_value: bool | None = None, **kwargs: Any) -> None:
        self.empty_value = empty_value
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> bool | None:
        text = str(value or "").strip().casefold()
        if not text:
            return self.empty_value
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class AliasChoiceField(forms.Field):
    """A choice given by a German word from `aliases` (listed in errors), its stored value or its label."""

    def __init__(
        self,
        *,
        choices: type[models.TextChoices],
        aliases: Mapping[str, str],
        empty_value: str = "",
        **kwargs: Any,
    ) -> None:
        self.choices = choices
        self.aliases = aliases
        self.empty_value = empty_value
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = str(value or "").strip()
        if not text:
            return self.empty_value
        known = {stored.casefold(): stored for stored in self.choices.values}
        known |= {str(label).casefold(): stored for stored, label in self.choices.choices}
        known |= {alias.casefold(): stored for alias, stored in self.aliases.items()}
        if text.casefold() in known:
            return known[text.casefold()]
        allowed = ", ".join(self.aliases)
        raise ValidationError(
            _("Unknown value “%(value)s”. Allowed: %(allowed)s."),
            code="invalid_choice",
            params={"value": text, "allowed": allowed},
        )


class LookupField(forms.CharField):
    """A reference to an existing record by its name or code, looked up in a mapping loaded once per file.

    Keys are compared case-insensitively; `not_found` names what was looked for.
    """

    def __init__(self, *, not_found: str, code_length: int | None = None, **kwargs: Any) -> None:
        self.records: Mapping[str, Any] = {}
        self.not_found = not_found
        self.code_length = code_length
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return _restore_leading_zero(super().to_python(value), self.code_length)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        record = self.records.get(text.casefold())
        if record is None:
            raise ValidationError(self.not_found, code="not_found", params={"value": text})
        return record


def _non_negative_int(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(min_value=0, error_messages={"min_value": _("Must not be negative.")}, **kwargs)


def _date(**kwargs: Any) -> forms.DateField:
    return forms.DateField(input_formats=DATE_FORMATS, **kwargs)


# --- Row forms ----------------------------------------------------------------------------------------


class ImportRowForm(forms.Form):
    """One data row. Subclasses declare one field per column, named like the column."""

    key_column: ClassVar[str]
    # Columns that must be present in the header (some of their cells may still be empty).
    required_columns: ClassVar[frozenset[str]]
    # Column name → model field name, where they differ.
    model_fields: ClassVar[dict[str, str]] = {}
    # Columns that are checked but not stored.
    informational: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, data: Mapping[str, str], *, columns: Collection[str]) -> None:
        super().__init__(data)
        for name in list(self.fields):
            if name not in columns:
                del self.fields[name]

    def key(self) -> Hashable | None:
        """What identifies the row's record; None while the cells it is made of are invalid."""
        return self.cleaned_data.get(self.key_column)

    @staticmethod
    def key_text(key: Any) -> str:
        return str(key)

    @classmethod
    def columns(cls) -> list[str]:
        return list(cls.base_fields)

    @classmethod
    def optional_columns(cls) -> list[str]:
        return [name for name in cls.base_fields if name not in cls.required_columns]

    @classmethod
    def column_for(cls, model_field: str) -> str:
        """The column that holds `model_field` ("" when none does, e.g. for a rule over several)."""
        for column, field in cls.model_fields.items():
            if field == model_field:
                return column
        return model_field if model_field in cls.base_fields else ""

    def model_data(self) -> dict[str, Any]:
        """Cleaned values by model field name, without the key and informational columns."""
        skip = {self.key_column, *self.informational}
        return {
            self.model_fields.get(column, column): value
            for column, value in self.cleaned_data.items()
            if column not in skip
        }


class MunicipalityImportRowForm(ImportRowForm):
    """A municipality in the layout of the Destatis extract (`myk_municipalities.csv`).

    Range checks (coordinates inside Germany, area > 0, children ≤ inhabitants) stay in the model and
    reach the user through the service's `ValidationError`.
    """

    KIND_ALIASES: ClassVar[dict[str, str]] = {
        "Ortsgemeinde": Municipality.Kind.LOCAL,
        "Stadt": Municipality.Kind.TOWN,
        "verbandsfreie Stadt": Municipality.Kind.INDEPENDENT_TOWN,
        "große kreisangehörige Stadt": Municipality.Kind.LARGE_TOWN,
    }
    IN_ASSOCIATION: ClassVar[frozenset[str]] = frozenset({Municipality.Kind.LOCAL, Municipality.Kind.TOWN})

    ags = DigitCodeField(length=8, validators=[ags_validator])
    name = forms.CharField(max_length=120)
    kind = AliasChoiceField(choices=Municipality.Kind, aliases=KIND_ALIASES)
    verband = forms.CharField(max_length=120, required=False)
    own_youth_office = TextBooleanField()
    area_km2 = DecimalCommaField(max_digits=8, decimal_places=2)
    area_date = _date(required=False)
    population = _non_negative_int()
    population_date = _date()
    children_under_7 = _non_negative_int(required=False)
    children_under_7_date = _date(required=False)
    children_under_7_estimated = TextBooleanField(required=False, empty_value=False)
    lat = CoordinateField()
    lon = CoordinateField()
    source = forms.CharField(max_length=200, required=False)

    key_column = "ags"
    required_columns = frozenset(
        {"ags", "name", "kind", "verband", "area_km2", "population", "population_date", "lat", "lon"}
    )
    model_fields = {"verband": "association", "lat": "latitude", "lon": "longitude"}
    informational = frozenset({"own_youth_office"})

    def __init__(self, data: Mapping[str, str], *, columns: Collection[str], district: District) -> None:
        super().__init__(data, columns=columns)
        self.district = district

    def clean_ags(self) -> str:
        ags = self.cleaned_data["ags"]
        if not ags.startswith(self.district.key):
            raise ValidationError(
                _("AGS does not belong to district %(name)s (key %(key)s)."),
                params={"name": self.district.name, "key": self.district.key},
            )
        return ags

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not kind or "verband" in self.errors:
            return cleaned
        # The kinds are defined by membership in a Verbandsgemeinde, so a contradiction is a typo.
        if kind in self.IN_ASSOCIATION and not cleaned.get("verband"):
            self.add_error("verband", _("An Ortsgemeinde or Stadt belongs to a Verbandsgemeinde: name it."))
        elif kind not in self.IN_ASSOCIATION and cleaned.get("verband"):
            self.add_error("verband", _("This kind of town belongs to no Verbandsgemeinde: leave it empty."))
        return cleaned

    def model_data(self) -> dict[str, Any]:
        data = super().model_data()
        # Destatis gives area and population at the same reference date. (Without the column a stored
        # municipality keeps its date and a new one gets `population_date`: see the import's writer.)
        if "area_date" in data and data["area_date"] is None:
            data["area_date"] = data["population_date"]
        return data


class KitaImportRowForm(ImportRowForm):
    """A Kita of the importing youth office; its municipality, provider and social area must exist.

    Range checks (places ≤ 1000, coordinates inside Germany and given in pairs, municipality inside the
    responsibility area) stay in the model and the service.
    """

    STATUS_ALIASES: ClassVar[dict[str, str]] = {
        "kein Familienzentrum": Kita.FamilyCentreStatus.NONE,
        "im Aufbau": Kita.FamilyCentreStatus.DEVELOPING,
        "Familienzentrum": Kita.FamilyCentreStatus.FAMILY_CENTRE,
    }

    number = forms.CharField(max_length=20)
    name = forms.CharField(max_length=150)
    street = forms.CharField(max_length=150, required=False)
    postal_code = DigitCodeField(
        length=5, required=False, validators=[RegexValidator(r"^\d{5}$", _("A postal code has 5 digits."))]
    )
    ags = LookupField(
        code_length=8,
        validators=[ags_validator],
        not_found=_("No municipality with AGS %(value)s in the district."),
    )
    provider = LookupField(not_found=_("No provider named “%(value)s” in your youth office."))
    social_area = LookupField(
        required=False, not_found=_("No social area named “%(value)s” in your youth office.")
    )
    approved_places = _non_negative_int()
    lat = CoordinateField(required=False)
    lon = CoordinateField(required=False)
    family_centre_status = AliasChoiceField(
        choices=Kita.FamilyCentreStatus,
        aliases=STATUS_ALIASES,
        empty_value=Kita.FamilyCentreStatus.NONE,
        required=False,
    )

    key_column = "number"
    required_columns = frozenset(
        {"number", "name", "street", "postal_code", "ags", "provider", "approved_places"}
    )
    model_fields = {"ags": "municipality", "lat": "latitude", "lon": "longitude"}

    def __init__(
        self,
        data: Mapping[str, str],
        *,
        columns: Collection[str],
        municipalities: Mapping[str, Any],
        providers: Mapping[str, Any],
        social_areas: Mapping[str, Any],
    ) -> None:
        super().__init__(data, columns=columns)
        for column, records in (
            ("ags", municipalities),
            ("provider", providers),
            ("social_area", social_areas),
        ):
            if column in self.fields:
                self.fields[column].records = records


class ResponsibilityAreaImportRowForm(ImportRowForm):
    """A period in which a municipality of the district belongs to the office's responsibility area.

    A period is known by its municipality and first day. Overlaps with other periods (of any office) and
    an end while active Kitas lie there are refused by the services.
    """

    ags = LookupField(
        code_length=8,
        validators=[ags_validator],
        not_found=_("No municipality with AGS %(value)s in the district."),
    )
    valid_from = _date()
    valid_to = _date(required=False)

    key_column = "ags"
    required_columns = frozenset({"ags", "valid_from"})
    model_fields = {"ags": "municipality"}

    def __init__(
        self, data: Mapping[str, str], *, columns: Collection[str], municipalities: Mapping[str, Any]
    ) -> None:
        super().__init__(data, columns=columns)
        self.fields["ags"].records = municipalities

    def key(self) -> tuple[str, dt.date] | None:
        municipality, valid_from = self.cleaned_data.get("ags"), self.cleaned_data.get("valid_from")
        if municipality is None or valid_from is None:
            return None
        return (municipality.ags, valid_from)

    @staticmethod
    def key_text(key: Any) -> str:
        ags, valid_from = key
        return gettext("%(ags)s from %(date)s") % {"ags": ags, "date": valid_from.strftime("%d.%m.%Y")}

    def model_data(self) -> dict[str, Any]:
        return {"municipality": self.cleaned_data["ags"], **super().model_data()}
