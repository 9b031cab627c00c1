"""Surveys endpoints: the rounds a caller sees, anonymous responses (public), and suppressed results.

Results carry the same figures as the results page (kisa.surveys.evaluation): groups and questions below
the small-number threshold come back as `suppressed` without any count.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from kisa.core.api import Pagination, public_endpoint, requires_permission
from kisa.surveys import evaluation, protection, selectors, services
from kisa.surveys.models import Response, SurveyRound
from kisa.surveys.schemas import (
    MessageOut,
    ResponseCreatedOut,
    ResponseIn,
    ResultsFilters,
    ResultsOut,
    RoundOut,
)

router = Router(tags=["Surveys"])
PAGE = {"page_size": settings.KISA_API_PAGE_SIZE}


def _round_out(survey_round: SurveyRound) -> dict[str, Any]:
    return {
        "id": survey_round.pk,
        "name": survey_round.name,
        "starts_on": survey_round.starts_on,
        "ends_on": survey_round.ends_on,
        "status": survey_round.status,
        "allow_multiple_submissions": survey_round.allow_multiple_submissions,
        "actor_groups": [group for group, _version in selectors.round_groups(survey_round)],
    }


@router.get("/surveys/rounds", response=list[RoundOut], summary="Survey rounds")
@paginate(Pagination, **PAGE)
@requires_permission("surveys.view_round")
def round_list(request: HttpRequest) -> Any:
    rounds = selectors.round_list_visible_to(user=request.user).prefetch_related("versions__questionnaire")
    return [_round_out(r) for r in rounds]


@router.post(
    "/surveys/rounds/{round_id}/responses",
    response={201: ResponseCreatedOut, 429: MessageOut},
    auth=None,
    summary="Submit an anonymous response",
)
@public_endpoint
def response_submit(request: HttpRequest, round_id: int, payload: ResponseIn) -> Any:
    """Public and anonymous: no login, nothing about the caller is stored. Rounds in preparation answer
    404; closed rounds, wrong versions and invalid answers 422 naming the question, in the response's
    language; too many submissions from one source 429."""
    survey_round = get_object_or_404(
        SurveyRound.objects.exclude(status=SurveyRound.Status.DRAFT), pk=round_id
    )
    offered = {
        lang.code for lang in selectors.offered_languages(youth_office_id=survey_round.youth_office_id)
    }
    with translation.override(payload.language if payload.language in offered else "de"):
        if protection.rate_limited(request, survey_round):
            return Status(
                429, {"detail": _("Too many answers from this connection. Please try again later.")}
            )
        services.response_submit(
            survey_round=survey_round,
            kita_id=payload.kita_id,
            actor_group=payload.actor_group,
            language=payload.language,
            answers=payload.answers,
            version_number=payload.version,
            submission_id=payload.submission_id,
        )
    return Status(
        201,
        {
            "round_id": survey_round.pk,
            "kita_id": payload.kita_id,
            "actor_group": payload.actor_group,
            "channel": Response.Channel.ONLINE,
        },
    )


@router.get("/surveys/rounds/{round_id}/results", response=ResultsOut, summary="Results of a round")
@requires_permission("surveys.view_results")
def round_results(request: HttpRequest, round_id: int, filters: Query[ResultsFilters]) -> Any:
    """Aggregates for one actor group (default: parents, else the round's first), at the Kitas the caller
    sees; `district_*` figures are over all Kitas of the round."""
    survey_round = get_object_or_404(selectors.round_list_visible_to(user=request.user), pk=round_id)
    groups = [group for group, _version in selectors.round_groups(survey_round)]
    group = filters.actor_group or ("parents" if "parents" in groups else (groups[0] if groups else ""))
    if group not in groups:
        raise ValidationError({"actor_group": _("This survey has no questionnaire for this group.")})
    chosen = {"kita": filters.kita_id, "social_area": filters.social_area_id, "language": filters.language}
    results = evaluation.results_for(
        user=request.user, survey_round=survey_round, actor_group=group, filters=chosen
    )
    assert results is not None
    return {
        "round_id": survey_round.pk,
        "actor_group": group,
        "threshold": results.threshold,
        "suppressed": results.suppressed,
        "responses": results.responses,
        "previous_round_id": results.previous_round.pk if results.previous_round else None,
        "questions": [
            {
                "key": r.question.key,
                "type": r.question.type,
                "text": r.question.text,
                "suppressed": r.suppressed,
                "answered": r.answered,
                "mean": r.mean,
                "district_mean": r.district_mean,
                "previous_mean": r.previous_mean,
                "options": [
                    {
                        "key": row.option.key,
                        "label": row.option.label,
                        "count": row.option.count,
                        "percent": row.option.percent,
                        "district_percent": row.district,
                        "previous_percent": row.previous,
                    }
                    for row in r.rows
                ],
            }
            for r in results.questions
        ],
    }
