"""Activities: the social workers' record of their work in the three dimensions (DOMAIN.md §4).

Statistics are anonymous and separate from case notes (DOMAIN.md §9): an activity may point to a
pseudonymous case, but nothing here holds a family's name, and the short note carries a visible hint not
to write one. Catalogues (activity types, topics) are office data the coordinator keeps; the defaults come
from the Fachkonzept and are created for an office on first use (`services.catalogue_ensure_defaults`).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kisa.core.models import TenantModel
from kisa.directory.categories import ServiceCategory

MIN_DURATION = 1
MAX_DURATION = 720  # twelve hours: a day's work; longer is a typing error
MAX_TRAVEL = 600
MAX_PARTICIPANTS = 999
NOTE_MAX_LENGTH = 500


class Dimension(models.TextChoices):
    CASE = "case", _("case-specific")
    CROSS_CASE = "cross_case", _("cross-case")
    NON_CASE = "non_case", _("non-case-specific")
    KITA_STAFF = "kita_staff", _("work with Kita staff")
    ORGANISATION = "organisation", _("organisation")


class TargetGroup(models.TextChoices):
    PARENTS = "parents", _("parents")
    CHILDREN = "children", _("children")
    FAMILIES = "families", _("families")
    KITA_STAFF = "kita_staff", _("Kita staff")
    INSTITUTIONS = "institutions", _("institutions")


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")
    POLISH = "pl", _("Polish")
    ROMANIAN = "ro", _("Romanian")
    PERSIAN = "fa", _("Persian / Dari")
    KURDISH = "ku", _("Kurdish")
    OTHER = "other", _("other language")


class CatalogueQuerySet(models.QuerySet):
    def active(self) -> CatalogueQuerySet:
        return self.filter(is_active=True)


class ActivityType(TenantModel):
    """A kind of work within one dimension (home visit, parent café, network meeting, ...)."""

    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    name = models.CharField(_("name"), max_length=100)
    key = models.SlugField(_("key"), max_length=50, blank=True, help_text=_("Set for the default entries."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["dimension", "position", "name"]
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        constraints = [
            models.UniqueConstraint(
                fields=["youth_office", "dimension", "name"],
                name="activitytype_unique_name",
                violation_error_message=_("This dimension already has a type with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Topic(TenantModel):
    """What the work was about (child development, housing, money and debt, ...)."""

    name = models.CharField(_("name"), max_length=100)
    key = models.SlugField(_("key"), max_length=50, blank=True, help_text=_("Set for the default entries."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(
                fields=["youth_office", "name"],
                name="topic_unique_name",
                violation_error_message=_("A topic with this name exists already."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ActivityQuerySet(models.QuerySet["Activity"]):
    def in_period(self, start: object | None, end: object | None) -> ActivityQuerySet:
        qs = self
        if start:
            qs = qs.filter(date__gte=start)
        if end:
            qs = qs.filter(date__lte=end)
        return qs


class Activity(TenantModel):
    """One piece of work of one social worker on one day."""

    client_id = models.UUIDField(
        _("client id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_(
            "Made by the device that recorded the entry; a resend with the same id is not saved twice."
        ),
    )
    worker = models.ForeignKey(
        "registry.StaffMember", on_delete=models.PROTECT, related_name="activities", verbose_name=_("worker")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(MIN_DURATION), MaxValueValidator(MAX_DURATION)]
    )
    travel_minutes = models.PositiveSmallIntegerField(
        _("travel time (minutes)"), null=True, blank=True, validators=[MaxValueValidator(MAX_TRAVEL)]
    )
    kitas = models.ManyToManyField(
        "registry.Kita", blank=True, related_name="activities", verbose_name=_("Kitas")
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    social_area = models.ForeignKey(
        "registry.SocialArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("social area"),
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    activity_type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="activities", verbose_name=_("activity type")
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="activities", verbose_name=_("topics"))
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    adults = models.PositiveSmallIntegerField(
        _("adults"), default=0, validators=[MaxValueValidator(MAX_PARTICIPANTS)]
    )
    children = models.PositiveSmallIntegerField(
        _("children"), default=0, validators=[MaxValueValidator(MAX_PARTICIPANTS)]
    )
    professionals = models.PositiveSmallIntegerField(
        _("professionals"), default=0, validators=[MaxValueValidator(MAX_PARTICIPANTS)]
    )
    language = models.CharField(_("language used"), max_length=10, choices=Language.choices, default="de")
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    partner_names = models.JSONField(
        _("partner institutions"),
        default=list,
        blank=True,
        help_text=_("Institutions, never people."),
    )
    partner_providers = models.ManyToManyField(
        "registry.Provider", blank=True, related_name="+", verbose_name=_("partner providers")
    )
    note = models.TextField(
        _("short note"),
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text=_("No names, no details that identify a family."),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("case"),
    )
    project = models.ForeignKey(
        "planning.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("project"),
        help_text=_("The project of a Kita's plan this work serves."),
    )
    legal_hold = models.BooleanField(
        _("legal hold"),
        default=False,
        help_text=_("Kept beyond the retention period (e.g. court proceedings)."),
    )
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        # Newest first; within a day in the order entered. Both orders are served by the indexes below.
        ordering = ["-date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["worker", "-date", "-id"], name="activity_worker_date_idx"),
            models.Index(fields=["youth_office", "-date", "-id"], name="activity_office_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=MIN_DURATION) & Q(duration_minutes__lte=MAX_DURATION),
                name="activity_duration_range",
                violation_error_message=_("Enter a duration from 1 to 720 minutes."),
            ),
            models.CheckConstraint(
                condition=Q(case__isnull=True) | Q(dimension="case"),
                name="activity_case_only_case_specific",
                violation_error_message=_("Only case-specific work can be linked to a case."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.get_dimension_display()} ({self.duration_minutes} min)"

    @property
    def target_group_labels(self) -> list[str]:
        return [str(TargetGroup(g).label) for g in self.target_groups if g in TargetGroup.values]


class Referral(TenantModel):
    """A referral made during an activity: to which kind of offer (Lotsenfunktion), optionally to a
    concrete offer of the office's directory (issue 6). One row per kind of offer.
    """

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("activity")
    )
    category = models.CharField(_("kind of offer"), max_length=40, choices=ServiceCategory.choices)
    # An offer that is later removed from the directory leaves the referral to its kind of offer.
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("offer"),
    )

    class Meta:
        ordering = ["category"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.UniqueConstraint(fields=["activity", "category"], name="referral_unique_per_activity")
        ]

    def __str__(self) -> str:
        label = str(self.get_category_display())
        service = self.service if self.service_id else None
        return f"{label}: {service.name}" if service is not None else label

    def clean(self) -> None:
        service = self.service if self.service_id else None
        if service is None:
            return
        if service.youth_office_id != self.youth_office_id:
            raise ValidationError({"service": _("The offer belongs to another youth office.")})
        if self.category not in (service.categories or []):
            raise ValidationError(
                {
                    "service": _("The offer %(offer)s is not a %(category)s offer.")
                    % {"offer": service.name, "category": self.get_category_display()}
                }
            )


class ActivityFigure(models.Model):
    """Monthly totals of an office's activities, kept by the services in the same transaction as each write.

    The office-wide statistics (coordinator, committee) read these instead of scanning a million
    activities. One row per office, year, month and `facet`:

    - "all": per dimension and activity type (statistics by dimension, type and month),
    - "kita": per Kita (an activity at two Kitas counts for each),
    - "topic": per topic (an activity with two topics counts for each).

    Unused key columns hold "" / 0 (not NULL) so the unique constraint holds. `figures_rebuild` in
    services recomputes an office's rows from the activities (after bulk loads).
    """

    class Facet(models.TextChoices):
        ALL = "all", "all"
        KITA = "kita", "kita"
        TOPIC = "topic", "topic"

    youth_office = models.ForeignKey(
        "registry.YouthOffice", on_delete=models.CASCADE, related_name="+", verbose_name=_("youth office")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    facet = models.CharField(max_length=5, choices=Facet.choices)
    dimension = models.CharField(_("dimension"), max_length=20, blank=True)
    activity_type_id = models.PositiveIntegerField(default=0)
    kita_id = models.PositiveIntegerField(default=0)
    topic_id = models.PositiveIntegerField(default=0)
    activities = models.IntegerField(default=0)
    minutes = models.IntegerField(default=0)
    adults = models.IntegerField(default=0)
    children = models.IntegerField(default=0)
    professionals = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("activity figure")
        verbose_name_plural = _("activity figures")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "youth_office",
                    "year",
                    "facet",
                    "month",
                    "dimension",
                    "activity_type_id",
                    "kita_id",
                    "topic_id",
                ],
                name="activityfigure_unique_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.facet}"
