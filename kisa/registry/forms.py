"""Registry forms.

Edit forms only parse and check single values; rules that span rows (territory, overlapping
assignments, a worker's hours) are checked by the services, which also save. Choices are limited to what
the user's office may reference, always through the selectors.

Filter forms only render the list filters (they are never bound): the `*_list_filtered` selectors read
the raw query parameters and ignore what they do not understand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kisa.core.forms import KisaFormMixin
from kisa.registry import selectors
from kisa.registry.models import Assignment, Kita, Municipality, Provider, SocialArea, StaffMember, Weekday


class DateInput(forms.DateInput):
    """The browser's date picker; it sends and expects ISO dates whatever the UI language."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def weekday_field() -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=_("Weekdays"), choices=Weekday.choices, coerce=int, widget=forms.CheckboxSelectMultiple
    )


class ScopedChoicesMixin(KisaFormMixin):
    """KERN styling, and choice fields limited to rows the user may reference.

    Every registry form takes `user`; `scoped_choices` maps a field name to its queryset for that user.
    """

    scoped_choices: ClassVar[dict[str, Callable[[Any], QuerySet[Any]]]] = {}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset_for in self.scoped_choices.items():
            self.fields[name].queryset = queryset_for(user)  # type: ignore[attr-defined]


class RecordForm(ScopedChoicesMixin, forms.ModelForm):
    """A ModelForm used for its fields, labels and parsing only; it never touches the model.

    Model validation is the service's job: it runs `full_clean()` on the complete record (office set)
    together with the checks across rows, and its errors are shown on this form. Validating here would
    check a half-built instance (fields with errors left out, no office), which model code expecting a
    complete row cannot handle, and would report the same problem twice.
    """

    def _post_clean(self) -> None:
        pass


def _area_municipalities(user: Any) -> QuerySet[Any]:
    return selectors.municipality_list_filtered(user=user, filters={"in_area": "yes"})


# --- Edit forms -------------------------------------------------------------------------------------------


