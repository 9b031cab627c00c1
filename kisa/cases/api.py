"""Cases endpoints: the caller's own cases, one case (its read logged, as in the UI), and counts.

Same rules as the UI: only the responsible worker and the deputy read a case; anyone else gets 404 for a
case (roles without the permission 403). Counts never contain content and are suppressed for
aggregate-only roles.
"""

from typing import Annotated, Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Field, Router
from ninja.pagination import paginate

from kisa.cases import selectors, services
from kisa.cases.schemas import CaseCountsOut, CaseDetailOut, CaseOut
from kisa.core.api import Pagination, requires_permission

router = Router(tags=["Cases"])


@router.get("/cases", response=list[CaseOut], summary="My cases")
@paginate(Pagination, page_size=settings.KISA_API_PAGE_SIZE)
@requires_permission("cases.view_own_cases")
def case_list(request: HttpRequest, status: Literal["open", "closed", "all"] = "open") -> Any:
    """Cases the caller is responsible for or the deputy of (default: open ones); no contact data."""
    return selectors.case_list_filtered(user=request.user, filters={"status": status})


@router.get("/cases/{pk}", response=CaseDetailOut, summary="Case")
@requires_permission("cases.view_own_cases")
def case_detail(request: HttpRequest, pk: int) -> Any:
    """One case with its contact data and consents; the read is written to the audit trail."""
    case = selectors.case_for_reading(user=request.user, pk=pk)
    if case is None:
        raise Http404
    services.case_read_log(actor=request.user, case=case)
    return case


@router.get("/stats/cases", response=CaseCountsOut, summary="Case counts")
@requires_permission("cases.view_case_counts")
def case_counts(
    request: HttpRequest,
    group_by: Literal["kita", "status", "year"] = "kita",
    year: Annotated[int, Field(ge=1900, le=2999)] | None = None,
    status: Literal["open", "closed"] | None = None,
) -> Any:
    """Number of cases by Kita, status or opening year; groups below the threshold are null for Kita
    leadership, providers and the committee."""
    return selectors.case_counts_for(user=request.user, group_by=group_by, year=year, status=status)
