"""Survey forms. They parse input; the services check rules across rows and save.

The questionnaire itself is not a Django form: its questions come from a version's definition, so the
answer page renders them from `definition.sections` and `answers_from` reads them back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kisa.accounts.selectors import membership_of
from kisa.core.forms import KisaFormMixin
from kisa.registry.models import SocialArea
from kisa.registry.selectors import kita_list_visible_to
from kisa.surveys import definition as definitions
from kisa.surveys import editor
from kisa.surveys.models import ActorGroup, Finding, Tag
from kisa.surveys.selectors import questionnaire_list_visible_to, worker_kitas

FIELD_PREFIX = "q_"


def answers_from(data: Any, definition: Mapping[str, Any]) -> dict[str, Any]:
    """Question key → submitted value from a POST (lists for multiple choice), empty ones left out."""
    answers: dict[str, Any] = {}
    for question in definitions.questions(definition):
        name = FIELD_PREFIX + question.key
        value: Any = data.getlist(name) if question.is_multiple else data.get(name, "")
        if value:
            answers[question.key] = value
    return answers


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RoundForm(KisaFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    questionnaires = forms.ModelMultipleChoiceField(
        label=_("Questionnaires"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One per actor group. The round keeps the current version of each."),
    )
    kitas = forms.ModelMultipleChoiceField(
        label=_("Kitas"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    social_areas = forms.ModelMultipleChoiceField(
        label=_("Social areas"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every active Kita of a chosen social area takes part."),
    )
    allow_multiple_submissions = forms.BooleanField(
        label=_("Allow several answers from one device"),
        required=False,
        help_text=_("For a tablet handed around in the Kita. Otherwise a device answers once per round."),
    )

    def __init__(self, *args: Any, user: Any, coordinator: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaires"].queryset = questionnaire_list_visible_to(user=user)
        if coordinator:
            self.fields["kitas"].queryset = kita_list_visible_to(user=user).active()
            self.fields["social_areas"].queryset = SocialArea.objects.filter(
                youth_office_id=membership_of(user).youth_office_id
            )
        else:
            # A social worker's round targets only their own Kitas, so social areas are not offered.
            self.fields["kitas"].queryset = worker_kitas(user=user).active()
            del self.fields["social_areas"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end must not be before the start."))
        return data


class QuestionnaireForm(KisaFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    actor_group = forms.ChoiceField(label=_("Actor group"), choices=ActorGroup.choices)
    definition = forms.CharField(
        label=_("Content (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "class": "code-input"}),
        help_text=_("Sections, questions and options as described in the documentation (docs/surveys.md)."),
    )

    def clean_definition(self) -> Any:
        try:
            return json.loads(self.cleaned_data["definition"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(_("This is not valid JSON: %(error)s") % {"error": error}) from error


class QuestionnaireEditForm(QuestionnaireForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["title"]
        del self.fields["actor_group"]


SIMPLE_TYPES = [
    (key, label) for key, label in definitions.QUESTION_TYPES.items() if key not in editor.CHOICE_TYPES
]


class QuestionnaireStartForm(KisaFormMixin, forms.Form):
    """A new questionnaire for the structured editor: title, actor group and a start."""

    title = forms.CharField(label=_("Title"), max_length=150)
    actor_group = forms.ChoiceField(label=_("Actor group"), choices=ActorGroup.choices)
    template_key = forms.ChoiceField(
        label=_("Start from a template"),
        required=False,
        help_text=_("The template's sections and questions are copied and can then be changed."),
    )
    first_question = forms.CharField(
        label=_("First question (German)"),
        max_length=500,
        required=False,
        help_text=_("Needed when no template is chosen. More questions are added in the editor."),
    )
    first_type = forms.ChoiceField(label=_("Type of the first question"), choices=SIMPLE_TYPES)

    def __init__(self, *args: Any, templates: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template_key"].choices = [
            ("", _("No template")),
            *((t["key"], t["definition"]["title"]["de"]) for t in templates),
        ]


class ConfirmForm(KisaFormMixin, forms.Form):
    """A deletion is confirmed by sending the form; the errors of the service are shown on it."""


class SectionForm(KisaFormMixin, forms.Form):
    title = forms.CharField(label=_("Section title (German)"), max_length=200)


class QuestionEditorForm(KisaFormMixin, forms.Form):
    """One question of the structured editor; `earlier` are the questions it may depend on."""

    text = forms.CharField(
        label=_("Question (German)"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    type = forms.ChoiceField(label=_("Type"), choices=list(definitions.QUESTION_TYPES.items()))
    required = forms.BooleanField(label=_("Answer required"), required=False)
    help = forms.CharField(label=_("Hint (German)"), max_length=500, required=False)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Only for single and multiple choice: one option per line, “key = text” or just the text "
            "(a key is then made from it). Scales and yes/no have fixed answers."
        ),
    )
    minimum = forms.IntegerField(
        label=_("Smallest number"), required=False, help_text=_("Only for numbers; default 0.")
    )
    maximum = forms.IntegerField(
        label=_("Largest number"), required=False, help_text=_("Only for numbers; default 9999.")
    )
    show_if = forms.ChoiceField(
        label=_("Show only if"),
        required=False,
        help_text=_("The question is shown only when an earlier question got this answer."),
    )

    def __init__(
        self,
        *args: Any,
        earlier: list[definitions.Question],
        current: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        groups: list[Any] = [("", _("Always show"))]
        for question in earlier:
            if not question.options:
                continue
            choices = [(f"{question.key}:{o.key}", f"{question.text} → {o.label}") for o in question.options]
            values = list((current or {}).get("in", []))
            if (current or {}).get("question") == question.key and len(values) > 1:
                # A condition with several answers (from a template or expert mode) stays choosable as it is.
                labels = {o.key: o.label for o in question.options}
                shown = ", ".join(labels.get(v, v) for v in values)
                choices.insert(0, (f"{question.key}:{','.join(values)}", f"{question.text} → {shown}"))
            groups.append((question.text, choices))
        self.fields["show_if"].choices = groups

    @staticmethod
    def show_if_value(condition: Mapping[str, Any] | None) -> str:
        if not condition or not condition.get("in"):
            return ""
        return f"{condition['question']}:{','.join(condition['in'])}"

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        target = data.pop("show_if")
        question, _sep, values = target.partition(":")
        data["show_if"] = {"question": question, "in": values.split(",")} if target else None
        return data


class TranslationForm(KisaFormMixin, forms.Form):
    """One text field per translatable text, labelled with the German original."""

    def __init__(self, *args: Any, texts: list[tuple[str, str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, (path, german, current) in enumerate(texts):
            widget = forms.Textarea(attrs={"rows": 2}) if len(german) > 80 else forms.TextInput()
            self.fields[f"t{index}"] = forms.CharField(
                label=german, required=False, initial=current, widget=widget
            )
            self.fields[f"t{index}"].path = path  # type: ignore[attr-defined]

    def texts(self) -> dict[str, str]:
        return {field.path: self.cleaned_data[name] for name, field in self.fields.items()}  # type: ignore[attr-defined]


class LanguageForm(KisaFormMixin, forms.Form):
    code = forms.RegexField(
        label=_("Language code"),
        max_length=20,
        regex=r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$",
        help_text=_("BCP 47 tag, e.g. pl, fa, ro, ku."),
    )
    native_name = forms.CharField(label=_("Name in the language itself"), max_length=60)
    right_to_left = forms.BooleanField(label=_("Written right to left"), required=False)


class TagForm(KisaFormMixin, forms.Form):
    tag = forms.ChoiceField(label=_("Tag"), choices=[("", "–"), *Tag.choices], required=False)
    topic = forms.CharField(label=_("Topic"), max_length=80, required=False)


class FindingForm(KisaFormMixin, forms.Form):
    kita = forms.ModelChoiceField(label=_("Kita"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Finding.Kind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=80, required=False)
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, kitas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kita"].queryset = kitas


def form_sections(
    definition: Mapping[str, Any], language: str, answers: Mapping[str, Any], errors: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The questionnaire as the answer page renders it: each question with its field name, the values
    given so far (kept on an error) and its error message."""
    result = []
    for section in definitions.sections(definition, language):
        items = []
        for question in section.questions:
            given = answers.get(question.key, "")
            values = [str(v) for v in given] if isinstance(given, (list, tuple)) else [str(given)]
            items.append(
                {
                    "question": question,
                    "name": FIELD_PREFIX + question.key,
                    "value": "" if isinstance(given, (list, tuple)) else str(given),
                    "values": values,
                    "error": errors.get(question.key, ""),
                }
            )
        result.append({"section": section, "items": items})
    return result


def general_errors(errors: Mapping[str, str], definition: Mapping[str, Any]) -> list[str]:
    """Errors that belong to no single question (round closed, wrong version, unknown questions)."""
    keys = {q.key for q in definitions.questions(definition)}
    return [message for key, message in errors.items() if key not in keys]
