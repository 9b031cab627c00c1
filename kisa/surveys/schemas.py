"""Survey API schemas."""

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from kisa.core.api import Text


class RoundOut(Schema):
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    status: str
    allow_multiple_submissions: bool
    actor_groups: list[str]


class ResponseIn(Schema):
    kita_id: int
    actor_group: Text = Field(max_length=20)
    language: Text = Field("de", max_length=20)
    version: int | None = Field(None, description="The questionnaire version answered; refused if outdated.")
    submission_id: UUID | None = Field(
        None,
        description="A random id the client makes once per filled questionnaire: sending the same submission "
        "again (e.g. after a lost answer) stores nothing new.",
    )
    answers: dict[Text, Any] = Field(
        description="Question key → option key (single choice, scales, yes/no), list of option keys "
        "(multiple choice), whole number, or text."
    )


class ResponseCreatedOut(Schema):
    round_id: int
    kita_id: int
    actor_group: str
    channel: str


class ResultsFilters(Schema):
    actor_group: str | None = None
    kita_id: int | None = None
    social_area_id: int | None = None
    language: str | None = None


class OptionOut(Schema):
    key: str
    label: str
    count: int
    percent: float
    district_percent: float | None
    previous_percent: float | None


class QuestionOut(Schema):
    key: str
    type: str
    text: str
    suppressed: bool
    answered: int | None
    mean: float | None
    district_mean: float | None
    previous_mean: float | None
    options: list[OptionOut]


class ResultsOut(Schema):
    round_id: int
    actor_group: str
    threshold: int
    suppressed: bool
    responses: int | None
    previous_round_id: int | None
    questions: list[QuestionOut]


class MessageOut(Schema):
    detail: str
