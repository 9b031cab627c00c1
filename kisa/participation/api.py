"""Participation endpoints: public feedback submission, and the feedback list scoped to the caller.

Same rules as the UI: the public endpoint takes anonymous input (validated, rate-limited per Kita and
client address); the list shows only what `feedback_list_visible_to` gives the caller, and the sender's
contact only to the Kita's handlers.
"""

import datetime as dt
from typing import Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kisa.accounts.selectors import membership_of
from kisa.core.api import Pagination, Text, public_endpoint, requires_permission
from kisa.core.languages import PUBLIC_LANGUAGE_CODES
from kisa.participation import selectors, services
from kisa.participation.models import CONTACT_MAX_LENGTH, MESSAGE_MAX_LENGTH, FeedbackItem
from kisa.participation.views_public import feedback_flooded

router = Router(tags=["Participation"])
PAGE = {"page_size": settings.KISA_API_PAGE_SIZE}

Kind = Literal["praise", "wish", "idea", "complaint"]
Topic = Literal["care", "food", "opening_hours", "safety", "communication", "fees", "other"]
StatusValue = Literal["received", "in_progress", "answered", "closed", "open"]


class FeedbackIn(Schema):
    kind: Kind
    topic: Topic
    message: Text = Field(min_length=1, max_length=MESSAGE_MAX_LENGTH)
    language: str = Field("de", description=f"One of {', '.join(sorted(PUBLIC_LANGUAGE_CODES))}.")
    contact: Text = Field(
        "", max_length=CONTACT_MAX_LENGTH, description="Optional: phone or e-mail for a reply."
    )
    wants_social_worker: bool = False


class ReceiptOut(Schema):
    receipt_code: str = Field(
        description="Shown once: the sender reads the answer with it on the lookup page."
    )
    status: str
    due_on: dt.date


class Message(Schema):
    detail: str


class KitaRef(Schema):
    id: int
    name: str


class FeedbackOut(Schema):
    id: int
    kita: KitaRef
    kind: str
    topic: str
    message: str
    language: str
    status: str
    due_on: dt.date
    created_at: dt.datetime
    answer_text: str
    answered_at: dt.datetime | None
    escalated_at: dt.datetime | None
    child_protection: bool
    routed_to_social_worker: bool
    contact: str | None = Field(description="Only for the Kita's handlers; null for everybody else.")

    @staticmethod
    def resolve_contact(obj: FeedbackItem, context: Any) -> str | None:
        membership = membership_of(context["request"].user)
        return obj.contact if membership and membership.role in selectors.HANDLER_ROLES else None


class FeedbackFilters(Schema):
    kita: int | None = Field(None, ge=1, le=2**63 - 1)
    status: StatusValue | None = None


@router.post(
    "/kitas/{kita_id}/feedback",
    auth=None,
    response={201: ReceiptOut, 429: Message},
    summary="Leave feedback for a Kita (public, no login)",
)
@public_endpoint
def feedback_submit(request: HttpRequest, kita_id: int, payload: FeedbackIn) -> Any:
    kita = selectors.public_kita(kita_id=kita_id) if kita_id <= 2**63 - 1 else None
    if kita is None:
        raise Http404
    if feedback_flooded(request, kita.pk):
        return Status(
            429,
            {"detail": _("Too many messages were sent from here in a short time. Please try again later.")},
        )
    language = payload.language if payload.language in PUBLIC_LANGUAGE_CODES else "de"
    item, code = services.feedback_submit(
        kita=kita,
        kind=payload.kind,
        topic=payload.topic,
        message=payload.message,
        contact=payload.contact,
        wants_social_worker=payload.wants_social_worker,
        language=language,
    )
    return Status(201, {"receipt_code": code, "status": item.status, "due_on": item.due_on})


@router.get("/feedback", response=list[FeedbackOut], summary="Feedback the caller may see")
@paginate(Pagination, **PAGE)
@requires_permission("participation.view_inbox")
def feedback_list(request: HttpRequest, filters: Query[FeedbackFilters]) -> Any:
    params = {key: str(value) for key, value in filters.dict(exclude_none=True).items()}
    return selectors.feedback_list_filtered(user=request.user, filters=params)
