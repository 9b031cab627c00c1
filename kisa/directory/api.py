"""Directory endpoints.

`GET /offers` is public (no authentication), deliberately: it returns exactly what the public offer
search shows (active offers with their public contact details), so partners' websites and apps can embed
the directory. `GET /reachability` is for staff with the analysis permission, scoped to their office.
"""

from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kisa.core.api import Pagination, Text, public_endpoint, requires_permission
from kisa.directory import selectors
from kisa.directory.categories import ServiceCategory
from kisa.directory.models import GERMANY_LAT_LON, Reachability, Service
from kisa.registry.models import Municipality

router = Router(tags=["Directory"])


class OfferFilters(Schema):
    category: Text | None = Field(None, description="A category key, e.g. debt_counselling.")
    language: Text | None = Field(None, description="ISO 639-1 code, e.g. tr.")
    municipality: Text | None = Field(None, description="AGS of the municipality (located there or served).")
    near: Text | None = Field(None, description="lat,lon: sorts by distance and adds distance_km.")


class OfferOut(Schema):
    id: int
    hsds_id: str
    name: str
    organization: str
    description: str
    categories: list[str]
    languages: list[str]
    age_min: int | None
    age_max: int | None
    is_free: bool
    fees_description: str
    phone: str
    email: str
    website: str
    address: str
    city: str
    municipality_ags: str | None
    latitude: float
    longitude: float
    wheelchair_accessible: bool
    last_verified: str | None
    distance_km: float | None = None


def _offer(service: Service, distance: float | None) -> dict[str, Any]:
    location = service.location
    return {
        "id": service.pk,
        "hsds_id": service.hsds_id,
        "name": service.name,
        "organization": service.organization.name,
        "description": service.description,
        "categories": service.categories,
        "languages": service.languages,
        "age_min": service.age_min,
        "age_max": service.age_max,
        "is_free": service.is_free,
        "fees_description": service.fees_description,
        "phone": service.phone,
        "email": service.email,
        "website": service.website,
        "address": location.address,
        "city": location.city,
        "municipality_ags": location.municipality.ags if location.municipality else None,
        "latitude": float(location.latitude),
        "longitude": float(location.longitude),
        "wheelchair_accessible": location.wheelchair_accessible,
        "last_verified": service.last_verified.isoformat() if service.last_verified else None,
        "distance_km": None if distance is None else round(distance, 2),
    }


def _near(value: str) -> tuple[float, float]:
    try:
        lat_text, lon_text = value.split(",")
        lat, lon = float(lat_text), float(lon_text)
    except ValueError as error:
        raise ValidationError({"near": _("Write latitude,longitude, e.g. 50.35,7.25.")}) from error
    (lat_min, lat_max), (lon_min, lon_max) = GERMANY_LAT_LON
    if not (lat_min <= lat <= lat_max and lon_min <= lon <= lon_max):
        raise ValidationError({"near": _("The point must lie inside Germany.")})
    return lat, lon


@router.get("/offers", response=list[OfferOut], auth=None, summary="Search public offers")
@public_endpoint
@paginate(Pagination, page_size=settings.KISA_API_PAGE_SIZE)
def offer_list(request: HttpRequest, filters: Query[OfferFilters]) -> Any:
    if filters.category and filters.category not in ServiceCategory.values:
        raise ValidationError({"category": _("Unknown category.")})
    municipality = None
    if filters.municipality:
        municipality = Municipality.objects.filter(ags=filters.municipality).first()
        if municipality is None:
            raise ValidationError({"municipality": _("Unknown municipality key (AGS).")})
    near = _near(filters.near) if filters.near else None
    search = selectors.SearchFilters(
        category=filters.category or "", language=filters.language or "", municipality=municipality, near=near
    )
    found = selectors.service_search(selectors.public_service_list(), search)
    if near:
        return [_offer(s, d) for s, d in selectors.sorted_by_distance(found, near)]
    return [_offer(s, None) for s in found.order_by("name", "pk")]


class ReachabilityFilters(Schema):
    category: Literal[tuple(ServiceCategory.values)]  # type: ignore[valid-type]
    mode: Literal["car", "transit"] = "transit"


class ReachabilityOut(Schema):
    municipality: str
    ags: str
    offer_id: int | None
    offer_name: str | None
    distance_km: float | None
    minutes: float | None = Field(description="car: estimate; transit: median over the departure window")
    worst_minutes: float | None = Field(description="transit only: the slowest departure")
    children_under_7: int | None


class ReachabilityListOut(Schema):
    items: list[ReachabilityOut]
    count: int


def _reachability(row: Reachability, mode: str) -> dict[str, Any]:
    municipality = row.municipality
    offer = row.nearest_service if mode == "car" else row.transit_service
    return {
        "municipality": municipality.name,  # type: ignore[union-attr]
        "ags": municipality.ags,  # type: ignore[union-attr]
        "offer_id": offer.pk if offer else None,
        "offer_name": offer.name if offer else None,
        "distance_km": row.distance_km,
        "minutes": row.car_minutes if mode == "car" else row.transit_median_minutes,
        "worst_minutes": None if mode == "car" else row.transit_worst_minutes,
        "children_under_7": municipality.children_under_7,  # type: ignore[union-attr]
    }


@router.get("/reachability", response=ReachabilityListOut, summary="Reachability per municipality")
@requires_permission("directory.view_analysis")
def reachability_list(request: HttpRequest, filters: Query[ReachabilityFilters]) -> Any:
    rows = selectors.municipality_reachability(user=request.user, category=filters.category)
    items = [_reachability(row, filters.mode) for row in rows]
    return {"items": items, "count": len(items)}
