"""Family-centre endpoints: progress of the self-assessments, scoped like the progress page."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kisa.core.api import Pagination, requires_permission
from kisa.family_centres import selectors
from kisa.family_centres.selectors import AREAS as AREAS_ORDER

router = Router(tags=["Family centres"])
PAGE = {"page_size": settings.KISA_API_PAGE_SIZE}


class KitaRef(Schema):
    id: int
    name: str


class ShareOut(Schema):
    fulfilled: int
    total: int
    percent: int | None


class AreaOut(Schema):
    area: str
    basic: ShareOut
    advanced: ShareOut


class ProgressOut(Schema):
    kita: KitaRef
    year: int
    completed: bool
    basic: ShareOut
    advanced: ShareOut
    areas: list[AreaOut]

    @staticmethod
    def resolve_areas(obj: selectors.AssessmentProgress) -> list[dict[str, Any]]:
        empty = {"basic": selectors.Share(), "advanced": selectors.Share()}
        return [
            {
                "area": area,
                "basic": obj.by_area.get(area, empty)["basic"],
                "advanced": obj.by_area.get(area, empty)["advanced"],
            }
            for area in AREAS_ORDER
        ]


class ProgressFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    kita: int | None = Field(None, ge=1, le=2**63 - 1)


@router.get(
    "/family-centres/progress",
    response=list[ProgressOut],
    summary="Family-centre self-assessments: share of criteria fulfilled per Kita and year",
)
@paginate(Pagination, **PAGE)
@requires_permission("family_centres.view_progress")
def progress(request: HttpRequest, filters: Query[ProgressFilters]) -> Any:
    return selectors.progress_visible_to(
        user=request.user, years=[filters.year] if filters.year else None, kita_id=filters.kita
    )
