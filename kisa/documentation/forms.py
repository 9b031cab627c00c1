"""Documentation forms: the fast-entry form, the list filters, the catalogue entries.

The entry form parses and limits choices to what the worker may reference (their current Kitas, their
open cases, the office's catalogues); the rules across rows are the service's (its errors are shown next
to the field they name).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kisa.cases.models import Case
from kisa.cases.selectors import case_list_visible_to
from kisa.core.forms import KisaFormMixin
from kisa.directory.categories import ServiceCategory
from kisa.directory.selectors import service_choices_for_referral
from kisa.documentation import selectors
from kisa.documentation.models import (
    MAX_DURATION,
    NOTE_MAX_LENGTH,
    ActivityType,
    Dimension,
    Language,
    TargetGroup,
    Topic,
)
from kisa.planning.models import Project
from kisa.registry.models import Municipality, Provider, SocialArea, StaffMember


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def _number(minimum: int, maximum: int, **attrs: Any) -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": minimum, "max": maximum, "inputmode": "numeric", **attrs})


class ActivityForm(KisaFormMixin, forms.Form):
    """One activity, as the worker enters it on the phone. `core` fields come first on the page."""

    core_fields = (
        "date",
        "start_time",
        "duration_minutes",
        "dimension",
        "activity_type",
        "kitas",
        "topics",
        "project",
        "note",
    )

    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=TimeInput())
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), widget=_number(1, MAX_DURATION))
    dimension = forms.ChoiceField(label=_("Dimension"), choices=Dimension.choices, widget=forms.RadioSelect)
    activity_type = forms.ModelChoiceField(label=_("Activity type"), queryset=ActivityType.objects.none())
    kitas = forms.ModelMultipleChoiceField(
        label=_("Kitas"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        # Marked "optional" (a municipality or social area may stand instead), so say what is needed.
        help_text=_(
            "Where the work took place: a Kita, or under More details a municipality or social area."
        ),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        required=False,
        help_text=_("Optional: the project of your Kita's plan this work serves."),
    )
    note = forms.CharField(
        label=_("Short note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("No names, no details that identify a family."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), required=False
    )
    social_area = forms.ModelChoiceField(
        label=_("Social area"), queryset=SocialArea.objects.none(), required=False
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    adults = forms.IntegerField(
        label=_("Adults"), min_value=0, initial=0, required=False, widget=_number(0, 999)
    )
    children = forms.IntegerField(
        label=_("Children"), min_value=0, initial=0, required=False, widget=_number(0, 999)
    )
    professionals = forms.IntegerField(
        label=_("Professionals"), min_value=0, initial=0, required=False, widget=_number(0, 999)
    )
    language = forms.ChoiceField(label=_("Language used"), choices=Language.choices, initial=Language.GERMAN)
    interpreter_needed = forms.BooleanField(label=_("Interpreter needed"), required=False)
    partner_names = forms.CharField(
        label=_("Partner institutions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One institution per line; no names of people."),
    )
    partner_providers = forms.ModelMultipleChoiceField(
        label=_("Partner providers"), queryset=Provider.objects.none(), required=False
    )
    referrals = forms.MultipleChoiceField(
        label=_("Referred to"),
        choices=ServiceCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    referral_offers = forms.MultipleChoiceField(
        label=_("Offers referred to"),
        required=False,
        help_text=_("Optional: the concrete offer from the directory, listed under its kind of offer."),
    )
    case = forms.ModelChoiceField(
        label=_("Case"),
        queryset=Case.objects.none(),
        required=False,
        help_text=_("Only for case-specific work: one of your open cases."),
    )
    travel_minutes = forms.IntegerField(
        label=_("Travel time (minutes)"), required=False, min_value=0, widget=_number(0, 600)
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        worker: StaffMember,
        on: dt.date,
        project_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        office_id = worker.youth_office_id
        types = selectors.activity_types_for(youth_office_id=office_id).active()
        self.fields["activity_type"].queryset = types
        self.fields["activity_type"].choices = self._grouped_types(types)
        self.fields["kitas"].queryset = selectors.worker_kitas(worker=worker, on=on)
        self.fields["topics"].queryset = selectors.topics_for(youth_office_id=office_id).active()
        self.fields["municipality"].queryset = Municipality.objects.in_responsibility_area(
            worker.youth_office, on
        ).order_by("name")
        self.fields["social_area"].queryset = SocialArea.objects.filter(youth_office_id=office_id)
        self.fields["partner_providers"].queryset = Provider.objects.filter(youth_office_id=office_id)
        # The cases the user may read (responsible or deputy), open ones only: kisa.cases decides.
        self.fields["case"].queryset = case_list_visible_to(user=user).open().order_by("code")
        self.offers = {s.pk: s for s in service_choices_for_referral(user=user)}
        self.fields["referral_offers"].choices = self._grouped_offers(self.offers.values())
        self._set_projects(user=user, worker=worker, on=on, project_id=project_id)

    def _set_projects(self, *, user: Any, worker: StaffMember, on: dt.date, project_id: int | None) -> None:
        """The projects of this year's plans of the worker's Kitas, under their Kita; the entry's own project
        stays choosable when it is corrected. A page without any project to offer leaves the field out."""
        # A posted entry may be dated in another year than the page was shown for: its own year's projects.
        posted = self.data.get("date") if self.is_bound else None
        with contextlib.suppress(ValueError):
            on = dt.date.fromisoformat(str(posted)) if posted else on
        projects = selectors.project_choices_for(user=user, worker=worker, on=on)
        if project_id is not None:
            projects = projects | Project.objects.filter(
                pk=project_id, youth_office_id=worker.youth_office_id
            )
        projects = projects.select_related("plan__kita").order_by("plan__kita__name", "title")
        groups: dict[str, list[tuple[int, str]]] = {}
        for project in projects:
            groups.setdefault(project.plan.kita.name, []).append((project.pk, project.title))
        if not groups and not self.is_bound:
            del self.fields["project"]
            return
        self.fields["project"].queryset = projects
        self.fields["project"].choices = [("", "---------"), *groups.items()]

    @staticmethod
    def _grouped_offers(offers: Any) -> list[Any]:
        """Offers under each of their kinds of offer; a value names both ("<kind>:<offer id>")."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for offer in offers:
            for category in offer.categories:
                label = f"{offer.name} ({offer.location.city})"
                groups.setdefault(category, []).append((f"{category}:{offer.pk}", label))
        return [(str(ServiceCategory(c).label), groups[c]) for c in ServiceCategory.values if c in groups]

    @staticmethod
    def _grouped_types(types: Any) -> list[Any]:
        groups: dict[str, list[tuple[int, str]]] = {}
        for activity_type in types:
            groups.setdefault(activity_type.dimension, []).append((activity_type.pk, activity_type.name))
        return [("", "---------")] + [
            (str(Dimension(d).label), groups[d]) for d in Dimension.values if d in groups
        ]

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as the service takes them."""
        data = dict(self.cleaned_data)
        data.pop("client_id", None)
        for name in ("adults", "children", "professionals"):
            data[name] = data.get(name) or 0
        data["partner_names"] = [
            line.strip() for line in data.get("partner_names", "").splitlines() if line.strip()
        ]
        referrals: list[Any] = list(data.get("referrals") or [])
        for value in data.pop("referral_offers", None) or []:
            category, _sep, pk = value.partition(":")
            referrals.append({"category": category, "service": self.offers[int(pk)]})
        data["referrals"] = referrals
        return data

    def core(self) -> list[Any]:
        return [self[name] for name in self.core_fields if name in self.fields]

    def details(self) -> list[Any]:
        return [self[name] for name in self.fields if name not in self.core_fields and name != "client_id"]


class ActivityFilterForm(KisaFormMixin, forms.Form):
    """Only renders the list filters; `selectors.activity_list_filtered` reads the query itself."""

    mark_optional_fields = False

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    kita = forms.ModelChoiceField(label=_("Kita"), queryset=None, required=False)
    dimension = forms.ChoiceField(
        label=_("Dimension"), choices=[("", "---------"), *Dimension.choices], required=False
    )
    type = forms.ModelChoiceField(
        label=_("Activity type"), queryset=ActivityType.objects.none(), required=False
    )

    def __init__(self, *args: Any, kitas: Any, youth_office_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kita"].queryset = kitas
        self.fields["type"].queryset = selectors.activity_types_for(youth_office_id=youth_office_id)


class ActivityTypeForm(KisaFormMixin, forms.ModelForm):
    class Meta:
        model = ActivityType
        fields = ["dimension", "name", "position", "is_active"]


class TopicForm(KisaFormMixin, forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "position", "is_active"]
