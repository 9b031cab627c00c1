"""Feedback and complaints from parents (public channel per Kita) and children's voice recorded by staff.

§ 45 Abs. 2 Nr. 3 SGB VIII makes participation and complaint procedures a condition of a Kita's operating
licence. A `FeedbackItem` comes in anonymously through the Kita's public page; its sender keeps a receipt
code (only its hash is stored) to read the answer later. Items touching child protection (§ 8a SGB VIII)
leave the ordinary workflow and show the office's defined procedure.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kisa.core.models import TenantModel

MESSAGE_MAX_LENGTH = 4000
CONTACT_MAX_LENGTH = 200
DEFAULT_DUE_DAYS = 14
DEFAULT_CHILD_PROTECTION_PROCEDURE = _(
    "Possible risk to a child's welfare (§ 8a SGB VIII): do not handle this as ordinary feedback.\n"
    "1. Inform the Kita leadership and the Kita's social worker today; document what was reported, "
    "word for word, with date and time.\n"
    "2. Assess the risk together with an experienced specialist (insoweit erfahrene Fachkraft) as agreed "
    "with the provider.\n"
    "3. If the risk is confirmed or cannot be ruled out, inform the youth office's general social service "
    "(ASD) without delay.\n"
    "4. Do not contact the family about the report before the risk has been assessed.\n"
    "5. Close the item here only once the procedure has been taken up; note who took it over."
)


class ParticipationSettings(TenantModel):
    """The office's settings for feedback handling (one row per office, created on first use)."""

    due_days = models.PositiveSmallIntegerField(
        _("days to answer"),
        default=DEFAULT_DUE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Feedback not answered within this many days is overdue and escalated to the provider."),
    )
    child_protection_procedure = models.TextField(
        _("child-protection procedure"),
        max_length=5000,
        blank=True,
        validators=[MaxLengthValidator(5000)],
        help_text=_("Shown on every item flagged as touching child protection. Empty: the default text."),
    )

    class Meta:
        verbose_name = _("participation settings")
        verbose_name_plural = _("participation settings")
        constraints = [models.UniqueConstraint(fields=["youth_office"], name="participation_settings_unique")]

    def __str__(self) -> str:
        return str(_("Participation settings"))

    @property
    def procedure_text(self) -> str:
        return self.child_protection_procedure or str(DEFAULT_CHILD_PROTECTION_PROCEDURE)


class FeedbackQuerySet(models.QuerySet["FeedbackItem"]):
    def open(self) -> FeedbackQuerySet:
        return self.filter(status__in=FeedbackItem.OPEN_STATUSES)

    def ordinary(self) -> FeedbackQuerySet:
        return self.filter(child_protection=False)

    def overdue(self, on: dt.date | None = None) -> FeedbackQuerySet:
        day = on or timezone.localdate()
        return self.ordinary().open().filter(due_on__lt=day)


