"""Territory (district, municipal associations, municipalities, responsibility area, social areas) and
the registry (providers, Kitas, staff, assignments).

Territory is shared reference data (official figures, the same for every office). Everything from
`ResponsibilityArea` down belongs to one youth office (the tenant).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kisa.core.models import TenantModel, TimeStampedModel

# Germany's bounding box (WGS84) with a small margin; anything outside is a typo or swapped lat/lon.
GERMANY_LAT = (47.2, 55.1)
GERMANY_LON = (5.8, 15.1)

latitude_validators = [
    MinValueValidator(GERMANY_LAT[0], message=_("Latitude must lie inside Germany (47.2 to 55.1).")),
    MaxValueValidator(GERMANY_LAT[1], message=_("Latitude must lie inside Germany (47.2 to 55.1).")),
]
longitude_validators = [
    MinValueValidator(GERMANY_LON[0], message=_("Longitude must lie inside Germany (5.8 to 15.1).")),
    MaxValueValidator(GERMANY_LON[1], message=_("Longitude must lie inside Germany (5.8 to 15.1).")),
]
ags_validator = RegexValidator(r"^\d{8}$", _("The AGS has exactly 8 digits."))


class District(TimeStampedModel):
    """Landkreis (or kreisfreie Stadt), identified by its 5-digit Kreisschlüssel."""

    key = models.CharField(
        _("district key"), max_length=5, unique=True, validators=[RegexValidator(r"^\d{5}$")]
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class MunicipalAssociation(TimeStampedModel):
    """Verbandsgemeinde: municipalities that share an administration."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="associations", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipal association")
        verbose_name_plural = _("municipal associations")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="association_unique_name_in_district")
        ]

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def search(self, term: str) -> MunicipalityQuerySet:
        if not term:
            return self
        return self.filter(Q(name__icontains=term) | Q(ags__startswith=term))

    def in_responsibility_area(self, youth_office: YouthOffice, on: dt.date) -> MunicipalityQuerySet:
        return self.filter(
            Q(responsibility_periods__youth_office=youth_office),
            Q(responsibility_periods__valid_from__lte=on),
            Q(responsibility_periods__valid_to__isnull=True) | Q(responsibility_periods__valid_to__gte=on),
        ).distinct()


class Municipality(TimeStampedModel):
    """Gemeinde with its official figures; each figure carries its reference date."""

    class Kind(models.TextChoices):
        LOCAL = "ortsgemeinde", _("Ortsgemeinde")
        TOWN = "stadt", _("Town in a Verbandsgemeinde")
        INDEPENDENT_TOWN = "verbandsfreie_stadt", _("Independent town (verbandsfrei)")
        LARGE_TOWN = "grosse_kreisangehoerige_stadt", _("Large town within the district")

    ags = models.CharField(_("AGS"), max_length=8, unique=True, validators=[ags_validator])
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("district")
    )
    association = models.ForeignKey(
        MunicipalAssociation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("municipal association"),
        help_text=_("Empty for towns that belong to no Verbandsgemeinde."),
    )
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    area_date = models.DateField(_("area reference date"))
    population = models.PositiveIntegerField(_("inhabitants"))
    population_date = models.DateField(_("population reference date"))
    children_under_7 = models.PositiveIntegerField(_("children under 7"), null=True, blank=True)
    children_under_7_date = models.DateField(_("children under 7 reference date"), null=True, blank=True)
    children_under_7_estimated = models.BooleanField(
        _("children under 7 estimated"),
        default=False,
        help_text=_("Set when the figure is an estimate, not an official count."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, validators=latitude_validators
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, validators=longitude_validators
    )
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        association = self.association if self.association_id else None
        if association is not None and self.district_id and association.district_id != self.district_id:
            raise ValidationError({"association": _("The association belongs to another district.")})
        if self.children_under_7 is not None and self.children_under_7_date is None:
            raise ValidationError({"children_under_7_date": _("A figure needs its reference date.")})
        if self.children_under_7 is not None and self.children_under_7 > self.population:
            raise ValidationError({"children_under_7": _("Cannot exceed the number of inhabitants.")})
        if self.boundary is not None and (
            not isinstance(self.boundary, dict)
            or self.boundary.get("type") not in {"Polygon", "MultiPolygon"}
        ):
            raise ValidationError({"boundary": _("Expected a GeoJSON Polygon or MultiPolygon.")})

    @property
    def density_per_km2(self) -> float:
        return float(self.population) / float(self.area_km2)


class YouthOffice(TimeStampedModel):
    """Jugendamt: the tenant. Every row of tenant data belongs to one."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="youth_offices", verbose_name=_("district")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("youth office")
        verbose_name_plural = _("youth offices")

    def __str__(self) -> str:
        return self.name


class ResponsibilityArea(TenantModel):
    """One municipality belonging to the office's responsibility area for a period.

    Dated, because the area changes (e.g. a town handing its own youth office to the district).
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="responsibility_periods",
        verbose_name=_("municipality"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["municipality__name", "valid_from"]
        verbose_name = _("responsibility area period")
        verbose_name_plural = _("responsibility area")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="responsibility_period_ordered",
                violation_error_message=_("'Valid to' must not be before 'valid from'."),
            )
        ]

    def __str__(self) -> str:
        start, end = date_format(self.valid_from), date_format(self.valid_to) if self.valid_to else "…"
        return f"{self.municipality} ({start} – {end})"


