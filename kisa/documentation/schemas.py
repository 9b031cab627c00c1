"""API schemas of the documentation app."""

import datetime as dt
import uuid
from typing import Annotated, Any

from ninja import Field, Schema

from kisa.core.api import Text
from kisa.documentation.models import MAX_PARTICIPANTS, NOTE_MAX_LENGTH, Dimension, Language, TargetGroup
from kisa.registry.schemas import RecordId, Ref


class ReferralIn(Schema):
    """A referral to a concrete offer of the directory; `category` may be left out when the offer has one."""

    category: str | None = Field(None, description="Kind of offer (key of the offer taxonomy).")
    service: RecordId = Field(description="Id of an active offer of the caller's office (directory).")


class ActivityIn(Schema):
    """An activity as the fast-entry page (or another client) sends it; ids refer to the caller's office."""

    client_id: uuid.UUID = Field(
        description="Made by the client; a second post with the same id returns the first."
    )
    date: dt.date
    start_time: dt.time | None = None
    duration_minutes: int = Field(description="1 to 720.")
    travel_minutes: int | None = Field(None, ge=0)
    dimension: Dimension
    activity_type_id: RecordId
    kita_ids: list[RecordId] = []
    municipality_id: RecordId | None = None
    social_area_id: RecordId | None = None
    topic_ids: list[RecordId] = []
    target_groups: list[TargetGroup] = []
    adults: int = Field(0, ge=0, le=MAX_PARTICIPANTS)
    children: int = Field(0, ge=0, le=MAX_PARTICIPANTS)
    professionals: int = Field(0, ge=0, le=MAX_PARTICIPANTS)
    language: Language = Language.GERMAN
    interpreter_needed: bool = False
    partner_names: list[Annotated[Text, Field(max_length=150)]] = []
    partner_provider_ids: list[RecordId] = []
    referrals: list[str | ReferralIn] = Field(
        [],
        description='Kinds of offer (keys of the offer taxonomy), or offers: {"category": …, "service": <id>}.',
    )
    note: Text = Field("", max_length=NOTE_MAX_LENGTH, description="No names.")
    case_id: RecordId | None = Field(
        None, description="Only for case-specific work: an open case of the caller."
    )
    project_id: RecordId | None = Field(
        None,
        description="The project (Vorhaben) this work serves: of the plan for the activity's year of one of "
        "its Kitas.",
    )


class ReferralOut(Schema):
    category: str
    service_id: int | None
    service_name: str | None


class ActivityOut(Schema):
    id: int
    client_id: uuid.UUID
    date: dt.date
    start_time: dt.time | None
    duration_minutes: int
    travel_minutes: int | None
    worker: Ref
    dimension: str
    activity_type: Ref
    kitas: list[Ref]
    topics: list[Ref]
    target_groups: list[str]
    adults: int
    children: int
    professionals: int
    language: str
    interpreter_needed: bool
    referrals: list[str]
    referred_offers: list[ReferralOut] = Field(description="Referrals with their offer (null: kind only).")
    case_specific: bool = Field(description="Linked to a case; which case only the author sees (case_id).")
    case_id: int | None
    project_id: int | None = Field(description="The project (Vorhaben) this work serves.")
    project: Ref | None
    note: str | None = Field(description="Only for the author.")

    @staticmethod
    def resolve_kitas(obj: Any) -> list[Any]:
        return list(obj.kitas.all())

    @staticmethod
    def resolve_topics(obj: Any) -> list[Any]:
        return list(obj.topics.all())

    @staticmethod
    def resolve_referrals(obj: Any) -> list[str]:
        return [r.category for r in obj.referrals.all()]

    @staticmethod
    def resolve_referred_offers(obj: Any) -> list[dict[str, Any]]:
        return [
            {
                "category": r.category,
                "service_id": r.service_id,
                "service_name": r.service.name if r.service_id else None,
            }
            for r in obj.referrals.all()
        ]

    @staticmethod
    def resolve_case_specific(obj: Any) -> bool:
        return obj.case_id is not None

    @staticmethod
    def resolve_case_id(obj: Any, context: Any) -> int | None:
        return obj.case_id if _is_author(obj, context) else None

    @staticmethod
    def resolve_note(obj: Any, context: Any) -> str | None:
        return obj.note if _is_author(obj, context) else None


class ActivitySavedOut(ActivityOut):
    warnings: list[str] = Field(
        [], description="Hints that do not block the entry, e.g. a referral on a case without valid consent."
    )


def _is_author(obj: Any, context: Any) -> bool:
    request = context["request"] if context else None
    return request is not None and obj.worker.user_id == request.user.pk


class ActivityFilters(Schema):
    start: dt.date | None = None
    end: dt.date | None = None
    kita: RecordId | None = None
    dimension: Dimension | None = None
    type: RecordId | None = None
    project: RecordId | None = Field(None, description="Only the activities linked to this project.")


class StatsRowOut(Schema):
    key: str
    label: str
    activities: int | None = Field(description="null: fewer than the small-number threshold (suppressed).")
    minutes: int | None
    adults: int | None
    children: int | None
    professionals: int | None


class StatsOut(Schema):
    group_by: str
    year: int
    suppressed_below: int | None = Field(description="Groups smaller than this show no figures; null: none.")
    items: list[StatsRowOut]


class ReferralStatsRowOut(Schema):
    key: str = Field(description='Kind of offer, or offer id ("": no offer named).')
    label: str
    referrals: int | None = Field(description="null: fewer than the small-number threshold (suppressed).")


class ReferralStatsOut(Schema):
    group_by: str
    year: int
    suppressed_below: int | None = Field(description="Groups smaller than this show no figures; null: none.")
    items: list[ReferralStatsRowOut]
