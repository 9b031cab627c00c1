"""The offer directory in the Open Referral HSDS model (organization, service, location, schedule), the
imported public-transport timetable (GTFS) and the stored reachability results.

Directory rows belong to one youth office (each office keeps its own directory). The GTFS feed is shared
reference data like the municipalities: one timetable serves every office of the region.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kisa.core.models import TenantModel, TimeStampedModel
from kisa.directory.categories import ServiceCategory
from kisa.registry.models import GERMANY_LAT, GERMANY_LON, latitude_validators, longitude_validators

GERMANY_LAT_LON = (GERMANY_LAT, GERMANY_LON)

# Offers should be checked once a year (HSDS `assured_date`); older ones appear on the coordinator's list.
VERIFICATION_INTERVAL_DAYS = 365

# Languages an offer can be given in (ISO 639-1), the ones families in the district ask for most.
LANGUAGE_CHOICES = (
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("pl", _("Polish")),
    ("fa", _("Persian")),
    ("ku", _("Kurdish")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("fr", _("French")),
    ("sq", _("Albanian")),
    ("ti", _("Tigrinya")),
    ("dgs", _("German Sign Language")),
)
LANGUAGE_CODES = frozenset(code for code, _label in LANGUAGE_CHOICES)


def new_hsds_id() -> str:
    """A fresh HSDS id (UUID as text: the audit trail stores field values as JSON)."""
    return str(uuid.uuid4())


class TargetGroup(models.TextChoices):
    PARENTS = "parents", _("Parents")
    CHILDREN = "children", _("Children")
    PREGNANT = "pregnant", _("Pregnant women and expectant parents")
    SINGLE_PARENTS = "single_parents", _("Single parents")
    MIGRANTS = "migrants", _("Families with a migration history")
    PROFESSIONALS = "professionals", _("Professionals")


def _check_codes(value: list[str], allowed: frozenset[str] | set[str], field: str, message: str) -> None:
    if not isinstance(value, list) or any(code not in allowed for code in value):
        unknown = [code for code in value if code not in allowed] if isinstance(value, list) else [value]
        raise ValidationError({field: f"{message} {', '.join(map(str, unknown))}"})


class Organization(TenantModel):
    """HSDS `organization`: the body that runs offers (a counselling centre, a club, the health office)."""

    hsds_id = models.CharField(_("HSDS id"), max_length=36, default=new_hsds_id, editable=False)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(fields=["youth_office", "hsds_id"], name="directory_org_unique_hsds_id")
        ]

    def __str__(self) -> str:
        return self.name


class Location(TenantModel):
    """HSDS `location` with its physical address: where a family goes. Outside the district is allowed
    (Koblenz), so the municipality is optional; the coordinates must lie inside Germany."""

    hsds_id = models.CharField(_("HSDS id"), max_length=36, default=new_hsds_id, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="locations", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street"), max_length=150, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=120)
    municipality = models.ForeignKey(
        "registry.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
        help_text=_("Empty for places outside the district, such as Koblenz."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, validators=latitude_validators
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, validators=longitude_validators
    )
    accessibility = models.CharField(
        _("accessibility"), max_length=300, blank=True, help_text=_("Step-free access, lift, toilet, ...")
    )
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.UniqueConstraint(fields=["youth_office", "hsds_id"], name="directory_loc_unique_hsds_id")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"

    def clean(self) -> None:
        if (
            self.organization_id
            and self.youth_office_id
            and self.organization.youth_office_id != self.youth_office_id
        ):
            raise ValidationError({"organization": _("The organization belongs to another youth office.")})

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.street, f"{self.postal_code} {self.city}".strip()) if part)


class ServiceQuerySet(models.QuerySet["Service"]):
    def active(self) -> ServiceQuerySet:
        return self.filter(is_active=True)

    # JSON containment has no SQLite lookup; directories hold hundreds of rows, so the list fields are
    # matched in Python and the result stays a queryset (pk__in) for paging and further filters.
    def _with_code(self, field: str, code: str) -> ServiceQuerySet:
        if not code:
            return self
        ids = [pk for pk, codes in self.values_list("pk", field) if code in (codes or [])]
        return self.filter(pk__in=ids)

    def in_category(self, category: str) -> ServiceQuerySet:
        return self._with_code("categories", category)

    def in_language(self, language: str) -> ServiceQuerySet:
        return self._with_code("languages", language)

    def for_age(self, age: int | None) -> ServiceQuerySet:
        if age is None:
            return self
        return self.filter(Q(age_min__isnull=True) | Q(age_min__lte=age)).filter(
            Q(age_max__isnull=True) | Q(age_max__gte=age)
        )

    def due_for_verification(self, today: dt.date) -> ServiceQuerySet:
        limit = today - dt.timedelta(days=VERIFICATION_INTERVAL_DAYS)
        return self.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=limit))


class Service(TenantModel):
    """HSDS `service`: one offer a family can be referred to (referrals point at its id)."""

    hsds_id = models.CharField(_("HSDS id"), max_length=36, default=new_hsds_id, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services", verbose_name=_("organization")
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="services", verbose_name=_("location")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    categories = models.JSONField(
        _("categories"), default=list, help_text=_("Keys of the offer taxonomy (ServiceCategory).")
    )
    languages = models.JSONField(_("languages"), default=list, help_text=_("ISO 639-1 codes."))
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    age_min = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    fees_description = models.CharField(_("costs"), max_length=300, blank=True)
    accessibility = models.CharField(_("accessibility of the offer"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    service_area = models.ManyToManyField(
        "registry.Municipality", blank=True, related_name="+", verbose_name=_("service area")
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(fields=["youth_office", "hsds_id"], name="directory_svc_unique_hsds_id"),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="directory_svc_age_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.categories:
            raise ValidationError({"categories": _("Choose at least one category.")})
        _check_codes(self.categories, set(ServiceCategory.values), "categories", str(_("Unknown category:")))
        if not self.languages:
            raise ValidationError({"languages": _("Name at least one language.")})
        _check_codes(self.languages, LANGUAGE_CODES, "languages", str(_("Unknown language:")))
        _check_codes(
            self.target_groups, set(TargetGroup.values), "target_groups", str(_("Unknown target group:"))
        )
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": _("The maximum age is below the minimum age.")})
        if self.last_verified and self.last_verified > timezone.localdate():
            raise ValidationError({"last_verified": _("The date lies in the future.")})
        for related in ("organization", "location"):
            obj = getattr(self, related) if getattr(self, f"{related}_id") else None
            if obj is not None and self.youth_office_id and obj.youth_office_id != self.youth_office_id:
                raise ValidationError({related: _("Belongs to another youth office.")})

    @property
    def category_labels(self) -> list[str]:
        return [str(ServiceCategory(key).label) for key in self.categories if key in ServiceCategory.values]

    @property
    def language_labels(self) -> list[str]:
        labels = dict(LANGUAGE_CHOICES)
        return [str(labels[code]) for code in self.languages if code in labels]

    @property
    def age_label(self) -> str:
        if self.age_min is None and self.age_max is None:
            return str(_("all ages"))
        if self.age_max is None:
            return str(_("from %(age)s years")) % {"age": self.age_min}
        return f"{self.age_min or 0}–{self.age_max}"


class Weekday(models.TextChoices):
    """HSDS `byday` values (iCal)."""

    MONDAY = "MO", _("Monday")
    TUESDAY = "TU", _("Tuesday")
    WEDNESDAY = "WE", _("Wednesday")
    THURSDAY = "TH", _("Thursday")
    FRIDAY = "FR", _("Friday")
    SATURDAY = "SA", _("Saturday")
    SUNDAY = "SU", _("Sunday")


class Schedule(TenantModel):
    """HSDS `schedule`: a weekly opening time of a service."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("offer")
    )
    weekday = models.CharField(_("weekday"), max_length=2, choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    description = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["service", "id"]
        verbose_name = _("opening time")
        verbose_name_plural = _("opening times")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError({"closes_at": _("Closes before it opens.")})


# --- Public transport (GTFS) ------------------------------------------------------------------------------


class GtfsFeed(TimeStampedModel):
    """One imported GTFS feed. Exactly one is current; a failed import never replaces it."""

    name = models.CharField(_("name"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    is_current = models.BooleanField(_("current"), default=False)
    feed_info = models.JSONField(_("feed info"), default=dict, blank=True)
    # Small tables kept whole: {route_id: short_name}, {service_id: {"days": [0..6], "start", "end",
    # "added": [...], "removed": [...]}}, [[from_stop, to_stop, min_seconds], ...].
    routes = models.JSONField(_("routes"), default=dict)
    calendars = models.JSONField(_("calendars"), default=dict)
    transfers = models.JSONField(_("transfers"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("timetable (GTFS)")
        verbose_name_plural = _("timetables (GTFS)")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="gtfs_one_current"
            )
        ]

    def __str__(self) -> str:
        return self.name


class GtfsStop(models.Model):
    feed = models.ForeignKey(GtfsFeed, on_delete=models.CASCADE, related_name="stops")
    stop_id = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feed", "stop_id"], name="gtfs_stop_unique")]

    def __str__(self) -> str:
        return self.name


class GtfsTrip(models.Model):
    feed = models.ForeignKey(GtfsFeed, on_delete=models.CASCADE, related_name="trips")
    trip_id = models.CharField(max_length=100)
    route_id = models.CharField(max_length=100)
    service_id = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feed", "trip_id"], name="gtfs_trip_unique")]

    def __str__(self) -> str:
        return self.trip_id


class GtfsStopTime(models.Model):
    """Times in seconds after midnight of the service day; may exceed 24 h (GTFS allows 25:10:00)."""

    trip = models.ForeignKey(GtfsTrip, on_delete=models.CASCADE, related_name="stop_times")
    stop = models.ForeignKey(GtfsStop, on_delete=models.CASCADE, related_name="+")
    sequence = models.PositiveIntegerField()
    arrival = models.PositiveIntegerField()
    departure = models.PositiveIntegerField()

    class Meta:
        ordering = ["trip", "sequence"]

    def __str__(self) -> str:
        return f"{self.trip_id}#{self.sequence}"


# --- Reachability results ----------------------------------------------------------------------------------


class Reachability(TenantModel):
    """How far the nearest offer of one category is from one origin (a municipality centre or a Kita).

    Written only by `reachability_compute`; minutes are None where no offer is reachable.
    """

    class OriginKind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        KITA = "kita", _("Kita")

    origin_kind = models.CharField(_("origin"), max_length=20, choices=OriginKind.choices)
    municipality = models.ForeignKey(
        "registry.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kita = models.ForeignKey(
        "registry.Kita", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    category = models.CharField(_("category"), max_length=40, choices=ServiceCategory.choices)
    nearest_service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("nearest offer")
    )
    distance_km = models.FloatField(_("straight-line distance (km)"), null=True)
    car_minutes = models.FloatField(_("car (minutes)"), null=True)
    transit_service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("nearest offer by bus"),
    )
    transit_median_minutes = models.FloatField(_("bus and train, median (minutes)"), null=True)
    transit_worst_minutes = models.FloatField(_("bus and train, worst (minutes)"), null=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        ordering = ["category", "id"]
        verbose_name = _("reachability")
        verbose_name_plural = _("reachability")
        indexes = [models.Index(fields=["youth_office", "category", "origin_kind"], name="reach_lookup_idx")]

    def __str__(self) -> str:
        origin = self.municipality if self.origin_kind == self.OriginKind.MUNICIPALITY else self.kita
        return f"{origin} → {self.category}"