class FeedbackItem(TenantModel):
    """One piece of feedback from a parent: praise, a wish, an idea or a complaint."""

    class Kind(models.TextChoices):
        PRAISE = "praise", _("Praise")
        WISH = "wish", _("Wish")
        IDEA = "idea", _("Idea")
        COMPLAINT = "complaint", _("Complaint")

    class Topic(models.TextChoices):
        CARE = "care", _("Care and education")
        FOOD = "food", _("Food")
        OPENING_HOURS = "opening_hours", _("Opening hours")
        SAFETY = "safety", _("Safety")
        COMMUNICATION = "communication", _("Communication")
        FEES = "fees", _("Fees")
        # Context: the public pages' Leichte Sprache wording would otherwise lose to other apps' "Other".
        OTHER = "other", pgettext_lazy("feedback topic", "Other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    class AnswerChannel(models.TextChoices):
        PUBLISHED = "published", _("Published for the receipt code")
        SENT = "sent", _("Sent to the contact given")
        BOTH = "both", _("Both")

    OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)

    kita = models.ForeignKey(
        "registry.Kita", on_delete=models.PROTECT, related_name="feedback_items", verbose_name=_("Kita")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    message = models.TextField(
        _("message"), max_length=MESSAGE_MAX_LENGTH, validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)]
    )
    language = models.CharField(_("language"), max_length=10, default="de")
    contact = models.CharField(
        _("contact for a reply"),
        max_length=CONTACT_MAX_LENGTH,
        blank=True,
        help_text=_("Personal data: visible only to those handling the item."),
    )
    wants_social_worker = models.BooleanField(_("social worker wished"), default=False)
    routed_to_social_worker = models.BooleanField(_("routed to the social worker"), default=False)
    receipt_code_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    due_on = models.DateField(_("due on"))
    answer_text = models.TextField(
        _("answer"),
        max_length=MESSAGE_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)],
    )
    answer_channel = models.CharField(
        _("answer channel"), max_length=20, choices=AnswerChannel.choices, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated to the provider"), null=True, blank=True)
    child_protection = models.BooleanField(_("child protection (§ 8a SGB VIII)"), default=False)
    child_protection_flagged_at = models.DateTimeField(
        _("flagged for child protection at"), null=True, blank=True
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [models.Index(fields=["youth_office", "kita", "status"], name="feedback_kita_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["received", "in_progress"])
                | ~Q(answer_text="")
                | Q(child_protection=True),
                name="feedback_answered_has_answer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return not self.child_protection and self.is_open and self.due_on < timezone.localdate()

    @property
    def answered_in_time(self) -> bool | None:
        if self.answered_at is None:
            return None
        return timezone.localdate(self.answered_at) <= self.due_on

    @property
    def answer_is_published(self) -> bool:
        return bool(self.answer_text) and self.answer_channel in (
            self.AnswerChannel.PUBLISHED,
            self.AnswerChannel.BOTH,
        )


class FeedbackNote(TenantModel):
    """An internal note on a feedback item: never shown to the sender."""

    item = models.ForeignKey(
        FeedbackItem, on_delete=models.CASCADE, related_name="notes", verbose_name=_("feedback")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(
        _("note"), max_length=MESSAGE_MAX_LENGTH, validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)]
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return str(_("Note on %(item)s") % {"item": self.item})


class ChildVoiceEntry(TenantModel):
    """What a child said, recorded by staff without the child's name (children's conference, complaint box)."""

    class Category(models.TextChoices):
        PLAY = "play", _("Playing")
        FRIENDS = "friends", _("Friends")
        FOOD = "food", _("Eating")
        REST = "rest", _("Rest and sleep")
        OUTDOORS = "outdoors", _("Outdoors")
        FEELINGS = "feelings", _("Feelings")
        RULES = "rules", _("Rules")
        OTHER = "other", _("Something else")

    class AgeBand(models.TextChoices):
        UNDER_3 = "under_3", _("under 3 years")
        AGE_3_4 = "3_4", _("3 to 4 years")
        AGE_5_6 = "5_6", _("5 to 6 years")
        SCHOOL = "school", _("school age")

    class Source(models.TextChoices):
        CONFERENCE = "conference", _("Children's conference")
        COMPLAINT_BOX = "complaint_box", _("Complaint box")
        CONVERSATION = "conversation", _("Conversation")
        OBSERVATION = "observation", _("Observation")

    # A picture for each category, so children and staff recognise it at a glance.
    PICTOGRAMS = {
        "play": "🧸",
        "friends": "🤝",
        "food": "🍎",
        "rest": "🛏️",
        "outdoors": "🌳",
        "feelings": "💛",
        "rules": "📏",
        "other": "💬",
    }

    kita = models.ForeignKey(
        "registry.Kita", on_delete=models.PROTECT, related_name="child_voice_entries", verbose_name=_("Kita")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    words = models.TextField(
        _("the child's words"),
        max_length=1000,
        validators=[MaxLengthValidator(1000)],
        help_text=_("As the child said it. No names: neither of the child nor of others."),
    )
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-recorded_on", "-created_at"]
        verbose_name = _("children's voice")
        verbose_name_plural = _("children's voices")

    def __str__(self) -> str:
        return f"{self.get_category_display()} – {self.recorded_on:%d.%m.%Y}"

    @property
    def pictogram(self) -> str:
        return self.PICTOGRAMS.get(self.category, "💬")
