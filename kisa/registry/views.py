"""Registry pages: the social-space overview, and list, detail and edit pages for each entity.

Rows always come from the selectors, so a page shows only what the user may see and anything else
answers 404; a role without the page's permission gets 403. Writes go through the services: the forms
only parse, and a service's ValidationError is shown on the form next to the field it names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.forms import Form, model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView

from kisa.accounts.selectors import membership_of
from kisa.core.permissions import PermissionMixin, requires
from kisa.core.selectors import audit_entry_list_visible_to
from kisa.registry import forms, selectors, services

HISTORY_LENGTH = 20


@requires("registry.view_overview")
def overview(request: HttpRequest) -> HttpResponse:
    """The social-space overview: district and responsibility area side by side."""
    office = membership_of(request.user).youth_office
    figures = selectors.overview_for(youth_office=office)
    outside = selectors.municipalities_outside_responsibility_area(youth_office=office, on=figures.on)
    context = {
        "overview": figures,
        "territories": [figures.district, figures.responsibility_area],
        "outside": outside,
    }
    return render(request, "registry/overview.html", context)


# --- Shared behaviour -------------------------------------------------------------------------------------


class FilteredListView(PermissionMixin, ListView):
    """A list page: rows from an `<entity>_list_filtered` selector, and the filter form showing the query."""

    paginate_by = 25
    filtered: Callable[..., QuerySet[Any]]
    filter_form_class: type[Form]
    default_filters: ClassVar[dict[str, str]] = {}

    def filters(self) -> dict[str, str]:
        return {**self.default_filters, **self.request.GET.dict()}

    def get_queryset(self) -> QuerySet[Any]:
        return self.filtered(user=self.request.user, filters=self.filters())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filter_form = self.filter_form_class(initial=self.filters(), user=self.request.user)
        return super().get_context_data(filter_form=filter_form, **kwargs)


def audit_history(user: Any, instance: Model) -> list[Any]:
    """The latest audit entries of `instance` (empty for roles that may not read the audit trail)."""
    entries = audit_entry_list_visible_to(user=user, filters={"model": instance._meta.label})
    return list(entries.filter(object_id=str(instance.pk))[:HISTORY_LENGTH])


class VisibleObjectMixin:
    """Look the object up in what the user may see (`visible`), once per request.

    The permission check asks for the object before the view does; both get the same instance.
    """

    visible: Callable[..., QuerySet[Any]]
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.visible(user=self.request.user), pk=self.kwargs["pk"])
        return self._object


class VisibleDetailView(VisibleObjectMixin, PermissionMixin, DetailView):
    """A detail page with the related lists of `related()` and, for auditors, the object's history."""

    def related(self) -> dict[str, Any]:
        return {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("core.view_auditentry"):
            context["history"] = audit_history(self.request.user, self.object)
        return {**context, **self.related()}


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's error on the form: next to the field it names, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class ServiceFormView(PermissionMixin, FormView):
    """Create or change a record through a service (`save`); only the coordinator keeps the registry."""

    permission_required = "registry.manage"
    template_name = "registry/object_form.html"
    title: str
    detail_url: str
    success_message = _("Saved: %(object)s.")

    def save(self, data: Mapping[str, Any]) -> Model:
        raise NotImplementedError

    def subject(self) -> Model | None:
        """The record being changed; None when creating one."""
        return None

    @property
    def office(self) -> Any:
        return membership_of(self.request.user).youth_office

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        subject = self.subject()
        cancel_url = (
            reverse(self.detail_url, args=[subject.pk])
            if subject
            else reverse(self.detail_url.removesuffix("_detail") + "_list")
        )
        return super().get_context_data(
            title=self.title % {"object": subject}, subject=subject, cancel_url=cancel_url, **kwargs
        )

    def form_valid(self, form: Form) -> HttpResponse:
        try:
            saved = self.save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"object": saved})
        return redirect(self.detail_url, pk=saved.pk)


class ServiceObjectFormView(VisibleObjectMixin, ServiceFormView):
    """Change a record the user may see (others answer 404) through a service."""

    def subject(self) -> Model | None:
        return self.get_object()

    def form_invalid(self, form: Form) -> HttpResponse:
        # A refused service call may have left the input on the instance; show the record as stored.
        self.__dict__.pop("_object", None)
        return super().form_invalid(form)


class ServiceUpdateView(ServiceObjectFormView):
    """Edit an existing record; the form starts from its current values.

    The form gets the values, not the instance: a ModelForm would write the input into the instance,
    and the service could no longer tell (and audit) what changed.
    """

    title = _("Edit %(object)s")

    def get_initial(self) -> dict[str, Any]:
        return model_to_dict(self.get_object(), fields=list(self.get_form_class().base_fields))


# --- Municipalities, social areas ---------------------------------------------------------------------------


class MunicipalityListView(FilteredListView):
    permission_required = "registry.view_municipality"
    filtered = staticmethod(selectors.municipality_list_filtered)
    filter_form_class = forms.MunicipalityFilterForm


