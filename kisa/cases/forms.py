"""Case forms: they parse; the services validate across rows and save (as in the registry)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kisa.accounts.selectors import membership_of
from kisa.cases import selectors
from kisa.cases.models import AgeBand, Case, Consent
from kisa.core.forms import KisaFormMixin
from kisa.registry.forms import DateInput
from kisa.registry.models import Kita, StaffMember


class CaseForm(KisaFormMixin, forms.Form):
    kita = forms.ModelChoiceField(label=_("Kita"), queryset=Kita.objects.none())
    responsible = forms.ModelChoiceField(
        label=_("Responsible worker"),
        queryset=StaffMember.objects.none(),
        help_text=_("Hand the case over: the new worker needs a current assignment at the Kita."),
    )
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput())
    number_of_children = forms.IntegerField(
        label=_("Number of children"), min_value=1, max_value=15, initial=1
    )
    age_bands = forms.MultipleChoiceField(
        label=_("Age bands of the children"),
        choices=AgeBand.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    family_language = forms.ChoiceField(
        label=_("Family language"),
        choices=[("", "–"), *Case._meta.get_field("family_language").choices],
        required=False,
    )
    deputy = forms.ModelChoiceField(
        label=_("Deputy"),
        queryset=StaffMember.objects.none(),
        required=False,
        help_text=_("The only other person who can read this case."),
    )
    contact = forms.CharField(
        label=_("Clear name and contact (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted; only you and the deputy can read it. Only what you really need."),
    )
    legal_hold = forms.BooleanField(
        label=_("Legal hold"),
        required=False,
        help_text=_(
            "Kept beyond the retention period, e.g. for court proceedings or a child-protection review."
        ),
    )
    legal_hold_reason = forms.CharField(label=_("Reason for the legal hold"), required=False, max_length=200)

    def __init__(self, *args: Any, user: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office = membership_of(user).youth_office
        candidates = selectors.case_worker_candidates(youth_office=office).order_by("last_name", "first_name")
        kitas = selectors.kitas_for_cases_of(user=user)
        if case is None:
            del self.fields["responsible"]
            self.fields["opened_on"].initial = timezone.localdate()
        else:
            # The case's own Kita stays selectable even after the worker's assignment there has ended.
            kitas = kitas | Kita.objects.filter(pk=case.kita_id)
            self.fields["responsible"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["kita"].queryset = kitas.distinct().order_by("name")  # type: ignore[attr-defined]
        self.fields["deputy"].queryset = candidates.exclude(  # type: ignore[attr-defined]
            pk__in=selectors.staff_member_ids_of(user)
        )


class CaseCloseForm(KisaFormMixin, forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Case.Outcome.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class ConsentForm(KisaFormMixin, forms.ModelForm):
    class Meta:
        model = Consent
        fields = [
            "kind",
            "recipient_category",
            "recipient_institution",
            "data_scope",
            "form",
            "given_on",
            "expires_on",
        ]
        widgets = {"given_on": DateInput(), "expires_on": DateInput(), "form": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()

    def _post_clean(self) -> None:
        pass  # the service validates the complete record


class ConsentWithdrawForm(KisaFormMixin, forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()


class RetentionPeriodForm(KisaFormMixin, forms.Form):
    record_type = forms.CharField(widget=forms.HiddenInput)
    months = forms.IntegerField(label=_("Retention period (months)"), min_value=1, max_value=600)
