"""Forms of the planning pages. They parse; the services decide (so the services' messages, which name the
field, reach the user). Required fields carry the services' messages, so they read the same either way."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kisa.core.forms import KisaFormMixin
from kisa.documentation.models import Dimension, TargetGroup
from kisa.planning.models import (
    ATTAINMENT_LEVELS,
    ATTAINMENT_MAX,
    ATTAINMENT_MIN,
    CatalogueGoal,
    Goal,
    Project,
)
from kisa.planning.services import GOAL_FIELDS, PROJECT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The services' messages, so a missing value reads the same whether the form or the service refuses it.
NO_INDICATOR = _(
    "A target without an indicator cannot be measured: name the indicator that shows the goal is reached."
)
NO_TARGET = _("Give the value the indicator should reach.")
NO_LEVEL = _("Describe every level of the scale from −2 to +2.")
NO_ATTAINMENT = lazy(
    lambda: (
        gettext("Rate the goal on its scale from %(min)s to +%(max)s.")
        % {"min": ATTAINMENT_MIN, "max": ATTAINMENT_MAX}
    ),
    str,
)()


def _level(label: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=300, error_messages={"required": NO_LEVEL})


class CarryOverForm(KisaFormMixin, forms.Form):
    goals = forms.ModelMultipleChoiceField(
        label=_("Carry these unfinished goals of the previous year into the new plan"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = candidates
        self.fields["goals"].label_from_instance = _goal_label


def _goal_label(goal: Goal) -> str:
    if goal.status == Goal.Status.REVIEWED:
        return f"{goal.title} ({goal.get_status_display()}: {goal.attainment:+d})"
    return f"{goal.title} ({goal.get_status_display()})"


class EvaluationForm(KisaFormMixin, forms.Form):
    evaluation = forms.CharField(
        label=_("Evaluation of the findings"),
        max_length=5000,
        error_messages={"required": _("Write down what you concluded from the findings.")},
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What the team concluded from the survey findings: which needs and resources matter most."
        ),
    )


class GoalForm(KisaFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    target_group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices)
    findings = forms.ModelMultipleChoiceField(
        label=_("Findings it answers"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    catalogue_rough = forms.ModelMultipleChoiceField(
        label=_("Rough goals it serves"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    catalogue_fine = forms.ModelMultipleChoiceField(
        label=_("Fine goals it serves"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicator = forms.CharField(
        label=_("Indicator"),
        max_length=300,
        error_messages={"required": NO_INDICATOR},
        help_text=_("How you will see that the goal is reached, e.g. “families taking part twice or more”."),
    )
    indicator_source = forms.ChoiceField(label=_("Actual value from"), choices=Goal.IndicatorSource.choices)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=10, decimal_places=2)
    target_value = forms.DecimalField(
        label=_("Target value"), max_digits=10, decimal_places=2, error_messages={"required": NO_TARGET}
    )
    target_date = forms.DateField(label=_("Target date"), widget=DATE)
    responsible = forms.ModelMultipleChoiceField(
        label=_("Responsible"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    level_minus_2 = _level(_("−2: much less than expected"))
    level_minus_1 = _level(_("−1: somewhat less than expected"))
    level_0 = _level(_("0: expected result"))
    level_plus_1 = _level(_("+1: somewhat more than expected"))
    level_plus_2 = _level(_("+2: much more than expected"))

    def __init__(self, *args: Any, findings: Any, catalogue: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = findings
        self.fields["findings"].label_from_instance = lambda finding: (
            f"{finding.get_kind_display()}: {finding.text} ({finding.round.name})"
        )
        self.fields["catalogue_rough"].queryset = catalogue.filter(level=CatalogueGoal.Level.ROUGH)
        self.fields["catalogue_fine"].queryset = catalogue.filter(level=CatalogueGoal.Level.FINE)
        self.fields["catalogue_fine"].label_from_instance = lambda goal: (
            f"{goal.get_audience_display()}: {goal.title}"
        )
        self.fields["responsible"].queryset = staff

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        arguments = {name: data[name] for name in GOAL_FIELDS}
        arguments["findings"] = list(data["findings"])
        arguments["catalogue_goals"] = [*data["catalogue_rough"], *data["catalogue_fine"]]
        arguments["responsible"] = list(data["responsible"])
        return arguments

    @staticmethod
    def initial_for(goal: Goal) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(goal, name) for name in GOAL_FIELDS}
        initial["findings"] = list(goal.findings.all())
        catalogue = list(goal.catalogue_goals.all())
        initial["catalogue_rough"] = [c for c in catalogue if c.level == CatalogueGoal.Level.ROUGH]
        initial["catalogue_fine"] = [c for c in catalogue if c.level == CatalogueGoal.Level.FINE]
        initial["responsible"] = list(goal.responsible.all())
        return initial


class ProjectForm(KisaFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals served"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    dimension = forms.ChoiceField(label=_("Dimension"), choices=Dimension.choices)
    partner_providers = forms.ModelMultipleChoiceField(
        label=_("Partner institutions"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )
    partner_services = forms.ModelMultipleChoiceField(
        label=_("Partner offers"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE)
    responsible = forms.ModelChoiceField(label=_("Responsible worker"), queryset=None)  # type: ignore[arg-type]
    planned_hours = forms.DecimalField(
        label=_("Planned effort (hours)"), max_digits=7, decimal_places=1, min_value=0
    )
    planned_costs = forms.DecimalField(
        label=_("Planned costs (EUR)"), max_digits=10, decimal_places=2, min_value=0, initial=0
    )
    actual_costs = forms.DecimalField(
        label=_("Actual costs (EUR)"), max_digits=10, decimal_places=2, min_value=0, initial=0
    )
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices)

    def __init__(
        self, *args: Any, goals: Any, providers: Any, services: Any, staff: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = goals
        self.fields["partner_providers"].queryset = providers
        self.fields["partner_services"].queryset = services
        self.fields["responsible"].queryset = staff

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        arguments = {name: data[name] for name in PROJECT_FIELDS}
        arguments["goals"] = list(data["goals"])
        arguments["partner_providers"] = list(data["partner_providers"])
        arguments["partner_services"] = list(data["partner_services"])
        return arguments

    @staticmethod
    def initial_for(project: Project) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(project, name) for name in PROJECT_FIELDS}
        initial["goals"] = list(project.goals.all())
        initial["partner_providers"] = list(project.partner_providers.all())
        initial["partner_services"] = list(project.partner_services.all())
        return initial


ATTAINMENT_CHOICES = [(str(level), f"{level:+d}" if level else "0") for level in ATTAINMENT_LEVELS]


class ReviewForm(KisaFormMixin, forms.Form):
    attainment = forms.TypedChoiceField(
        label=_("Attainment"),
        coerce=int,
        choices=ATTAINMENT_CHOICES,
        empty_value=None,
        error_messages={"required": NO_ATTAINMENT},
    )
    actual_value = forms.DecimalField(
        label=_("Actual value"), max_digits=10, decimal_places=2, required=False
    )
    evidence = forms.CharField(
        label=_("Evidence"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lesson = forms.CharField(
        label=_("Lesson learned"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    early_review_reason = forms.CharField(
        label=_("Reason for reviewing before the plan period ends"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, goal: Goal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attainment"].choices = [("", _("Choose a level"))] + [
            (str(level), f"{level:+d}: {text}" if level else f"0: {text}") for level, text in goal.scale()
        ]


class CompleteReviewForm(KisaFormMixin, forms.Form):
    review_summary = forms.CharField(
        label=_("Summary of the review"),
        max_length=5000,
        error_messages={"required": _("Summarise the year's review.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CatalogueGoalForm(KisaFormMixin, forms.ModelForm):
    class Meta:
        model = CatalogueGoal
        fields = ["level", "audience", "title", "description", "position", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self) -> None:
        """The service checks the title within the office (the form has no office)."""