class MunicipalityDetailView(VisibleDetailView):
    permission_required = "registry.view_municipality"
    visible = staticmethod(lambda user: selectors.municipality_list_filtered(user=user, filters={}))

    def related(self) -> dict[str, Any]:
        user = self.request.user
        return {
            "responsibility_periods": selectors.responsibility_periods_visible_to(
                user=user, municipality=self.object
            ),
            "kitas": selectors.kita_list_visible_to(user=user).filter(municipality=self.object),
            "social_areas": selectors.social_area_list_visible_to(user=user).filter(
                municipalities=self.object
            ),
        }


class MunicipalityResponsibilityView(ServiceObjectFormView):
    """Put a municipality into the office's responsibility area from a date, or end its running period.

    The area is dated, so figures for earlier days stay as they were.
    """

    form_class = forms.ResponsibilityAreaChangeForm
    visible = staticmethod(lambda user: selectors.municipality_list_filtered(user=user, filters={}))
    detail_url = "registry:municipality_detail"
    template_name = "registry/responsibility_form.html"

    def running_period(self) -> Any:
        periods = selectors.responsibility_periods_visible_to(
            user=self.request.user, municipality=self.get_object()
        )
        return periods.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate())).first()

    @property
    def title(self) -> Any:  # type: ignore[override]
        if self.running_period():
            return _("Take %(object)s out of the responsibility area")
        return _("Add %(object)s to the responsibility area")

    def save(self, data: Mapping[str, Any]) -> Model:
        period = self.running_period()
        if period:
            services.responsibility_area_end(actor=self.request.user, period=period, valid_to=data["date"])
        else:
            services.responsibility_area_add(
                actor=self.request.user,
                youth_office=self.office,
                municipality=self.get_object(),
                valid_from=data["date"],
            )
        return self.get_object()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(running_period=self.running_period(), **kwargs)


class SocialAreaListView(FilteredListView):
    permission_required = "registry.view_socialarea"
    filtered = staticmethod(selectors.socialarea_list_filtered)
    filter_form_class = forms.SocialAreaFilterForm


class SocialAreaDetailView(VisibleDetailView):
    permission_required = "registry.view_socialarea"
    visible = staticmethod(selectors.social_area_list_visible_to)

    def related(self) -> dict[str, Any]:
        return {
            "municipalities": self.object.municipalities.all(),
            "kitas": selectors.kita_list_visible_to(user=self.request.user).filter(social_area=self.object),
        }


class SocialAreaCreateView(ServiceFormView):
    form_class = forms.SocialAreaForm
    title = _("New social area")
    detail_url = "registry:socialarea_detail"

    def save(self, data: Mapping[str, Any]) -> Model:
        return services.social_area_create(actor=self.request.user, youth_office=self.office, **data)


class SocialAreaUpdateView(ServiceUpdateView):
    form_class = forms.SocialAreaForm
    visible = staticmethod(selectors.social_area_list_visible_to)
    detail_url = "registry:socialarea_detail"

    def save(self, data: Mapping[str, Any]) -> Model:
        fields = {name: value for name, value in data.items() if name != "municipalities"}
        return services.social_area_update(
            actor=self.request.user,
            social_area=self.get_object(),
            data=fields,
            municipalities=data["municipalities"],
        )


# --- Kitas, providers -------------------------------------------------------------------------------------


class KitaListView(FilteredListView):
    permission_required = "registry.view_kita"
    filtered = staticmethod(selectors.kita_list_filtered)
    filter_form_class = forms.KitaFilterForm


class KitaDetailView(VisibleDetailView):
    permission_required = "registry.view_kita"
    visible = staticmethod(selectors.kita_list_visible_to)

    def related(self) -> dict[str, Any]:
        if not self.request.user.has_perm("registry.view_assignment"):
            return {}
        assignments = selectors.assignment_list_visible_to(user=self.request.user).filter(kita=self.object)
        current = assignments.current()
        return {"current_assignments": current, "other_assignments": assignments.exclude(pk__in=current)}


class KitaCreateView(ServiceFormView):
    form_class = forms.KitaForm
    title = _("New Kita")
    detail_url = "registry:kita_detail"

    def save(self, data: Mapping[str, Any]) -> Model:
        return services.kita_create(actor=self.request.user, youth_office=self.office, data=data)


class KitaUpdateView(ServiceUpdateView):
    form_class = forms.KitaForm
    visible = staticmethod(selectors.kita_list_visible_to)
    detail_url = "registry:kita_detail"

    def save(self, data: Mapping[str, Any]) -> Model:
        return services.kita_update(actor=self.request.user, kita=self.get_object(), data=data)


class ProviderListView(FilteredListView):
    permission_required = "registry.view_provider"
    filtered = staticmethod(selectors.provider_list_filtered)
    filter_form_class = forms.ProviderFilterForm


