"""Pseudonymous cases: case-specific work bundled under a generated code, never under a family's name.

A case holds only coarse, non-identifying facts (how many children, age bands, family language) and, if the
worker needs it, one clear-name/contact field that is encrypted at rest (kisa.cases.crypto). Consent and
release from confidentiality are recorded per case; retention periods and the deletion log serve
`manage.py apply_retention` (DOMAIN.md §9).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kisa.cases.crypto import EncryptedTextField
from kisa.core.models import TenantModel
from kisa.directory.categories import ServiceCategory

# Crockford's base32 without look-alikes (no I, L, O, U): read out on the phone without mistakes.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 50 bits of randomness: not guessable, not derived from anything about the family


def generate_case_code() -> str:
    """A fresh random code such as `F-7KQ2-M9XD-4T`: says nothing about the family, the Kita or the date."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"F-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class AgeBand(models.TextChoices):
    UNDER_1 = "under_1", _("under 1 year")
    AGE_1_2 = "1_2", _("1 to 2 years")
    AGE_3_5 = "3_5", _("3 to 5 years")
    AGE_6_PLUS = "6_plus", _("6 years and older")


class FamilyLanguage(models.TextChoices):
    GERMAN = "de", _("German")
    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")
    POLISH = "pl", _("Polish")
    ROMANIAN = "ro", _("Romanian")
    DARI_FARSI = "fa", _("Dari/Farsi")
    KURDISH = "ku", _("Kurdish")
    ENGLISH = "en", _("English")
    OTHER = "other", _("other language")


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(status=Case.Status.OPEN)

    def for_staff_member(self, staff_member_ids: list[int]) -> CaseQuerySet:
        """Cases where one of the staff members is responsible or the named deputy."""
        return self.filter(Q(responsible_id__in=staff_member_ids) | Q(deputy_id__in=staff_member_ids))


