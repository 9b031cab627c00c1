"""The Sozialraumbudget (§ 25 Abs. 5 KiTaG RLP): budget years, their allocation to Kitas, planned staff
positions and material costs, and the bookings of what was actually spent.

Money is `Decimal` with two places throughout (never float). Amounts stored are never negative: a
correction is a reversal booking that names the booking it corrects and counts with the opposite sign.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kisa.core.models import TenantModel

CENT = Decimal("0.01")
NOT_NEGATIVE = [MinValueValidator(Decimal("0"), message=_("Amounts must not be negative."))]
POSITIVE = [
    MinValueValidator(
        CENT,
        message=_("Amounts must be positive. Correct a booking with a reversal booking instead."),
    )
]
FIRST_YEAR, LAST_YEAR = 2000, 2100

# A reference to a project of the later planning app, kept as text until that app exists.
PROJECT_REFERENCE_HELP = _("Name or number of the project; linked to the planning module once it exists.")


def _project_fits(instance: models.Model) -> None:
    """A linked planning project must belong to the same office, to the row's Kita (if it names one) and to a
    plan of the budget year."""
    project = getattr(instance, "project", None)
    if project is None:
        return
    plan = project.plan
    if plan.youth_office_id != getattr(instance, "youth_office_id", None):
        raise ValidationError({"project": _("Belongs to another youth office.")})
    kita_id = getattr(instance, "kita_id", None)
    if kita_id and plan.kita_id != kita_id:
        raise ValidationError({"project": _("The project belongs to the plan of another Kita.")})
    budget_year = (
        getattr(instance, "budget_year", None) if getattr(instance, "budget_year_id", None) else None
    )
    if budget_year is not None and plan.year != budget_year.year:
        raise ValidationError(
            {
                "project": _("The project belongs to the plan of %(year)s, not to the budget year.")
                % {"year": plan.year}
            }
        )


def _same_office(instance: models.Model, *fields: str) -> None:
    """Refuse related records of another youth office, naming the field."""
    office_id = getattr(instance, "youth_office_id", None)
    for name in fields:
        related = getattr(instance, name, None)
        if related is not None and office_id and related.youth_office_id != office_id:
            raise ValidationError({name: _("Belongs to another youth office.")})


class BudgetSettings(TenantModel):
    """How strictly the office guards its budget (one row per office; defaults apply while none exists)."""

    hard_stop = models.BooleanField(
        _("refuse bookings beyond the budget"),
        default=False,
        help_text=_("Off: a booking beyond the budget is saved with a warning. On: it is refused."),
    )

    class Meta:
        verbose_name = _("budget settings")
        verbose_name_plural = _("budget settings")
        constraints = [
            models.UniqueConstraint(fields=["youth_office"], name="budget_settings_one_per_office")
        ]

    def __str__(self) -> str:
        return str(_("Budget settings"))


class AllocationScheme(TenantModel):
    """How the office's concept splits a year's budget among its Kitas.

    Every active Kita gets the same base share; the rest (the social-space share) is split by indicators,
    each weighted as the concept says. An indicator's share for one Kita is its value divided by the sum
    over all Kitas, so the weights need not add up to anything in particular.
    """

    name = models.CharField(_("name"), max_length=150)
    base_share_percent = models.DecimalField(
        _("base share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Part of the amount to allocate that every Kita receives in equal parts."),
    )
    weight_places = models.DecimalField(
        _("weight: approved places"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=NOT_NEGATIVE,
    )
    weight_children_under_7 = models.DecimalField(
        _("weight: children under 7"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=NOT_NEGATIVE,
        help_text=_("Children under 7 of the Kita's municipality, split among its Kitas by places."),
    )
    weight_social_index = models.DecimalField(
        _("weight: social index"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=NOT_NEGATIVE,
        help_text=_("The social-index factor set per Kita (1 = average)."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("allocation scheme")
        verbose_name_plural = _("allocation schemes")
        constraints = [
            models.UniqueConstraint(fields=["youth_office", "name"], name="allocation_scheme_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def weight_total(self) -> Decimal:
        return self.weight_places + self.weight_children_under_7 + self.weight_social_index

    def clean(self) -> None:
        if self.base_share_percent is not None and self.base_share_percent < 100 and not self.weight_total:
            raise ValidationError(
                {
                    "weight_places": _(
                        "Give at least one indicator a weight, or allocate everything as base share."
                    )
                }
            )


class KitaSocialIndex(TenantModel):
    """The social-index factor of a Kita for the allocation (1 = average need; the concept sets it)."""

    kita = models.OneToOneField(
        "registry.Kita", on_delete=models.CASCADE, related_name="budget_social_index", verbose_name=_("Kita")
    )
    factor = models.DecimalField(
        _("social-index factor"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    note = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("social index")
        verbose_name_plural = _("social indices")

    def __str__(self) -> str:
        return f"{self.kita}: {self.factor}"

    def clean(self) -> None:
        _same_office(self, "kita")


class BudgetYear(TenantModel):
    """One year's Sozialraumbudget of the office: the Land's share and the office's own share."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    land_share = models.DecimalField(
        _("Land share"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE
    )
    office_share = models.DecimalField(
        _("office share"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE
    )
    planned_rise_percent = models.DecimalField(
        _("planned rise per year (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2.50"),
        validators=[MinValueValidator(Decimal("-50")), MaxValueValidator(Decimal("100"))],
        help_text=_("Used to propose the next year's figures (the Land raises its funds by 2.5 % a year)."),
    )
    central_reserve = models.DecimalField(
        _("central reserve"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=NOT_NEGATIVE,
        help_text=_("Kept back for costs of the office that belong to no Kita; the rest is allocated."),
    )
    scheme = models.ForeignKey(
        AllocationScheme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_years",
        verbose_name=_("allocation scheme"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")
        constraints = [models.UniqueConstraint(fields=["youth_office", "year"], name="budget_year_unique")]

    def __str__(self) -> str:
        return str(_("Budget %(year)s") % {"year": self.year})

    @property
    def total(self) -> Decimal:
        return (self.land_share or Decimal("0")) + (self.office_share or Decimal("0"))

    @property
    def allocatable(self) -> Decimal:
        return self.total - (self.central_reserve or Decimal("0"))

    def clean(self) -> None:
        _same_office(self, "scheme")
        figures = (self.land_share, self.office_share, self.central_reserve)
        if all(f is not None for f in figures) and self.central_reserve > self.total:
            raise ValidationError({"central_reserve": _("The reserve cannot exceed the budget.")})


class Allocation(TenantModel):
    """A Kita's share of a budget year: computed by the scheme, optionally adjusted by hand with a reason.

    The indicator values used are stored with it, so the computation stays traceable after Kitas change.
    """

    budget_year = models.ForeignKey(
        BudgetYear, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("budget year")
    )
    kita = models.ForeignKey(
        "registry.Kita", on_delete=models.PROTECT, related_name="budget_allocations", verbose_name=_("Kita")
    )
    places = models.PositiveIntegerField(_("approved places"), default=0)
    children_under_7 = models.DecimalField(
        _("children under 7"), max_digits=9, decimal_places=2, default=Decimal("0.00")
    )
    social_index = models.DecimalField(
        _("social-index factor"), max_digits=4, decimal_places=2, default=Decimal("1.00")
    )
    base_amount = models.DecimalField(
        _("base share"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    social_amount = models.DecimalField(
        _("social-space share"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    adjustment = models.DecimalField(
        _("manual adjustment"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    adjustment_reason = models.CharField(_("reason for the adjustment"), max_length=300, blank=True)

    class Meta:
        ordering = ["kita__name"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [models.UniqueConstraint(fields=["budget_year", "kita"], name="allocation_unique_kita")]

    def __str__(self) -> str:
        return f"{self.kita} ({self.budget_year.year})"

    @property
    def computed_amount(self) -> Decimal:
        return self.base_amount + self.social_amount

    @property
    def amount(self) -> Decimal:
        return self.computed_amount + self.adjustment

    def clean(self) -> None:
        _same_office(self, "budget_year", "kita")
        if self.adjustment and not self.adjustment_reason.strip():
            raise ValidationError({"adjustment_reason": _("Say why the allocation is adjusted.")})
        if self.computed_amount + (self.adjustment or 0) < 0:
            raise ValidationError({"adjustment": _("The allocation must not become negative.")})


class StaffPosition(TenantModel):
    """A social worker's position financed in a budget year: hours, employer and personnel costs.

    Its costs count towards the Kitas the worker is assigned to, in proportion to the assigned hours.
    """

    budget_year = models.ForeignKey(
        BudgetYear, on_delete=models.CASCADE, related_name="staff_positions", verbose_name=_("budget year")
    )
    staff_member = models.ForeignKey(
        "registry.StaffMember",
        on_delete=models.PROTECT,
        related_name="budget_positions",
        verbose_name=_("staff member"),
    )
    employer = models.ForeignKey(
        "registry.Provider",
        on_delete=models.PROTECT,
        related_name="budget_positions",
        verbose_name=_("employer"),
    )
    weekly_hours = models.DecimalField(
        _("weekly hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(48)],
    )
    annual_costs = models.DecimalField(
        _("personnel costs per year"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE
    )

    class Meta:
        ordering = ["staff_member__last_name", "staff_member__first_name"]
        verbose_name = _("staff position")
        verbose_name_plural = _("staff positions")
        constraints = [
            models.UniqueConstraint(fields=["budget_year", "staff_member"], name="staff_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.staff_member} ({self.budget_year.year})"

    def clean(self) -> None:
        _same_office(self, "budget_year", "staff_member", "employer")


class MaterialCost(TenantModel):
    """Planned material costs of a year, for a Kita and/or a project (or the office as a whole)."""

    budget_year = models.ForeignKey(
        BudgetYear, on_delete=models.CASCADE, related_name="material_costs", verbose_name=_("budget year")
    )
    kita = models.ForeignKey(
        "registry.Kita",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_material_costs",
        verbose_name=_("Kita"),
    )
    project_reference = models.CharField(
        _("project"), max_length=150, blank=True, help_text=PROJECT_REFERENCE_HELP
    )
    project = models.ForeignKey(
        "planning.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_material_costs",
        verbose_name=_("planning project"),
        help_text=_("The project of a Kita's plan these costs belong to (same Kita and year)."),
    )
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(
        _("planned amount"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE
    )

    class Meta:
        ordering = ["kita__name", "description"]
        verbose_name = _("material cost")
        verbose_name_plural = _("material costs")

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        _same_office(self, "budget_year", "kita")
        _project_fits(self)


class BookingQuerySet(models.QuerySet["Booking"]):
    def signed_sum_expression(self) -> models.Sum:
        return models.Sum(
            models.Case(
                models.When(reverses__isnull=False, then=-models.F("amount")),
                default=models.F("amount"),
                output_field=models.DecimalField(max_digits=14, decimal_places=2),
            )
        )


class Booking(TenantModel):
    """An expenditure actually made (Ausgabe). A reversal (`reverses` set) takes back (part of) a booking."""

    class Category(models.TextChoices):
        PERSONNEL = "personnel", _("Personnel costs")
        MATERIAL = "material", _("Material costs")

    budget_year = models.ForeignKey(
        BudgetYear, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("budget year")
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, validators=POSITIVE)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    kita = models.ForeignKey(
        "registry.Kita",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_bookings",
        verbose_name=_("Kita"),
        help_text=_("Empty for costs of the office that belong to no Kita (central reserve)."),
    )
    project_reference = models.CharField(
        _("project"), max_length=150, blank=True, help_text=PROJECT_REFERENCE_HELP
    )
    project = models.ForeignKey(
        "planning.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_bookings",
        verbose_name=_("planning project"),
        help_text=_("The project of a Kita's plan these costs belong to (same Kita and year)."),
    )
    description = models.CharField(_("description"), max_length=300)
    receipt_number = models.CharField(_("receipt no."), max_length=50)
    reverses = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversals",
        verbose_name=_("reverses booking"),
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="booking_amount_positive",
                violation_error_message=_(
                    "Amounts must be positive. Correct a booking with a reversal booking instead."
                ),
            )
        ]
        indexes = [models.Index(fields=["budget_year", "kita"], name="booking_year_kita_idx")]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.description}"[:200]

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    @property
    def signed_amount(self) -> Decimal:
        return -self.amount if self.is_reversal else self.amount

    def clean(self) -> None:
        _same_office(self, "budget_year", "kita")
        _project_fits(self)
        if self.date and self.budget_year_id and self.date.year != self.budget_year.year:
            raise ValidationError(
                {
                    "date": _("The date must lie in the budget year %(year)s.")
                    % {"year": self.budget_year.year}
                }
            )
