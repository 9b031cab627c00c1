"""The annual report form: year, territory (the office's), format. The service validates again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kisa.core.forms import KisaFormMixin
from kisa.reports import figures
from kisa.reports.jobs import FIRST_YEAR
from kisa.reports.models import ReportJob


class AnnualReportForm(KisaFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    territory = forms.ChoiceField(label=_("Territory"))
    output_format = forms.ChoiceField(label=_("Format"), choices=ReportJob.Format.choices)

    def __init__(self, *args: Any, youth_office_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(year, year) for year in range(this_year, FIRST_YEAR - 1, -1)]
        self.fields["year"].initial = this_year - 1
        self.fields["territory"].choices = figures.territory_choices(youth_office_id=youth_office_id)


class PreviewForm(KisaFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)
    territory = forms.CharField(label=_("Territory"), max_length=40)
