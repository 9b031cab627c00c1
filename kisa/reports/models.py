"""Reporting: generated report files (annual report for the youth-welfare committee) as background jobs, and
each Kita's yearly activity report (Sachbericht) that the social worker submits and the coordinator reviews.

The figures themselves are computed in `figures.py` from the other apps' data; nothing here copies them
except a Sachbericht's snapshot, which keeps what was submitted.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kisa.core.models import TenantModel

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class ReportJob(TenantModel):
    """A report generated in the background; the requester follows its progress and downloads the file."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("annual report")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", _("Word (DOCX)")
        XLSX = "xlsx", _("Excel (XLSX)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("being generated")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("report"), max_length=20, choices=Kind.choices, default=Kind.ANNUAL)
    output_format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    territory = models.CharField(_("territory"), max_length=40)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    step = models.CharField(_("current step"), max_length=200, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="reports/%Y/", blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.output_format})"


class ActivityReport(TenantModel):
    """A Kita's yearly activity report (Sachbericht): drafted by its social worker, submitted, then accepted or
    returned with comments by the coordinator (returned reports are revised and submitted again)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned with comments")

    kita = models.ForeignKey(
        "registry.Kita", on_delete=models.PROTECT, related_name="activity_reports", verbose_name=_("Kita")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    author = models.ForeignKey(
        "registry.StaffMember",
        on_delete=models.PROTECT,
        related_name="activity_reports",
        verbose_name=_("author"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("summary of the year"), blank=True, max_length=5000)
    highlights = models.TextField(_("what went well"), blank=True, max_length=5000)
    challenges = models.TextField(_("difficulties and unmet needs"), blank=True, max_length=5000)
    cooperation = models.TextField(_("cooperation and networking"), blank=True, max_length=5000)
    outlook = models.TextField(_("outlook"), blank=True, max_length=5000)
    figures = models.JSONField(
        _("figures at submission"), default=dict, blank=True, help_text=_("Kept as submitted.")
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "kita__name"]
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        constraints = [
            models.UniqueConstraint(
                fields=["kita", "year"], name="reports_one_activity_report_per_kita_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kita} {self.year}"


class ActivityReportEvent(models.Model):
    """The history of a Sachbericht: each submission, acceptance or return, with the reviewer's comment."""

    report = models.ForeignKey(
        ActivityReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("activity report")
    )
    status = models.CharField(_("new status"), max_length=10, choices=ActivityReport.Status.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=3000)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("activity report event")
        verbose_name_plural = _("activity report events")

    def __str__(self) -> str:
        return f"{self.report}: {self.status}"
