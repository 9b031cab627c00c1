"""Directory forms: the offer search (public and staff), offer and place editing, and the HSDS upload.

Edit forms only parse; the services validate the complete record and save.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kisa.core.forms import KisaFormMixin
from kisa.directory import selectors
from kisa.directory.categories import ServiceCategory
from kisa.directory.models import LANGUAGE_CHOICES, Location, Organization, Service, TargetGroup, Weekday
from kisa.registry.forms import DateInput, RecordForm
from kisa.registry.models import Municipality


def _municipalities() -> Any:
    return Municipality.objects.order_by("name")


class SearchForm(KisaFormMixin, forms.Form):
    """What families ask: where, what, in which language, for which age. All optional."""

    place = forms.ModelChoiceField(
        label=_("Place"), queryset=Municipality.objects.none(), required=False, empty_label=_("all places")
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    age = forms.IntegerField(
        label=_("Age of the child or person"), required=False, min_value=0, max_value=120
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = _municipalities()  # type: ignore[attr-defined]
        self.fields["category"].choices = [("", _("all categories")), *ServiceCategory.choices]  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", _("all languages")), *LANGUAGE_CHOICES]  # type: ignore[attr-defined]

    def filters(self) -> selectors.SearchFilters:
        """The search as the selectors take it; invalid values are ignored (errors are shown beside)."""
        data = self.cleaned_data if self.is_valid() else {}
        place = data.get("place")
        return selectors.SearchFilters(
            category=data.get("category", ""),
            language=data.get("language", ""),
            age=data.get("age"),
            municipality=place,
            near=(float(place.latitude), float(place.longitude)) if place else None,
        )


class StaffSearchForm(SearchForm):
    """The worker's referral search: additionally bus-and-train time from the family's municipality."""

    text = forms.CharField(label=_("Search text"), required=False, max_length=100)
    origin = forms.ModelChoiceField(
        label=_("Reachable by bus and train from"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("no travel times"),
        help_text=_("Shows the typical (median) and worst travel time on a weekday morning."),
    )
    max_minutes = forms.IntegerField(
        label=_("At most (minutes, median)"), required=False, min_value=5, max_value=300
    )

    field_order = ["text", "category", "language", "age", "place", "origin", "max_minutes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["origin"].queryset = _municipalities()  # type: ignore[attr-defined]

    def filters(self) -> selectors.SearchFilters:
        base = super().filters()
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.SearchFilters(
            text=data.get("text", ""),
            category=base.category,
            language=base.language,
            age=base.age,
            municipality=base.municipality,
            near=base.near,
        )


class ServiceForm(RecordForm):
    scoped_choices = {
        "organization": lambda user: selectors.organization_list_visible_to(user=user),
        "location": lambda user: selectors.location_list_visible_to(user=user),
        "service_area": lambda user: _municipalities(),
    }
    categories = forms.MultipleChoiceField(
        label=_("Categories"), choices=ServiceCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    opening_times = forms.CharField(
        label=_("Opening times"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One line each, e.g. “MO 09:00-12:00 by appointment” (MO, TU, WE, TH, FR, SA, SU or MO, DI, MI, DO, FR, SA, SO)."
        ),
    )

    def clean_opening_times(self) -> list[dict[str, Any]]:
        return parse_opening_times(self.cleaned_data.get("opening_times", ""))

    class Meta:
        model = Service
        fields = [
            "name",
            "organization",
            "location",
            "description",
            "categories",
            "languages",
            "target_groups",
            "age_min",
            "age_max",
            "is_free",
            "fees_description",
            "accessibility",
            "phone",
            "email",
            "website",
            "service_area",
            "opening_times",
            "last_verified",
            "is_active",
        ]
        widgets = {"last_verified": DateInput(), "service_area": forms.SelectMultiple(attrs={"size": 8})}


_OPENING_LINE = re.compile(
    r"^(?P<day>[A-Za-z]{2})\s+(?P<opens>\d{1,2}:\d{2})\s*[-–]\s*(?P<closes>\d{1,2}:\d{2})\s*(?P<note>.*)$"
)


# German abbreviations are accepted too (MO, FR and SA are the same in both).
GERMAN_DAYS = {"DI": "TU", "MI": "WE", "DO": "TH", "SO": "SU"}


def parse_opening_times(text: str) -> list[dict[str, Any]]:
    """'MO 09:00-12:00 by appointment' per line -> schedule entries; ValidationError naming the line."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _OPENING_LINE.match(line.strip())
        day = match["day"].upper() if match else ""
        day = GERMAN_DAYS.get(day, day)
        if match is None or day not in Weekday.values:
            raise forms.ValidationError(
                _(
                    "Line %(line)s: write e.g. “MO 09:00-12:00 by appointment” (MO, TU, WE, TH, FR, SA, SU or MO, DI, MI, DO, FR, SA, SO)."
                ),
                params={"line": number},
            )
        try:
            opens = dt.time.fromisoformat(match["opens"].zfill(5))
            closes = dt.time.fromisoformat(match["closes"].zfill(5))
        except ValueError as error:
            raise forms.ValidationError(
                _("Line %(line)s: not a valid time."), params={"line": number}
            ) from error
        if opens >= closes:
            raise forms.ValidationError(_("Line %(line)s: closes before it opens."), params={"line": number})
        entries.append(
            {"weekday": day, "opens_at": opens, "closes_at": closes, "description": match["note"][:200]}
        )
    return entries


def format_opening_times(schedules: Any) -> str:
    return "\n".join(
        f"{s.weekday} {s.opens_at:%H:%M}-{s.closes_at:%H:%M} {s.description}".rstrip() for s in schedules
    )


class OrganizationForm(RecordForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "description", "phone", "email", "website"]


class LocationForm(RecordForm):
    scoped_choices = {
        "organization": lambda user: selectors.organization_list_visible_to(user=user),
        "municipality": lambda user: _municipalities(),
    }

    class Meta:
        model = Location
        fields = [
            "organization",
            "name",
            "street",
            "postal_code",
            "city",
            "municipality",
            "latitude",
            "longitude",
            "accessibility",
            "wheelchair_accessible",
        ]


class HsdsUploadForm(KisaFormMixin, forms.Form):
    file = forms.FileField(
        label=_("HSDS data package"),
        help_text=_("A zip file with datapackage.json and CSV tables, or a JSON data package."),
    )


class AnalysisForm(KisaFormMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=ServiceCategory.choices)
    threshold = forms.IntegerField(
        label=_("White spot threshold (minutes)"), min_value=10, max_value=240, required=False
    )
