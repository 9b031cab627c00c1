"""Pseudonymous cases: case-specific work bundled under a generated code, never under a family's name."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kisa.core.models import TenantModel


class Case(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    code = models.CharField(_("case code"), max_length=16, unique=True, editable=False)
    kita = models.ForeignKey(
        "registry.Kita", on_delete=models.PROTECT, related_name="cases", verbose_name=_("Kita")
    )
    responsible = models.ForeignKey(
        "registry.StaffMember",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("responsible worker"),
    )
    deputy = models.ForeignKey(
        "registry.StaffMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputy_cases",
        verbose_name=_("deputy"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "code"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.code