class ProviderDetailView(VisibleDetailView):
    permission_required = "registry.view_provider"
    visible = staticmethod(selectors.provider_list_visible_to)

    def related(self) -> dict[str, Any]:
        user = self.request.user
        related = {"kitas": selectors.kita_list_visible_to(user=user).filter(provider=self.object)}
        if user.has_perm("registry.view_staffmember"):
            related["employees"] = selectors.staff_list_visible_to(user=user).filter(employer=self.object)
        return related


class ProviderCreateView(ServiceFormView):
    form_class = forms.ProviderForm
    title = _("New provider")
    detail_url = "registry:provider_detail"

    def save(self, data: Mapping[str, Any]) -> Model:
        return services.provider_create(actor=self.request.user, youth_office=self.office, data=data)


class ProviderUpdateView(ServiceUpdateView):
    form_class = forms.ProviderForm
    visible = staticmethod(selectors.provider_list_visible_to)
    detail_url = "registry:provider_detail"

    def save(self, data: Mapping[str, Any]) -> Model:
        return services.provider_update(actor=self.request.user, provider=self.get_object(), data=data)


# --- Staff, assignments -----------------------------------------------------------------------------------


class StaffListView(FilteredListView):
    permission_required = "registry.view_staffmember"
    filtered = staticmethod(selectors.staff_list_filtered)
    filter_form_class = forms.StaffFilterForm


class StaffDetailView(VisibleDetailView):
    """A worker with all their assignments; `assigned_hours` (today) comes from the list selector."""

    permission_required = "registry.view_staffmember"
    visible = staticmethod(lambda user: selectors.staff_list_filtered(user=user, filters={}))

    def related(self) -> dict[str, Any]:
        return {
            "assignments": selectors.assignment_list_visible_to(user=self.request.user).filter(
                staff_member=self.object
            )
        }


class StaffCreateView(ServiceFormView):
    form_class = forms.StaffMemberForm
    title = _("New staff member")
    detail_url = "registry:staff_detail"

    def save(self, data: Mapping[str, Any]) -> Model:
        return services.staff_member_create(actor=self.request.user, youth_office=self.office, data=data)


class StaffUpdateView(ServiceUpdateView):
    form_class = forms.StaffMemberForm
    visible = staticmethod(selectors.staff_list_visible_to)
    detail_url = "registry:staff_detail"

    def save(self, data: Mapping[str, Any]) -> Model:
        return services.staff_member_update(
            actor=self.request.user, staff_member=self.get_object(), data=data
        )


class AssignmentListView(FilteredListView):
    permission_required = "registry.view_assignment"
    filtered = staticmethod(selectors.assignment_list_filtered)
    filter_form_class = forms.AssignmentFilterForm
    default_filters: ClassVar[dict[str, str]] = {"current": "yes"}


class AssignmentDetailView(VisibleDetailView):
    permission_required = "registry.view_assignment"
    visible = staticmethod(selectors.assignment_list_visible_to)

    def related(self) -> dict[str, Any]:
        """The other periods of the same worker at the same Kita: what a change left behind."""
        periods = selectors.assignment_list_visible_to(user=self.request.user).filter(
            staff_member=self.object.staff_member, kita=self.object.kita
        )
        return {"other_periods": periods.exclude(pk=self.object.pk)}


class AssignmentCreateView(ServiceFormView):
    form_class = forms.AssignmentForm
    title = _("New assignment")
    detail_url = "registry:assignment_detail"

    def save(self, data: Mapping[str, Any]) -> Model:
        return services.assignment_create(actor=self.request.user, youth_office=self.office, data=data)


class AssignmentChangeView(ServiceObjectFormView):
    """Change weekdays or hours from a date on: the running assignment ends, a new one starts."""

    form_class = forms.AssignmentChangeForm
    visible = staticmethod(selectors.assignment_list_visible_to)
    title = _("Change %(object)s")
    detail_url = "registry:assignment_detail"
    success_message = _("Changed: %(object)s. The previous period stays in the history.")

    def get_initial(self) -> dict[str, Any]:
        return model_to_dict(self.get_object(), fields=["weekdays", "hours_per_week"])

    def save(self, data: Mapping[str, Any]) -> Model:
        changes = {name: value for name, value in data.items() if name != "valid_from"}
        return services.assignment_change(
            actor=self.request.user,
            assignment=self.get_object(),
            changes_from=data["valid_from"],
            data=changes,
        )


class AssignmentEndView(ServiceObjectFormView):
    form_class = forms.AssignmentEndForm
    visible = staticmethod(selectors.assignment_list_visible_to)
    title = _("End %(object)s")
    detail_url = "registry:assignment_detail"
    success_message = _("Ended: %(object)s.")

    def save(self, data: Mapping[str, Any]) -> Model:
        return services.assignment_end(
            actor=self.request.user, assignment=self.get_object(), valid_to=data["valid_to"]
        )
