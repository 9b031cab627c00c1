"""The dashboard page (/berichte/): a filter form and the figures of dashboard.py, section by section."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.core.permissions import requires
from kisa.registry.models import Provider, SocialArea
from kisa.registry.selectors import kita_list_visible_to
from kisa.reports.dashboard import dashboard_report

SELECT = {"class": "kern-form-input__select"}
DATE = {"class": "kern-form-input__input", "type": "date"}


class DashboardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, widget=forms.Select(attrs=SELECT))
    period_from = forms.DateField(label=_("Period from"), required=False, widget=forms.DateInput(attrs=DATE))
    period_to = forms.DateField(label=_("Period until"), required=False, widget=forms.DateInput(attrs=DATE))
    social_area = forms.ModelChoiceField(
        label=_("Social area"),
        queryset=SocialArea.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=forms.Select(attrs=SELECT),
    )
    kita = forms.ModelChoiceField(
        label=_("Kita"),
        queryset=SocialArea.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=forms.Select(attrs=SELECT),
    )
    employer = forms.ModelChoiceField(
        label=_("Employer"),
        queryset=Provider.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].choices = [(y, str(y)) for y in range(today.year, today.year - 6, -1)]
        membership = membership_of(user)
        office_id = membership.youth_office_id if membership else 0
        self.fields["social_area"].queryset = SocialArea.objects.filter(youth_office_id=office_id).order_by(
            "name"
        )
        kitas = kita_list_visible_to(user=user).filter(youth_office_id=office_id)
        if membership is not None and membership.role == Role.PROVIDER:
            kitas = kitas.filter(provider_id=membership.provider_id)
        self.fields["kita"].queryset = kitas.order_by("name")
        self.fields["employer"].queryset = Provider.objects.filter(youth_office_id=office_id).order_by("name")
        if membership is not None and membership.role == Role.PROVIDER:
            del self.fields["employer"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if bool(start) != bool(end):
            self.add_error("period_to" if start else "period_from", _("Give both ends of the period."))
        elif start and end and start > end:
            self.add_error("period_to", _("The period must not end before it starts."))
        return data


def filters_from(data: dict[str, Any]) -> dict[str, Any]:
    start: dt.date | None = data.get("period_from")
    end: dt.date | None = data.get("period_to")
    return {
        "year": data["year"],
        "period": (start, end) if start and end else None,
        "social_area_id": data["social_area"].pk if data.get("social_area") else None,
        "kita_id": data["kita"].pk if data.get("kita") else None,
        "employer_id": data["employer"].pk if data.get("employer") else None,
    }


@requires("reports.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard of the chosen year or period; a filter that does not validate shows the year's figures."""
    data = request.GET.copy()
    data.setdefault("year", str(timezone.localdate().year))
    form = DashboardFilterForm(data, user=request.user)
    filters = filters_from(form.cleaned_data) if form.is_valid() else {"year": timezone.localdate().year}
    try:
        report = dashboard_report(user=request.user, **filters)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        report = dashboard_report(user=request.user, year=filters["year"])
    membership = membership_of(request.user)
    context = {
        "form": form,
        "report": report,
        "suppressed": membership is not None and membership.role != Role.COORDINATOR,
    }
    return render(request, "reports/dashboard.html", context, status=200 if form.is_valid() else 422)
