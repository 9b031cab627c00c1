from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.generic import ListView

from kisa.core.permissions import PermissionMixin, public, requires
from kisa.core.selectors import audit_entry_list_visible_to, home_context_for


@requires("core.view_home")
def home(request: HttpRequest) -> HttpResponse:
    """The start page: what the signed-in role needs first."""
    return render(request, "core/home.html", home_context_for(user=request.user))


@public
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for the load balancer; reveals nothing else."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class AuditEntryListView(PermissionMixin, ListView):
    permission_required = "core.view_auditentry"
    template_name = "core/auditentry_list.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return audit_entry_list_visible_to(user=self.request.user, filters=self.request.GET)
