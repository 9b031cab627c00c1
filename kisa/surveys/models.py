"""Surveys: questionnaires with immutable versions, survey rounds, anonymous responses, tags and findings.

A questionnaire's content (sections, questions, options and their texts in every language) lives in the
`definition` of a `QuestionnaireVersion` (see `kisa.surveys.definition` for its shape). A version that a
round uses is never changed: editing creates the next version, so every answer keeps the exact wording it
was given to. Responses store no person, no IP address and no user agent; only the Kita, the language and
whether the form came in online or on paper.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kisa.core.models import TenantModel


class ActorGroup(models.TextChoices):
    CHILDREN = "children", _("Children")
    PARENTS = "parents", _("Parents")
    STAFF = "staff", _("Kita staff")
    PROVIDERS = "providers", _("Providers")
    PARTNERS = "partners", _("Social-space partners")


class Questionnaire(TenantModel):
    """Fragebogen for one actor group; its content is in its versions."""

    title = models.CharField(_("title"), max_length=150)
    actor_group = models.CharField(_("actor group"), max_length=20, choices=ActorGroup.choices)
    template_key = models.SlugField(
        _("template"), max_length=50, blank=True, help_text=_("Set when created from a shipped template.")
    )

    class Meta:
        ordering = ["actor_group", "title"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["youth_office", "title"],
                name="questionnaire_unique_title",
                violation_error_message=_("A questionnaire with this title exists already."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class QuestionnaireVersionQuerySet(models.QuerySet["QuestionnaireVersion"]):
    def in_use(self) -> QuestionnaireVersionQuerySet:
        return self.filter(Q(rounds__isnull=False) | Q(responses__isnull=False)).distinct()


class QuestionnaireVersion(TenantModel):
    """One fixed wording of a questionnaire. Never edited once a round uses it (services enforce this)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="versions", verbose_name=_("questionnaire")
    )
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("content"))

    objects = QuestionnaireVersionQuerySet.as_manager()

    class Meta:
        ordering = ["questionnaire", "-number"]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="questionnaire_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} (v{self.number})"

    @property
    def actor_group(self) -> str:
        return self.questionnaire.actor_group

    def is_in_use(self) -> bool:
        return self.rounds.exists() or self.responses.exists()


class SurveyLanguage(TenantModel):
    """A language the office offers beyond the default public languages (kisa.core.languages)."""

    code = models.CharField(
        _("language code"), max_length=20, help_text=_("BCP 47 tag, e.g. pl, fa, ro, ku.")
    )
    native_name = models.CharField(_("name in the language itself"), max_length=60)
    right_to_left = models.BooleanField(_("right to left"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("survey language")
        verbose_name_plural = _("survey languages")
        constraints = [
            models.UniqueConstraint(
                fields=["youth_office", "code"],
                name="survey_language_unique_code",
                violation_error_message=_("This language is already offered."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.native_name} ({self.code})"


def _new_public_key() -> str:
    return secrets.token_urlsafe(12)


class SurveyRoundQuerySet(models.QuerySet["SurveyRound"]):
    def open(self) -> SurveyRoundQuerySet:
        return self.filter(status=SurveyRound.Status.OPEN)


class SurveyRound(TenantModel):
    """Erhebungsrunde: which questionnaires are asked at which Kitas (or social areas) in which period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=150)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    allow_multiple_submissions = models.BooleanField(
        _("several answers per device"),
        default=False,
        help_text=_("Allow one device to answer more than once (e.g. a tablet handed around in the Kita)."),
    )
    # Part of every public link: round ids are easy to guess, this key is not.
    public_key = models.CharField(_("link key"), max_length=32, unique=True, default=_new_public_key)
    kitas = models.ManyToManyField(
        "registry.Kita", blank=True, related_name="survey_rounds", verbose_name=_("Kitas")
    )
    social_areas = models.ManyToManyField(
        "registry.SocialArea", blank=True, related_name="survey_rounds", verbose_name=_("social areas")
    )
    versions = models.ManyToManyField(
        QuestionnaireVersion, related_name="rounds", verbose_name=_("questionnaires")
    )

    objects = SurveyRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["youth_office", "name"],
                name="survey_round_unique_name",
                violation_error_message=_("A survey round with this name exists already."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="survey_round_period_ordered",
                violation_error_message=_("The end must not be before the start."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Response(TenantModel):
    """One filled questionnaire. Anonymous: no person, address, device or browser is stored."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper")

    round = models.ForeignKey(
        SurveyRound, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey round")
    )
    kita = models.ForeignKey(
        "registry.Kita", on_delete=models.PROTECT, related_name="survey_responses", verbose_name=_("Kita")
    )
    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("questionnaire version"),
    )
    actor_group = models.CharField(_("actor group"), max_length=20, choices=ActorGroup.choices)
    language = models.CharField(_("language"), max_length=20)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # Generated with the form (or by an API client), so a resent submission whose answer got lost is
    # recognised instead of stored twice. A random id, not tied to any device or person.
    submission_id = models.UUIDField(_("submission id"), null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["round", "kita", "actor_group"], name="response_group_idx")]

    def __str__(self) -> str:
        return f"{self.round} – {self.kita} #{self.pk}"


class Tag(models.TextChoices):
    NEED = "need", _("Need")
    RESOURCE = "resource", _("Resource")
    WISH = "wish", _("Wish")
    OTHER = "other", _("Other")


class Answer(models.Model):
    """One answer of a response: a chosen option (one row per option for multiple choice), a number or a
    text. Free texts carry the worker's tag and topic."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.CharField(_("question"), max_length=50)
    choice = models.CharField(_("option"), max_length=50, blank=True)
    number = models.IntegerField(_("number"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    tag = models.CharField(_("tag"), max_length=10, choices=Tag.choices, blank=True)
    topic = models.CharField(_("topic"), max_length=80, blank=True)

    class Meta:
        ordering = ["response", "question", "choice"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "choice"], name="answer_question_idx")]

    def __str__(self) -> str:
        # The name lands in the audit trail, which the coordinator reads; a free-text answer of a group
        # below the suppression threshold must not surface there, so the name carries no answer content.
        return f"{self.question} #{self.pk}"


class Finding(TenantModel):
    """A need or resource found in a round for a Kita, kept for planning (goals and projects)."""

    class Kind(models.TextChoices):
        NEED = "need", _("Need")
        RESOURCE = "resource", _("Resource")

    round = models.ForeignKey(
        SurveyRound, on_delete=models.PROTECT, related_name="findings", verbose_name=_("survey round")
    )
    kita = models.ForeignKey(
        "registry.Kita", on_delete=models.PROTECT, related_name="survey_findings", verbose_name=_("Kita")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=80, blank=True)
    text = models.TextField(_("finding"))

    class Meta:
        ordering = ["kita__name", "kind", "-id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"
