"""Family-centre development (DOMAIN.md §7): the office's criterion set and each Kita's yearly self-assessment.

No quality mark for Kita-based family centres exists in Rhineland-Palatinate. The default set follows the
structure of the NRW quality mark: four service areas and four structure areas, each with basic and advanced
criteria. The coordinator edits the set; a criterion in use is deactivated rather than deleted, so earlier
self-assessments keep their meaning.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kisa.core.models import TenantModel


class Area(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling and support")
    FAMILY_EDUCATION = "family_education", _("Family education and parenting partnership")
    CHILD_MINDING = "child_minding", _("Child-minding")
    WORK_FAMILY = "work_family", _("Work–family balance")
    SOCIAL_SPACE = "social_space", _("Social-space orientation")
    COOPERATION = "cooperation", _("Cooperation and organisation")
    COMMUNICATION = "communication", _("Communication")
    DEVELOPMENT = "development", _("Development and self-evaluation")


SERVICE_AREAS = (Area.COUNSELLING, Area.FAMILY_EDUCATION, Area.CHILD_MINDING, Area.WORK_FAMILY)
STRUCTURE_AREAS = (Area.SOCIAL_SPACE, Area.COOPERATION, Area.COMMUNICATION, Area.DEVELOPMENT)


class Criterion(TenantModel):
    """One criterion of the office's family-centre set."""

    class Level(models.TextChoices):
        BASIC = "basic", _("basic criterion")
        ADVANCED = "advanced", _("advanced criterion")

    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    text = models.CharField(_("criterion"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive criteria stay in earlier self-assessments.")
    )

    class Meta:
        ordering = ["area", "level", "position", "id"]
        verbose_name = _("family-centre criterion")
        verbose_name_plural = _("family-centre criteria")

    def __str__(self) -> str:
        return self.text


class SelfAssessment(TenantModel):
    """A Kita's yearly self-assessment against the criterion set, with evidence."""

    kita = models.ForeignKey(
        "registry.Kita",
        on_delete=models.PROTECT,
        related_name="family_centre_assessments",
        verbose_name=_("Kita"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "kita__name"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["kita", "year"], name="family_centres_one_assessment_per_kita_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kita} {self.year}"


class Rating(models.Model):
    """How far a Kita fulfils one criterion in its self-assessment, and the evidence for it."""

    class Fulfilment(models.TextChoices):
        NOT_YET = "not_yet", _("not yet")
        PARTLY = "partly", _("partly")
        FULFILLED = "fulfilled", _("fulfilled")

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("self-assessment")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("criterion")
    )
    fulfilment = models.CharField(_("fulfilment"), max_length=10, choices=Fulfilment.choices)
    evidence = models.TextField(_("evidence"), blank=True, max_length=2000)

    class Meta:
        ordering = ["criterion__area", "criterion__level", "criterion__position", "criterion_id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="family_centres_one_rating_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_fulfilment_display()}"
