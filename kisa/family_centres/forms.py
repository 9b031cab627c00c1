"""Forms of the family-centre pages. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kisa.core.forms import KisaFormMixin, kern_class_for
from kisa.family_centres.models import Area, Criterion, Rating
from kisa.family_centres.selectors import AreaGroup
from kisa.family_centres.services import EVIDENCE_MAX_LENGTH


class CriterionForm(KisaFormMixin, forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Criterion.Level.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Criterion"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    position = forms.IntegerField(
        label=_("Position"), min_value=0, max_value=999, required=False, help_text=_("Order within the area.")
    )
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class StartForm(KisaFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class AssessmentForm(KisaFormMixin, forms.Form):
    """One fulfilment choice and one evidence field per criterion: `rating_<id>`, `evidence_<id>`."""

    mark_optional_fields = False

    def __init__(self, *args: Any, groups: list[AreaGroup], disabled: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criterion_ids: list[int] = []
        for group in groups:
            for item in [*group.basic, *group.advanced]:
                pk = item.criterion.pk
                self.criterion_ids.append(pk)
                self.fields[f"rating_{pk}"] = forms.ChoiceField(
                    label=item.criterion.text,
                    choices=Rating.Fulfilment.choices,
                    widget=forms.RadioSelect,
                    initial=item.fulfilment,
                    disabled=disabled,
                )
                self.fields[f"evidence_{pk}"] = forms.CharField(
                    # The criterion for screen readers, which announce the label alone.
                    label=format_html(
                        '{} <span class="kern-sr-only">– {}</span>', _("Evidence"), item.criterion.text
                    ),
                    required=False,
                    max_length=EVIDENCE_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=item.evidence,
                    disabled=disabled,
                    help_text=_("Required for “fulfilled”: what shows it (agreement, timetable, minutes)."),
                )
        for name in self.fields:
            widget = self.fields[name].widget
            css_class = kern_class_for(widget)
            if css_class and css_class not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css_class}".strip()

    def ratings(self) -> dict[int, tuple[str, str]]:
        return {
            pk: (self.cleaned_data[f"rating_{pk}"], self.cleaned_data.get(f"evidence_{pk}", ""))
            for pk in self.criterion_ids
        }
