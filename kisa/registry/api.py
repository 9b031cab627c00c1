"""Registry endpoints: the social-space overview, lists and details, and the coordinator's writes.

Same permissions and visibility as the UI: the rules permission decides 403, the `*_visible_to`
selectors decide which rows exist for the caller (anything else answers 404).
"""

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, get_args

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Field as ModelField
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import PatchDict, Query, Router, Schema, Status
from ninja.pagination import paginate

from kisa.accounts.selectors import membership_of
from kisa.core.api import Pagination, requires_permission
from kisa.registry import selectors, services
from kisa.registry.schemas import (
    AssignmentEndIn,
    AssignmentFilters,
    AssignmentIn,
    AssignmentOut,
    KitaFilters,
    KitaIn,
    KitaOut,
    MunicipalityDetailOut,
    MunicipalityFilters,
    MunicipalityOut,
    OverviewOut,
    ProviderFilters,
    ProviderOut,
    SocialAreaDetailOut,
    SocialAreaFilters,
    SocialAreaOut,
    StaffFilters,
    StaffMemberOut,
)

router = Router(tags=["registry"])
PAGE = {"page_size": settings.KISA_API_PAGE_SIZE}

# Input ids and the selector that decides which records the caller may reference through them.
RELATED_IDS: dict[str, tuple[str, Callable[..., QuerySet[Any]]]] = {
    "municipality_id": ("municipality", selectors.municipality_list_visible_to),
    "social_area_id": ("social_area", selectors.social_area_list_visible_to),
    "provider_id": ("provider", selectors.provider_list_visible_to),
    "staff_member_id": ("staff_member", selectors.staff_list_visible_to),
    "kita_id": ("kita", selectors.kita_list_visible_to),
}


def _filter_params(filters: Schema) -> dict[str, str]:
    """Query filters as the UI's filter forms send them, so both share one selector."""
    params = filters.dict(exclude_none=True)
    return {
        name: ("1" if value else "0") if isinstance(value, bool) else str(value)
        for name, value in params.items()
    }


def _detail(filtered: Callable[..., Any], request: HttpRequest, pk: int) -> Any:
    """One row of the list, with the same figures; rows the caller may not see answer 404."""
    return get_object_or_404(filtered(user=request.user, filters={}), pk=pk)


def _service_data(user: Any, data: Mapping[str, Any]) -> dict[str, Any]:
    """Payload as service data: each `<field>_id` becomes the record, looked up among what `user` may see.

    An id the user may not see is reported like an unknown one, so ids reveal nothing about other offices.
    """
    result = dict(data)
    errors = {}
    for id_field, (field, visible_to) in RELATED_IDS.items():
        if id_field not in result:
            continue
        pk = result.pop(id_field)
        record = None if pk is None else visible_to(user=user).filter(pk=pk).first()
        if pk is not None and record is None:
            errors[id_field] = _("No record with id %(id)s.") % {"id": pk}
        result[field] = record
    if errors:
        raise ValidationError(errors)
    return result


def _refuse_nulls(schema: type[Schema], data: Mapping[str, Any]) -> None:
    """PATCH lets every field be null (ninja's PatchDict makes them all optional): where the full schema does
    not, refuse null naming the field instead of failing at the database's NOT NULL column."""
    errors = {
        name: ModelField.default_error_messages["null"]
        for name, value in data.items()
        if value is None and type(None) not in get_args(schema.model_fields[name].annotation)
    }
    if errors:
        raise ValidationError(errors)