class Case(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("concern resolved")
        REFERRED = "referred", _("referred to another service")
        CONTINUED_ELSEWHERE = "continued_elsewhere", _("help continues elsewhere (e.g. ASD)")
        ENDED_BY_FAMILY = "ended_by_family", _("ended by the family")
        MOVED_AWAY = "moved_away", _("family moved away / left the Kita")
        OTHER = "other", _("other")

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
    number_of_children = models.PositiveSmallIntegerField(
        _("number of children"), default=1, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    age_bands = models.JSONField(
        _("age bands"), default=list, blank=True, help_text=_("Age bands of the children concerned.")
    )
    family_language = models.CharField(
        _("family language"), max_length=10, choices=FamilyLanguage.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    legal_hold = models.BooleanField(
        _("legal hold"),
        default=False,
        help_text=_(
            "Kept beyond the retention period, e.g. for court proceedings or a child-protection review."
        ),
    )
    legal_hold_reason = models.CharField(_("reason for the legal hold"), max_length=200, blank=True)
    contact = EncryptedTextField(
        _("clear name and contact"),
        blank=True,
        help_text=_(
            "Optional. Stored encrypted; only you and the deputy can read it. Only what you really need."
        ),
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "code"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="case_closed_on_iff_closed",
                violation_error_message=_("A closed case needs a closing date; an open case has none."),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
                violation_error_message=_("The closing date must not be before the opening date."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.code:
            self.code = generate_case_code()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def age_band_labels(self) -> list[str]:
        return [str(AgeBand(band).label) for band in self.age_bands if band in AgeBand.values]

    def clean(self) -> None:
        bands = self.age_bands
        if not isinstance(bands, list) or any(band not in AgeBand.values for band in bands):
            raise ValidationError({"age_bands": _("Choose age bands from the list.")})
        if len(set(bands)) != len(bands):
            raise ValidationError({"age_bands": _("Each age band only once.")})
        if self.legal_hold and not self.legal_hold_reason.strip():
            raise ValidationError({"legal_hold_reason": _("Give the reason for the legal hold.")})
        if self.status == self.Status.CLOSED and not self.outcome:
            raise ValidationError({"outcome": _("A closed case needs an outcome.")})
        for field in ("kita", "responsible", "deputy"):
            related = getattr(self, field, None)
            if (
                related is not None
                and self.youth_office_id
                and related.youth_office_id != self.youth_office_id
            ):
                raise ValidationError({field: _("Belongs to another youth office.")})
        if self.deputy_id and self.deputy_id == self.responsible_id:
            raise ValidationError(
                {"deputy": _("The deputy must be someone other than the responsible worker.")}
            )


class ConsentQuerySet(models.QuerySet["Consent"]):
    def valid_on(self, day: dt.date) -> ConsentQuerySet:
        """Given by `day`, not expired before it and not withdrawn on or before it."""
        return self.filter(
            Q(given_on__lte=day),
            Q(expires_on__isnull=True) | Q(expires_on__gte=day),
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day),
        )


class Consent(TenantModel):
    """Consent to pass on data, or release from confidentiality (§ 65 SGB VIII, § 203 StGB), for one case.

    Its scope names the recipient (kind of service and/or institution) and what data may be passed on.
    """

    class Kind(models.TextChoices):
        CONSENT = "consent", _("consent to data transfer")
        RELEASE = "release", _("release from confidentiality")

    class Form(models.TextChoices):
        WRITTEN = "written", _("written")
        ORAL = "oral", _("oral")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RELEASE)
    recipient_category = models.CharField(
        _("recipient (kind of service)"), max_length=40, choices=ServiceCategory.choices
    )
    recipient_institution = models.CharField(
        _("recipient institution"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Erziehungsberatungsstelle Mayen. Empty: any institution of this kind."),
    )
    data_scope = models.CharField(
        _("which data"),
        max_length=300,
        help_text=_("What may be passed on, e.g. 'contact details and reason for the referral'."),
    )
    form = models.CharField(_("form"), max_length=10, choices=Form.choices)
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("given_on")),
                name="consent_expires_after_given",
                violation_error_message=_("The expiry date must not be before the date given."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_("The withdrawal must not be before the date given."),
            ),
        ]

    def __str__(self) -> str:
        # Also the audit trail's record name, which the coordinator reads: no recipient, no scope.
        return _("Consent of %(date)s") % {"date": self.given_on.strftime("%d.%m.%Y")}

    @property
    def description(self) -> str:
        """For the case's own workers: kind, recipient and date."""
        recipient = self.get_recipient_category_display()
        if self.recipient_institution:
            recipient = f"{recipient}: {self.recipient_institution}"
        return f"{self.get_kind_display()} – {recipient} ({self.given_on:%d.%m.%Y})"

    def is_valid_on(self, day: dt.date) -> bool:
        return (
            self.given_on <= day
            and (self.expires_on is None or self.expires_on >= day)
            and (self.withdrawn_on is None or self.withdrawn_on > day)
        )

    def clean(self) -> None:
        if self.case_id and self.youth_office_id and self.case.youth_office_id != self.youth_office_id:
            raise ValidationError({"case": _("Belongs to another youth office.")})


class RetentionPeriod(TenantModel):
    """The office's own retention period for one record type, overriding the rule's default."""

    record_type = models.CharField(_("record type"), max_length=100)
    months = models.PositiveIntegerField(
        _("retention period (months)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )

    class Meta:
        ordering = ["record_type"]
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        constraints = [
            models.UniqueConstraint(fields=["youth_office", "record_type"], name="retention_period_unique")
        ]

    def __str__(self) -> str:
        return f"{self.record_type}: {self.months}"


class DeletionLog(TenantModel):
    """One application of a retention rule: what kind, what was done, how many, when, by whom. Never content."""

    record_type = models.CharField(_("record type"), max_length=100)
    action = models.CharField(
        _("action"), max_length=10, choices=[("delete", _("deleted")), ("anonymise", _("anonymised"))]
    )
    count = models.PositiveIntegerField(_("number of records"))
    months = models.PositiveIntegerField(_("retention period (months)"))
    cutoff = models.DateField(_("due before"))
    actor_name = models.CharField(_("run by"), max_length=150)
    command = models.CharField(_("command"), max_length=100)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("deletion log entry")
        verbose_name_plural = _("deletion log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.record_type} {self.action} {self.count}"
