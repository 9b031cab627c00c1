"""Forms of the public feedback page and of the handling pages. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kisa.core.forms import KisaFormMixin
from kisa.participation.models import (
    CONTACT_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    ChildVoiceEntry,
    FeedbackItem,
    ParticipationSettings,
)
from kisa.participation.services import RECEIPT_LENGTH


class FeedbackForm(KisaFormMixin, forms.Form):
    """The public form. Bound and validated inside the sender's language, so errors read in it too."""

    kind = forms.ChoiceField(
        label=_("What would you like to tell us?"),
        choices=FeedbackItem.Kind.choices,
        widget=forms.RadioSelect,
    )
    topic = forms.ChoiceField(
        label=_("What is it about?"), choices=FeedbackItem.Topic.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please write your message.")},
        help_text=_("Up to 4000 characters."),
    )
    contact = forms.CharField(
        label=_("How can we reach you for a reply?"),
        max_length=CONTACT_MAX_LENGTH,
        required=False,
        help_text=_(
            "Phone or e-mail. Leave empty to stay anonymous: you can read the answer with your receipt code."
        ),
    )
    wants_social_worker = forms.BooleanField(
        label=_("I would like to talk to the Kita's social worker."), required=False
    )
    # Honeypot: hidden from people (CSS class and aria-hidden), filled in by bots.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class ReceiptLookupForm(KisaFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=40,
        help_text=_("For example ABCD-EFGH-JKMN."),
        error_messages={"required": _("Please enter your receipt code.")},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if len("".join(ch for ch in code if ch.isalnum())) != RECEIPT_LENGTH:
            raise forms.ValidationError(_("A receipt code has 12 letters and digits."))
        return code


class FeedbackFilterForm(KisaFormMixin, forms.Form):
    mark_optional_fields = False
    kita = forms.ChoiceField(label=_("Kita"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open")), *FeedbackItem.Status.choices],
    )

    def __init__(self, *args: Any, kitas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kita"].choices = [("", _("All Kitas")), *((str(k.pk), k.name) for k in kitas)]


class StatusForm(KisaFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (FeedbackItem.Status.IN_PROGRESS, _("In progress")),
            (FeedbackItem.Status.CLOSED, _("Closed")),
        ],
    )


class AnswerForm(KisaFormMixin, forms.Form):
    answer_text = forms.CharField(
        label=_("Answer"), max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 5})
    )
    answer_channel = forms.ChoiceField(
        label=_("How does the answer reach the sender?"),
        choices=FeedbackItem.AnswerChannel.choices,
        initial=FeedbackItem.AnswerChannel.PUBLISHED,
        widget=forms.RadioSelect,
    )


class NoteForm(KisaFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Internal note"), max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class ChildVoiceForm(KisaFormMixin, forms.Form):
    kita = forms.ModelChoiceField(label=_("Kita"), queryset=None)  # type: ignore[arg-type]
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[
            (value, f"{ChildVoiceEntry.PICTOGRAMS[value]} {label}")
            for value, label in ChildVoiceEntry.Category.choices
        ],
        widget=forms.RadioSelect,
    )
    words = forms.CharField(
        label=_("The child's words"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("As the child said it. No names: neither of the child nor of others."),
    )
    age_band = forms.ChoiceField(label=_("Age band"), choices=ChildVoiceEntry.AgeBand.choices)
    source = forms.ChoiceField(label=_("Source"), choices=ChildVoiceEntry.Source.choices)
    recorded_on = forms.DateField(label=_("Recorded on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, kitas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kita"].queryset = kitas
        self.fields["recorded_on"].initial = timezone.localdate()


class SettingsForm(KisaFormMixin, forms.ModelForm):
    class Meta:
        model = ParticipationSettings
        fields = ["due_days", "child_protection_procedure"]
        widgets = {"child_protection_procedure": forms.Textarea(attrs={"rows": 10})}
