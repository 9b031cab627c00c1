from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import ListView

from kisa.core.audit import audit_denied
from kisa.core.forms import AuditEntryFilterForm
from kisa.core.permissions import PermissionMixin, public, requires
from kisa.core.selectors import (
    audit_entry_list_visible_to,
    audit_filters_from,
    audit_record_types_visible_to,
    home_sections_for,
)


@requires("core.view_home")
def home(request: HttpRequest) -> HttpResponse:
    """The start page: a greeting, then the sections the apps offer this user (`KISA_HOME_SECTIONS`)."""
    sections = [
        render_to_string(section.template_name, section.context, request=request)
        for section in home_sections_for(user=request.user)
    ]
    return render(request, "core/home.html", {"sections": sections, "today": timezone.localdate()})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 handler (config/urls.py): every refusal lands in the audit trail, then the refusal page."""
    audit_denied(request)
    return render(request, "403.html", status=403)


@public
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for the load balancer; reveals nothing else."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class AuditEntryListView(PermissionMixin, ListView):
    """The audit trail of the user's office, filterable by record type, action, user and record name."""

    permission_required = "core.view_auditentry"
    template_name = "core/auditentry_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self) -> Any:
        self.filters = audit_filters_from(self.request.GET)
        return audit_entry_list_visible_to(user=self.request.user, filters=self.filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        record_types = audit_record_types_visible_to(user=self.request.user)
        return super().get_context_data(
            filters=self.filters,
            filter_form=AuditEntryFilterForm(initial=self.filters, record_types=record_types),
            **kwargs,
        )