class SocialArea(TenantModel):
    """Sozialraum: municipalities grouped around Kitas, the unit of planning and reporting."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="social_areas", verbose_name=_("municipalities")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("social area")
        verbose_name_plural = _("social areas")
        constraints = [
            models.UniqueConstraint(fields=["youth_office", "name"], name="social_area_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Provider(TenantModel):
    """Träger: runs Kitas and/or employs staff."""

    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("Municipal")
        CHURCH = "church", _("Church")
        FREE = "free", _("Free (non-profit)")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        constraints = [models.UniqueConstraint(fields=["youth_office", "name"], name="provider_unique_name")]

    def __str__(self) -> str:
        return self.name


class KitaQuerySet(models.QuerySet["Kita"]):
    def active(self) -> KitaQuerySet:
        return self.filter(is_active=True)

    def search(self, term: str) -> KitaQuerySet:
        if not term:
            return self
        return self.filter(
            Q(name__icontains=term) | Q(number__icontains=term) | Q(municipality__name__icontains=term)
        )


class Kita(TenantModel):
    """Kindertagesstätte, identified by its official number within the office."""

    class FamilyCentreStatus(models.TextChoices):
        NONE = "none", _("Not a family centre")
        DEVELOPING = "developing", _("Developing into a family centre")
        FAMILY_CENTRE = "family_centre", _("Family centre")

    number = models.CharField(_("Kita number"), max_length=20, help_text=_("Official number of the Kita."))
    name = models.CharField(_("name"), max_length=150)
    street = models.CharField(_("street"), max_length=150, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=5, blank=True, validators=[RegexValidator(r"^\d{5}$")]
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="kitas", verbose_name=_("municipality")
    )
    social_area = models.ForeignKey(
        SocialArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kitas",
        verbose_name=_("social area"),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="kitas", verbose_name=_("provider")
    )
    approved_places = models.PositiveIntegerField(_("approved places"), validators=[MaxValueValidator(1000)])
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True, validators=latitude_validators
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True, validators=longitude_validators
    )
    family_centre_status = models.CharField(
        _("family-centre status"),
        max_length=20,
        choices=FamilyCentreStatus.choices,
        default=FamilyCentreStatus.NONE,
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = KitaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kita")
        verbose_name_plural = _("Kitas")
        constraints = [models.UniqueConstraint(fields=["youth_office", "number"], name="kita_unique_number")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})
        for field in ("provider", "social_area"):
            related = getattr(self, field)
            if (
                related is not None
                and self.youth_office_id
                and related.youth_office_id != self.youth_office_id
            ):
                raise ValidationError({field: _("Belongs to another youth office.")})


class StaffMemberQuerySet(models.QuerySet["StaffMember"]):
    def active(self) -> StaffMemberQuerySet:
        return self.filter(is_active=True)

    def search(self, term: str) -> StaffMemberQuerySet:
        if not term:
            return self
        return self.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term))


class StaffMember(TenantModel):
    """A Kita social worker or coordinator, with employer and contracted weekly hours."""

    class Function(models.TextChoices):
        SOCIAL_WORKER = "social_worker", _("Kita social worker")
        COORDINATOR = "coordinator", _("Coordinator")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    function = models.CharField(_("function"), max_length=20, choices=Function.choices)
    employer = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="employees", verbose_name=_("employer")
    )
    weekly_hours = models.DecimalField(
        _("weekly hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(48)],
    )
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_member",
        verbose_name=_("user account"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        if (
            self.employer_id
            and self.youth_office_id
            and self.employer.youth_office_id != self.youth_office_id
        ):
            raise ValidationError({"employer": _("Belongs to another youth office.")})


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def current(self, on: dt.date | None = None) -> AssignmentQuerySet:
        day = on or timezone.localdate()
        return self.overlapping(day, day)

    def overlapping(self, start: dt.date, end: dt.date | None) -> AssignmentQuerySet:
        """Assignments valid on any day between `start` and `end` (None: open-ended)."""
        qs = self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        if end is not None:
            qs = qs.filter(valid_from__lte=end)
        return qs


class Assignment(TenantModel):
    """Zuständigkeit: a worker at a Kita on fixed weekdays for a period.

    History is kept: a change ends the running assignment and starts a new one (see services).
    """

    staff_member = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("staff member")
    )
    kita = models.ForeignKey(
        Kita, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("Kita")
    )
    weekdays = models.JSONField(_("weekdays"), default=list, help_text=_("ISO weekday numbers, Monday = 1."))
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(48)],
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "kita__name"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="assignment_period_ordered",
                violation_error_message=_("'Valid to' must not be before 'valid from'."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_member} – {self.kita}"

    @property
    def weekday_labels(self) -> list[str]:
        return [str(Weekday(day).label) for day in self.weekdays]

    def clean(self) -> None:
        days = self.weekdays
        if not isinstance(days, list) or not days or any(d not in Weekday.values for d in days):
            raise ValidationError({"weekdays": _("Choose at least one weekday from Monday to Saturday.")})
        if len(set(days)) != len(days):
            raise ValidationError({"weekdays": _("Each weekday only once.")})
        if self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("'Valid to' must not be before 'valid from'.")})
        for field in ("staff_member", "kita"):
            related = getattr(self, field, None)
            if (
                related is not None
                and self.youth_office_id
                and related.youth_office_id != self.youth_office_id
            ):
                raise ValidationError({field: _("Belongs to another youth office.")})
