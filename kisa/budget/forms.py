"""Budget forms: they parse input; the services validate and save (their errors land on the fields). The
model's simple rules (amounts not negative / positive, a booking's date in its year) are checked here too,
so every mistake is named in the first answer, not one after the other.

Amounts accept German input ("1.234,50"); other decimals are localized ("2,5").
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from kisa.budget.models import CENT, NOT_NEGATIVE, POSITIVE, AllocationScheme, Booking
from kisa.core.forms import KisaFormMixin
from kisa.planning.models import Project
from kisa.registry.models import Kita, StaffMember


class MoneyField(forms.DecimalField):
    """An amount as people type it: "1.234,50", "1234,50", "65.000", "1234.50" or "1.234,50 €".

    A text input (with the numeric keyboard on phones): a number input would refuse "1.234,50".
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
            if "," in value or re.fullmatch(r"-?\d{1,3}(\.\d{3})+", value):
                # German: "." groups thousands ("65.000" is sixty-five thousand), "," marks the cents.
                value = value.replace(".", "").replace(",", ".")
        return super().to_python(value)


def money(
    label: Any, *, required: bool = True, help_text: Any = "", validators: Any = ()
) -> forms.DecimalField:
    return MoneyField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        validators=list(validators),
    )


class DateInYearMixin:
    """Refuse a date outside the budget year (`year`), with the model's message."""

    budget_year_number: int | None = None

    def clean_date(self) -> Any:
        value = self.cleaned_data["date"]  # type: ignore[attr-defined]
        if value and self.budget_year_number and value.year != self.budget_year_number:
            raise forms.ValidationError(
                _("The date must lie in the budget year %(year)s.") % {"year": self.budget_year_number}
            )
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class BudgetYearForm(KisaFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    land_share = money(_("Land share"), validators=NOT_NEGATIVE)
    office_share = money(_("Office share"), validators=NOT_NEGATIVE)
    planned_rise_percent = forms.DecimalField(
        label=_("Planned rise per year (%)"), max_digits=5, decimal_places=2, localize=True
    )
    central_reserve = money(
        _("Central reserve"),
        help_text=_("Kept back for costs of the office that belong to no Kita."),
        validators=NOT_NEGATIVE,
    )
    scheme = forms.ModelChoiceField(
        label=_("Allocation scheme"), queryset=AllocationScheme.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, youth_office: Any, fixed_year: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = AllocationScheme.objects.filter(youth_office=youth_office)
        if fixed_year:
            del self.fields["year"]


class AllocationSchemeForm(KisaFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    base_share_percent = forms.DecimalField(
        label=_("Base share (%)"),
        max_digits=5,
        decimal_places=2,
        localize=True,
        help_text=_("Part of the amount to allocate that every Kita receives in equal parts."),
    )
    weight_places = forms.DecimalField(
        label=_("Weight: approved places"), max_digits=6, decimal_places=2, localize=True
    )
    weight_children_under_7 = forms.DecimalField(
        label=_("Weight: children under 7"), max_digits=6, decimal_places=2, localize=True
    )
    weight_social_index = forms.DecimalField(
        label=_("Weight: social index"), max_digits=6, decimal_places=2, localize=True
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AllocationAdjustForm(KisaFormMixin, forms.Form):
    adjustment = money(
        _("Manual adjustment"), help_text=_("Added to the computed amount; negative to reduce it, 0 to undo.")
    )
    reason = forms.CharField(label=_("Reason for the adjustment"), max_length=300, required=False)


class SocialIndexForm(KisaFormMixin, forms.Form):
    factor = forms.DecimalField(
        label=_("Social-index factor"),
        max_digits=4,
        decimal_places=2,
        localize=True,
        help_text=_("1 = average need; 1.5 = half as much again."),
    )
    note = forms.CharField(label=_("Reason"), max_length=200, required=False)


class StaffPositionForm(KisaFormMixin, forms.Form):
    staff_member = forms.ModelChoiceField(label=_("Staff member"), queryset=StaffMember.objects.none())
    weekly_hours = forms.DecimalField(
        label=_("Weekly hours"),
        max_digits=4,
        decimal_places=1,
        localize=True,
        required=False,
        help_text=_("Empty: the contracted hours from the registry."),
    )
    annual_costs = money(_("Personnel costs per year"), validators=NOT_NEGATIVE)

    def __init__(self, *args: Any, youth_office: Any, fixed_staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff_member"].queryset = StaffMember.objects.filter(
            youth_office=youth_office
        ).select_related("employer")
        if fixed_staff:
            del self.fields["staff_member"]


class KitaChoiceMixin:
    fields: dict[str, forms.Field]

    def _set_kitas(self, kitas: Any, year: int | None = None) -> None:
        self.fields["kita"].queryset = kitas
        if "project" in self.fields:
            projects = Project.objects.filter(plan__kita__in=kitas).select_related("plan", "plan__kita")
            if year is not None:
                projects = projects.filter(plan__year=year)
            self.fields["project"].queryset = projects.order_by("plan__kita__name", "title")


class MaterialCostForm(KitaChoiceMixin, KisaFormMixin, forms.Form):
    kita = forms.ModelChoiceField(
        label=_("Kita"), queryset=Kita.objects.none(), required=False, empty_label=_("– none (office) –")
    )
    project_reference = forms.CharField(
        label=_("Project"),
        max_length=150,
        required=False,
        help_text=_("Name or number of the project; linked to the planning module once it exists."),
    )
    project = forms.ModelChoiceField(
        label=_("Planning project"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("– none –"),
        help_text=_("A project of the Kita's plan for the budget year."),
    )
    description = forms.CharField(label=_("Description"), max_length=300)
    amount = money(_("Planned amount"), validators=NOT_NEGATIVE)

    def __init__(self, *args: Any, kitas: Any, year: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_kitas(kitas, year)


class BookingForm(DateInYearMixin, KitaChoiceMixin, KisaFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    amount = money(_("Amount (€)"), validators=POSITIVE)
    category = forms.ChoiceField(label=_("Category"), choices=Booking.Category.choices)
    kita = forms.ModelChoiceField(
        label=_("Kita"),
        queryset=Kita.objects.none(),
        required=False,
        empty_label=_("– none (central reserve) –"),
    )
    project_reference = forms.CharField(
        label=_("Project"),
        max_length=150,
        required=False,
        help_text=_("Name or number of the project; linked to the planning module once it exists."),
    )
    project = forms.ModelChoiceField(
        label=_("Planning project"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("– none –"),
        help_text=_("A project of the Kita's plan for the budget year."),
    )
    description = forms.CharField(label=_("Description"), max_length=300)
    receipt_number = forms.CharField(label=_("Receipt no."), max_length=50)

    def __init__(self, *args: Any, kitas: Any, year: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_kitas(kitas, year)
        self.budget_year_number = year


class ReversalForm(DateInYearMixin, KisaFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    amount = money(
        _("Amount (€)"),
        required=False,
        help_text=_("Empty: the whole amount not yet reversed."),
        validators=[MinValueValidator(CENT, message=_("Amounts must be positive."))],
    )
    receipt_number = forms.CharField(label=_("Receipt no."), max_length=50)
    description = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args: Any, year: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget_year_number = year


class BookingFilterForm(KitaChoiceMixin, KisaFormMixin, forms.Form):
    """Only renders the filters; `selectors.booking_list_filtered` validates them."""

    mark_optional_fields = False

    kita = forms.ChoiceField(label=_("Kita"), required=False)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Booking.Category.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    q = forms.CharField(label=_("Text, receipt or project contains"), required=False, max_length=100)

    def __init__(self, *args: Any, kitas: Any, with_office: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("All Kitas"))]
        if with_office:
            choices.append(("none", _("Office (no Kita)")))
        self.fields["kita"].choices = choices + [(str(k.pk), k.name) for k in kitas]


class BudgetSettingsForm(KisaFormMixin, forms.Form):
    hard_stop = forms.BooleanField(
        label=_("Refuse bookings beyond the budget"),
        required=False,
        help_text=_("Off: a booking beyond the budget is saved with a warning. On: it is refused."),
    )
