"""Documentation endpoints: activities (idempotent create, scoped list) and activity statistics."""

from collections.abc import Callable
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.cases.selectors import case_list_visible_to
from kisa.core.api import Pagination, requires_permission
from kisa.core.suppression import small_number_threshold
from kisa.directory.selectors import service_choices_for_referral
from kisa.documentation import selectors, services
from kisa.documentation.schemas import (
    ActivityFilters,
    ActivityIn,
    ActivityOut,
    ActivitySavedOut,
    ReferralIn,
    ReferralStatsOut,
    StatsOut,
)
from kisa.planning.selectors import project_list_visible_to
from kisa.registry.models import Kita, Municipality, Provider, SocialArea

router = Router(tags=["Activities"])
PAGE = {"page_size": settings.KISA_API_PAGE_SIZE}

# Input name -> (service name, rows of the caller's office it may name, is a list)
REFERENCES: dict[str, tuple[str, Callable[[Any, Any], QuerySet[Any]], bool]] = {
    "activity_type_id": (
        "activity_type",
        lambda w, u: selectors.activity_types_for(youth_office_id=w.youth_office_id),
        False,
    ),
    "kita_ids": ("kitas", lambda w, u: Kita.objects.filter(youth_office_id=w.youth_office_id), True),
    "municipality_id": ("municipality", lambda w, u: Municipality.objects.all(), False),
    "social_area_id": (
        "social_area",
        lambda w, u: SocialArea.objects.filter(youth_office_id=w.youth_office_id),
        False,
    ),
    "topic_ids": ("topics", lambda w, u: selectors.topics_for(youth_office_id=w.youth_office_id), True),
    "partner_provider_ids": (
        "partner_providers",
        lambda w, u: Provider.objects.filter(youth_office_id=w.youth_office_id),
        True,
    ),
    # Only cases the caller may read (kisa.cases decides); a closed one is refused by the service, by name.
    "case_id": ("case", lambda w, u: case_list_visible_to(user=u), False),
    # Only projects of plans the caller may read (kisa.planning decides); the service checks Kita and year.
    "project_id": ("project", lambda w, u: project_list_visible_to(user=u), False),
}
INPUT_NAME = {service: name for name, (service, _q, _l) in REFERENCES.items()}


def _service_data(worker: Any, user: Any, payload: ActivityIn) -> dict[str, Any]:
    """Ids to records of the caller's office; an id from elsewhere is reported like an unknown one."""
    data = payload.dict(exclude={"client_id"})
    errors: dict[str, str] = {}
    for name, (service_name, rows, many) in REFERENCES.items():
        value = data.pop(name)
        if many:
            found = list(rows(worker, user).filter(pk__in=value))
            if len(found) != len(set(value)):
                errors[name] = _("No record with id %(id)s.") % {
                    "id": ", ".join(str(i) for i in sorted(set(value) - {r.pk for r in found}))
                }
            data[service_name] = found
        else:
            record = None if value is None else rows(worker, user).filter(pk=value).first()
            if value is not None and record is None:
                errors[name] = _("No record with id %(id)s.") % {"id": value}
            data[service_name] = record
    data["referrals"] = _referrals(user, payload, errors)
    if errors:
        raise ValidationError(errors)
    return data


def _referrals(user: Any, payload: ActivityIn, errors: dict[str, str]) -> list[Any]:
    """Kinds of offer as sent; offers as {"category", "service"} with the offer of the caller's office."""
    wanted = [item.service for item in payload.referrals if isinstance(item, ReferralIn)]
    offers = {s.pk: s for s in service_choices_for_referral(user=user).filter(pk__in=wanted)}
    result: list[Any] = []
    for item in payload.referrals:
        if not isinstance(item, ReferralIn):
            result.append(item)
            continue
        offer = offers.get(item.service)
        if offer is None:
            errors["referrals"] = _("No offer with id %(id)s.") % {"id": item.service}
            continue
        category = item.category
        if category is None and len(offer.categories) == 1:
            category = offer.categories[0]
        if category is None:
            errors["referrals"] = _("Name the kind of offer for %(offer)s.") % {"offer": offer.name}
            continue
        result.append({"category": category, "service": offer})
    return result


def _as_input_names(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({INPUT_NAME.get(name, name): errs for name, errs in error.error_dict.items()})


@router.post("/activities", response={200: ActivitySavedOut, 201: ActivitySavedOut})
@requires_permission("documentation.add_activity")
def activity_create(request: HttpRequest, payload: ActivityIn) -> Status:
    """Record an activity of the caller. 201 when saved; 200 with the saved one when `client_id` was seen.

    `warnings` lists consent warnings for referrals on a case (they never block the entry); a resend from
    the device's outbox gets them too.
    """
    worker = selectors.worker_of(request.user)
    try:
        data = _service_data(worker, request.user, payload)
        activity, created = services.activity_create(
            actor=request.user, worker=worker, data=data, client_id=payload.client_id
        )
    except ValidationError as error:
        raise _as_input_names(error) from error
    activity = (
        selectors.activity_list_filtered(user=request.user, filters={})
        .prefetch_related("referrals__service")
        .get(pk=activity.pk)
    )
    activity.warnings = selectors.consent_warnings_for(activity=activity)
    return Status(201 if created else 200, activity)


@router.get("/activities", response=list[ActivityOut])
@requires_permission("documentation.view_activity_list")
@paginate(Pagination, **PAGE)
def activity_list(request: HttpRequest, filters: Query[ActivityFilters]) -> Any:
    """The caller's own activities (worker) or the office's (coordinator), newest first."""
    params = {k: str(v) for k, v in filters.dict(exclude_none=True).items()}
    return selectors.activity_list_filtered(user=request.user, filters=params).prefetch_related(
        "referrals__service"
    )


@router.get("/stats/activities", response=StatsOut)
@requires_permission("documentation.view_statistics")
def activity_stats(
    request: HttpRequest,
    group_by: Literal["dimension", "kita", "type", "topic", "month"] = "dimension",
    year: int | None = Query(None, ge=2000, le=2100),  # type: ignore[assignment]
) -> dict[str, Any]:
    """Activities, minutes and participants per group; small groups suppressed for aggregate-only roles."""
    year = year or timezone.localdate().year
    membership = membership_of(request.user)
    suppress = membership is not None and membership.role in {Role.KITA_LEAD, Role.PROVIDER, Role.READ_ONLY}
    rows = selectors.activity_stats(user=request.user, group_by=group_by, year=year)
    return {
        "group_by": group_by,
        "year": year,
        "suppressed_below": small_number_threshold() if suppress else None,
        "items": [row.__dict__ for row in rows],
    }


@router.get("/stats/referrals", response=ReferralStatsOut)
@requires_permission("documentation.view_statistics")
def referral_stats(
    request: HttpRequest,
    group_by: Literal["category", "service"] = "category",
    year: int | None = Query(None, ge=2000, le=2100),  # type: ignore[assignment]
) -> dict[str, Any]:
    """Referrals per kind of offer or per offer of the directory; small groups suppressed for aggregate-only
    roles (Kita leadership, providers, committee)."""
    year = year or timezone.localdate().year
    _rows, suppress = selectors.stats_scope(user=request.user)
    rows = selectors.referral_stats(user=request.user, group_by=group_by, year=year)
    return {
        "group_by": group_by,
        "year": year,
        "suppressed_below": small_number_threshold() if suppress else None,
        "items": [row.__dict__ for row in rows],
    }
