"""The planning cycle of a Kita (DOMAIN.md §5–§6): survey → evaluation → goals → projects → implementation →
review.

A `Plan` is one Kita's yearly plan. Its goals answer survey findings and catalogue goals (the seed's rough and
fine goals, which the coordinator can extend) and are measured by an indicator with baseline, target and date;
at review each goal is rated on a goal-attainment scale (−2 … +2) whose levels are described when the goal is
planned. Projects (Vorhaben) serve goals; documented activities link to a project (`documentation.Activity.
project`), so implementation shows without double entry. Family-centre development lives in `family_centres`.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kisa.core.models import TenantModel
from kisa.documentation.models import Dimension, TargetGroup

ATTAINMENT_MIN = -2
ATTAINMENT_MAX = 2
ATTAINMENT_LEVELS = range(ATTAINMENT_MIN, ATTAINMENT_MAX + 1)


class CatalogueGoal(TenantModel):
    """A goal of the office's goal framework: a rough goal (Grobziel) or a fine goal (Feinziel) for children
    or families. The seed's goals are shipped; the coordinator adds the office's own."""

    class Level(models.TextChoices):
        ROUGH = "rough", _("rough goal")
        FINE = "fine", _("fine goal")

    class Audience(models.TextChoices):
        GENERAL = "general", _("general")
        CHILDREN = "children", _("children")
        FAMILIES = "families", _("families")

    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    audience = models.CharField(_("for"), max_length=10, choices=Audience.choices, default=Audience.GENERAL)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive goals are kept for old plans.")
    )

    class Meta:
        ordering = ["level", "audience", "position", "id"]
        verbose_name = _("catalogue goal")
        verbose_name_plural = _("catalogue goals")
        constraints = [
            models.UniqueConstraint(
                fields=["youth_office", "title"], name="planning_catalogue_goal_unique_title"
            )
        ]

    def __str__(self) -> str:
        return self.title


class PlanQuerySet(models.QuerySet["Plan"]):
    def for_year(self, year: int) -> PlanQuerySet:
        return self.filter(year=year)


class Plan(TenantModel):
    """One Kita's plan for a year: the evaluation of the year's findings, its goals and projects, the review."""

    kita = models.ForeignKey(
        "registry.Kita", on_delete=models.PROTECT, related_name="plans", verbose_name=_("Kita")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    starts_on = models.DateField(_("plan period from"))
    ends_on = models.DateField(_("plan period until"))
    evaluation = models.TextField(
        _("evaluation of the findings"),
        blank=True,
        max_length=5000,
        help_text=_(
            "What the team concluded from the survey findings: which needs and resources matter most."
        ),
    )
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    review_summary = models.TextField(_("summary of the review"), blank=True, max_length=5000)
    reviewed_on = models.DateField(_("review completed on"), null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "kita__name"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(fields=["kita", "year"], name="planning_plan_one_per_kita_and_year")
        ]

    def __str__(self) -> str:
        return f"{self.kita} {self.year}"

    def period_has_ended(self, today: dt.date) -> bool:
        return today > self.ends_on


class Goal(TenantModel):
    """A measurable goal of a plan (indicator, baseline, target, date) with its goal-attainment scale."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        REVIEWED = "reviewed", _("reviewed")
        CARRIED_OVER = "carried_over", _("carried into the next year")

    class IndicatorSource(models.TextChoices):
        MANUAL = "manual", _("entered at review")
        SURVEY = "survey", _("next survey round")
        FAMILIES_REACHED = "families_reached", _("documented work: families reached")
        PARTICIPANTS = "participants", _("documented work: participants of group offers")
        ACTIVITIES = "activities", _("documented work: number of activities")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan"))
    title = models.CharField(_("title"), max_length=200)
    findings = models.ManyToManyField(
        "surveys.Finding", blank=True, related_name="goals", verbose_name=_("findings it answers")
    )
    catalogue_goals = models.ManyToManyField(
        CatalogueGoal, blank=True, related_name="goals", verbose_name=_("catalogue goals")
    )
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)
    indicator = models.CharField(_("indicator"), max_length=300)
    indicator_source = models.CharField(
        _("actual value from"), max_length=20, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL
    )
    baseline = models.DecimalField(_("baseline"), max_digits=10, decimal_places=2)
    target_value = models.DecimalField(_("target value"), max_digits=10, decimal_places=2)
    target_date = models.DateField(_("target date"))
    responsible = models.ManyToManyField(
        "registry.StaffMember", blank=True, related_name="planning_goals", verbose_name=_("responsible")
    )
    # The goal-attainment scale, described when the goal is planned (Kiresuk/Sherman): what −2 … +2 mean.
    level_minus_2 = models.CharField(_("−2: much less than expected"), max_length=300)
    level_minus_1 = models.CharField(_("−1: somewhat less than expected"), max_length=300)
    level_0 = models.CharField(_("0: expected result"), max_length=300)
    level_plus_1 = models.CharField(_("+1: somewhat more than expected"), max_length=300)
    level_plus_2 = models.CharField(_("+2: much more than expected"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    # Review
    attainment = models.SmallIntegerField(
        _("attainment"),
        null=True,
        blank=True,
        validators=[MinValueValidator(ATTAINMENT_MIN), MaxValueValidator(ATTAINMENT_MAX)],
    )
    actual_value = models.DecimalField(
        _("actual value"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    evidence = models.TextField(_("evidence"), blank=True, max_length=3000)
    lesson = models.TextField(_("lesson learned"), blank=True, max_length=2000)
    early_review_reason = models.TextField(
        _("reason for reviewing before the plan period ends"), blank=True, max_length=1000
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
        verbose_name=_("carried over from"),
    )

    class Meta:
        ordering = ["plan", "target_date", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attainment__isnull=True)
                | models.Q(attainment__gte=ATTAINMENT_MIN, attainment__lte=ATTAINMENT_MAX),
                name="planning_goal_attainment_on_scale",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def scale(self) -> list[tuple[int, str]]:
        """The goal's attainment levels, −2 first."""
        return list(
            zip(
                ATTAINMENT_LEVELS,
                [self.level_minus_2, self.level_minus_1, self.level_0, self.level_plus_1, self.level_plus_2],
                strict=True,
            )
        )


class Project(TenantModel):
    """A project (Vorhaben) that serves goals of a plan; documented activities link to it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="projects", verbose_name=_("plan"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    goals = models.ManyToManyField(Goal, blank=True, related_name="projects", verbose_name=_("goals served"))
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    partner_providers = models.ManyToManyField(
        "registry.Provider",
        blank=True,
        related_name="planning_projects",
        verbose_name=_("partner institutions"),
    )
    partner_services = models.ManyToManyField(
        "directory.Service", blank=True, related_name="planning_projects", verbose_name=_("partner offers")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    responsible = models.ForeignKey(
        "registry.StaffMember",
        on_delete=models.PROTECT,
        related_name="planning_projects",
        verbose_name=_("responsible worker"),
    )
    planned_hours = models.DecimalField(
        _("planned effort (hours)"), max_digits=7, decimal_places=1, validators=[MinValueValidator(0)]
    )
    planned_costs = models.DecimalField(
        _("planned costs (EUR)"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    actual_costs = models.DecimalField(
        _("actual costs (EUR)"), max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        ordering = ["plan", "starts_on", "id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="planning_project_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title
