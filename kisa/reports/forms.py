"""Forms of the reports pages: they check the shape of the input; rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kisa.reports.models import ActivityReport

# --- activity reports (helper 3) ---


class ActivityReportForm(forms.ModelForm):
    class Meta:
        model = ActivityReport
        fields = ["summary", "highlights", "challenges", "cooperation", "outlook"]
        widgets = {field: forms.Textarea(attrs={"rows": 5}) for field in fields}


class ActivityReportReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("accept", _("accept the report")), ("return", _("return it with comments"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("comment"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when returning the report: what should be revised?"),
    )