class SocialAreaForm(RecordForm):
    scoped_choices = {
        "municipalities": lambda user: selectors.municipality_list_visible_to(user=user),
    }

    class Meta:
        model = SocialArea
        fields = ["name", "description", "municipalities"]
        widgets = {
            "municipalities": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class KitaForm(RecordForm):
    scoped_choices = {
        "municipality": _area_municipalities,
        "social_area": lambda user: selectors.social_area_list_visible_to(user=user),
        "provider": lambda user: selectors.provider_list_visible_to(user=user),
    }

    class Meta:
        model = Kita
        fields = [
            "number",
            "name",
            "street",
            "postal_code",
            "municipality",
            "social_area",
            "provider",
            "approved_places",
            "latitude",
            "longitude",
            "family_centre_status",
            "is_active",
        ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # A Kita whose municipality has left the area must stay editable (e.g. to deactivate it).
        current = self.initial.get("municipality")
        if current:
            field = self.fields["municipality"]
            in_area = field.queryset.values("pk")  # type: ignore[attr-defined]
            field.queryset = Municipality.objects.filter(Q(pk__in=in_area) | Q(pk=current))  # type: ignore[attr-defined]


class ProviderForm(RecordForm):
    class Meta:
        model = Provider
        fields = ["name", "kind", "address", "email", "phone"]


class StaffMemberForm(RecordForm):
    scoped_choices = {
        "employer": lambda user: selectors.provider_list_visible_to(user=user),
    }

    class Meta:
        model = StaffMember
        fields = ["first_name", "last_name", "function", "employer", "weekly_hours", "email", "is_active"]


class AssignmentForm(RecordForm):
    scoped_choices = {
        "staff_member": lambda user: selectors.staff_list_visible_to(user=user).active(),
        "kita": lambda user: selectors.kita_list_visible_to(user=user).active(),
    }
    weekdays = weekday_field()

    class Meta:
        model = Assignment
        fields = ["staff_member", "kita", "weekdays", "hours_per_week", "valid_from", "valid_to", "note"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}


class AssignmentChangeForm(ScopedChoicesMixin, forms.Form):
    """New weekdays/hours from a date on. Field names match the service's error keys."""

    valid_from = forms.DateField(
        label=_("Changes from"),
        widget=DateInput(),
        help_text=_("The running assignment ends the day before; it stays in the history."),
    )
    weekdays = weekday_field()
    hours_per_week = Assignment._meta.get_field("hours_per_week").formfield()


class AssignmentEndForm(ScopedChoicesMixin, forms.Form):
    valid_to = forms.DateField(label=_("Last day"), widget=DateInput())


class ResponsibilityAreaChangeForm(ScopedChoicesMixin, forms.Form):
    """Join the responsibility area from a date, or leave it after a date (the view knows which)."""

    date = forms.DateField(label=_("Date"), widget=DateInput())


# --- Filter forms -----------------------------------------------------------------------------------------


class FilterForm(ScopedChoicesMixin, forms.Form):
    """A list page's filters: every field is optional, so none is marked as such."""

    mark_optional_fields = False


def _search_field(help_text: str) -> forms.CharField:
    return forms.CharField(label=_("Search"), required=False, max_length=100, help_text=help_text)


def _yes_no_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, required=False, choices=[("", _("All")), ("yes", _("Yes")), ("no", _("No"))]
    )


def _choice_field(label: str, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", _("All")), *choices])


def _record_field(label: str) -> forms.ModelChoiceField:
    """A filter on a related record; its choices come from `scoped_choices`."""
    return forms.ModelChoiceField(label=label, required=False, queryset=None, empty_label=_("All"))


class MunicipalityFilterForm(FilterForm):
    scoped_choices = {
        "association": lambda user: selectors.association_list_visible_to(user=user),
    }
    q = _search_field(_("Name or the start of the AGS."))
    association = _record_field(_("Municipal association"))
    in_area = _yes_no_field(_("In the responsibility area"))


class SocialAreaFilterForm(FilterForm):
    q = _search_field(_("Name."))


def _with_visible_kitas(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """Only choices that can match a Kita the user sees: a worker with three Kitas gets three, not 85."""
    return queryset.filter(kitas__in=selectors.kita_list_visible_to(user=user).values("pk")).distinct()


class KitaFilterForm(FilterForm):
    scoped_choices = {
        "municipality": lambda user: _with_visible_kitas(
            selectors.municipality_list_visible_to(user=user), user
        ),
        "social_area": lambda user: _with_visible_kitas(
            selectors.social_area_list_visible_to(user=user).order_by("name"), user
        ),
        "provider": lambda user: _with_visible_kitas(selectors.provider_list_visible_to(user=user), user),
    }
    q = _search_field(_("Name, number or municipality."))
    municipality = _record_field(_("Municipality"))
    social_area = _record_field(_("Social area"))
    provider = _record_field(_("Provider"))
    family_centre_status = _choice_field(_("Family-centre status"), Kita.FamilyCentreStatus.choices)
    active = _yes_no_field(_("Active"))


class ProviderFilterForm(FilterForm):
    q = _search_field(_("Name."))
    kind = _choice_field(_("Kind"), Provider.Kind.choices)


class StaffFilterForm(FilterForm):
    scoped_choices = {
        "employer": lambda user: selectors.provider_list_visible_to(user=user),
    }
    q = _search_field(_("First or last name."))
    function = _choice_field(_("Function"), StaffMember.Function.choices)
    employer = _record_field(_("Employer"))
    active = _yes_no_field(_("Active"))


class AssignmentFilterForm(FilterForm):
    scoped_choices = {
        "staff_member": lambda user: selectors.staff_list_visible_to(user=user),
        "kita": lambda user: selectors.kita_list_visible_to(user=user),
    }
    q = _search_field(_("Name of the worker or the Kita."))
    staff_member = _record_field(_("Staff member"))
    kita = _record_field(_("Kita"))
    current = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[("yes", _("Current only")), ("no", _("All, including history"))],
    )