@contextmanager
def _named_as_input(schema: type[Schema]) -> Iterator[None]:
    """Services name model fields (`municipality`); report the field the client sent (`municipality_id`)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        fields = schema.model_fields
        raise ValidationError(
            {
                f"{name}_id" if f"{name}_id" in fields else name: errs
                for name, errs in error.error_dict.items()
            }
        ) from error


def _office(request: HttpRequest) -> Any:
    return membership_of(request.user).youth_office


# --- Overview -------------------------------------------------------------------------------------------


@router.get("/overview", response=OverviewOut, summary="Social-space overview")
@requires_permission("registry.view_overview")
def overview(request: HttpRequest, on: dt.date | None = None) -> Any:
    """District and responsibility area side by side, each from its own municipalities (default: today)."""
    return selectors.overview_for(youth_office=_office(request), on=on)


# --- Lists and details ----------------------------------------------------------------------------------


@router.get("/municipalities", response=list[MunicipalityOut], summary="Municipalities")
@paginate(Pagination, **PAGE)
@requires_permission("registry.view_municipality")
def municipality_list(request: HttpRequest, filters: Query[MunicipalityFilters]) -> Any:
    return selectors.municipality_list_filtered(user=request.user, filters=_filter_params(filters))


@router.get("/municipalities/{pk}", response=MunicipalityDetailOut, summary="Municipality")
@requires_permission("registry.view_municipality")
def municipality_detail(request: HttpRequest, pk: int) -> Any:
    return _detail(selectors.municipality_list_filtered, request, pk)


@router.get("/social-areas", response=list[SocialAreaOut], summary="Social areas")
@paginate(Pagination, **PAGE)
@requires_permission("registry.view_socialarea")
def social_area_list(request: HttpRequest, filters: Query[SocialAreaFilters]) -> Any:
    return selectors.socialarea_list_filtered(user=request.user, filters=_filter_params(filters))


@router.get("/social-areas/{pk}", response=SocialAreaDetailOut, summary="Social area")
@requires_permission("registry.view_socialarea")
def social_area_detail(request: HttpRequest, pk: int) -> Any:
    return _detail(selectors.socialarea_list_filtered, request, pk)


@router.get("/kitas", response=list[KitaOut], summary="Kitas")
@paginate(Pagination, **PAGE)
@requires_permission("registry.view_kita")
def kita_list(request: HttpRequest, filters: Query[KitaFilters]) -> Any:
    return selectors.kita_list_filtered(user=request.user, filters=_filter_params(filters))


@router.get("/kitas/{pk}", response=KitaOut, summary="Kita")
@requires_permission("registry.view_kita")
def kita_detail(request: HttpRequest, pk: int) -> Any:
    return _detail(selectors.kita_list_filtered, request, pk)


@router.get("/providers", response=list[ProviderOut], summary="Providers")
@paginate(Pagination, **PAGE)
@requires_permission("registry.view_provider")
def provider_list(request: HttpRequest, filters: Query[ProviderFilters]) -> Any:
    return selectors.provider_list_filtered(user=request.user, filters=_filter_params(filters))


@router.get("/providers/{pk}", response=ProviderOut, summary="Provider")
@requires_permission("registry.view_provider")
def provider_detail(request: HttpRequest, pk: int) -> Any:
    return _detail(selectors.provider_list_filtered, request, pk)


@router.get("/staff", response=list[StaffMemberOut], summary="Staff")
@paginate(Pagination, **PAGE)
@requires_permission("registry.view_staffmember")
def staff_list(request: HttpRequest, filters: Query[StaffFilters]) -> Any:
    return selectors.staff_list_filtered(user=request.user, filters=_filter_params(filters))


@router.get("/staff/{pk}", response=StaffMemberOut, summary="Staff member")
@requires_permission("registry.view_staffmember")
def staff_detail(request: HttpRequest, pk: int) -> Any:
    return _detail(selectors.staff_list_filtered, request, pk)


@router.get("/assignments", response=list[AssignmentOut], summary="Assignments")
@paginate(Pagination, **PAGE)
@requires_permission("registry.view_assignment")
def assignment_list(request: HttpRequest, filters: Query[AssignmentFilters]) -> Any:
    return selectors.assignment_list_filtered(user=request.user, filters=_filter_params(filters))


@router.get("/assignments/{pk}", response=AssignmentOut, summary="Assignment")
@requires_permission("registry.view_assignment")
def assignment_detail(request: HttpRequest, pk: int) -> Any:
    return _detail(selectors.assignment_list_filtered, request, pk)


# --- Writes (coordinator) -------------------------------------------------------------------------------


@router.post("/kitas", response={201: KitaOut}, summary="Create a Kita")
@requires_permission("registry.manage")
def kita_create(request: HttpRequest, payload: KitaIn) -> Any:
    with _named_as_input(KitaIn):
        kita = services.kita_create(
            actor=request.user,
            youth_office=_office(request),
            data=_service_data(request.user, payload.dict()),
        )
    return Status(201, kita)


@router.patch("/kitas/{pk}", response=KitaOut, summary="Change a Kita")
@requires_permission("registry.manage")
def kita_update(request: HttpRequest, pk: int, payload: PatchDict[KitaIn]) -> Any:
    kita = get_object_or_404(selectors.kita_list_visible_to(user=request.user), pk=pk)
    _refuse_nulls(KitaIn, payload)
    with _named_as_input(KitaIn):
        return services.kita_update(actor=request.user, kita=kita, data=_service_data(request.user, payload))


@router.post("/assignments", response={201: AssignmentOut}, summary="Assign a worker to a Kita")
@requires_permission("registry.manage")
def assignment_create(request: HttpRequest, payload: AssignmentIn) -> Any:
    with _named_as_input(AssignmentIn):
        assignment = services.assignment_create(
            actor=request.user,
            youth_office=_office(request),
            data=_service_data(request.user, payload.dict()),
        )
    return Status(201, assignment)


@router.post("/assignments/{pk}/end", response=AssignmentOut, summary="End an assignment")
@requires_permission("registry.manage")
def assignment_end(request: HttpRequest, pk: int, payload: AssignmentEndIn) -> Any:
    assignment = get_object_or_404(selectors.assignment_list_visible_to(user=request.user), pk=pk)
    return services.assignment_end(actor=request.user, assignment=assignment, valid_to=payload.valid_to)
