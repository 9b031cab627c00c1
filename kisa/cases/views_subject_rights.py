"""Data subject rights pages for one case: the GDPR export (JSON download) and the erasure (confirm page).

Only the responsible worker and the deputy reach them (anyone else: 404, roles without case pages: 403),
as for every page with case content. The services in `kisa.cases.subject_rights` write the audit entries.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from kisa.cases import selectors, subject_rights
from kisa.cases.models import Case
from kisa.core.middleware import EXPORT_AUDITED
from kisa.core.permissions import requires


def _case_of_worker(request: HttpRequest, pk: int) -> Case:
    case = selectors.case_for_reading(user=request.user, pk=pk)
    if case is None:
        raise Http404
    return case


@requires("cases.view_own_cases")
def case_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything stored about the case as a JSON file for the family (Art. 15 GDPR)."""
    case = _case_of_worker(request, pk)
    data = subject_rights.case_export(actor=request.user, case=case)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="auskunft-{case.code}.json"'
    response["Cache-Control"] = "no-store"
    setattr(response, EXPORT_AUDITED, True)  # logged against the case by the service
    return response


@requires("cases.view_own_cases")
def case_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then erase the case (Art. 17 GDPR); refused with the reason while a duty to keep it applies."""
    case = _case_of_worker(request, pk)
    refusals = subject_rights.erase_refusals(case)
    if request.method == "POST" and not refusals:
        try:
            subject_rights.case_erase(actor=request.user, case=case)
        except ValidationError as error:
            refusals = {field: " ".join(errs) for field, errs in error.message_dict.items()}
        else:
            messages.success(request, _("Case %(code)s erased.") % {"code": case.code})
            return redirect("cases:case_list")
    status = 409 if request.method == "POST" and refusals else 200
    return render(
        request, "cases/case_erase.html", {"case": case, "refusals": refusals.values()}, status=status
    )


# Included by kisa/cases/urls.py (one line there), so the paths live next to their views.
urlpatterns = [
    path("<int:pk>/auskunft/", case_export, name="case_export"),
    path("<int:pk>/loeschen/", case_erase, name="case_erase"),
]
