"""API schemas of cases: the caller's own cases, one case (its read logged) and counts."""

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Schema

from kisa.registry.schemas import Ref


class ConsentOut(Schema):
    id: int
    kind: str
    recipient_category: str
    recipient_institution: str
    data_scope: str
    form: str
    given_on: dt.date
    expires_on: dt.date | None
    withdrawn_on: dt.date | None
    valid_today: bool

    @staticmethod
    def resolve_valid_today(obj: Any, context: Any) -> bool:
        return bool(obj.is_valid_on(timezone.localdate()))


class CaseOut(Schema):
    id: int
    code: str
    kita: Ref
    responsible: Ref
    deputy: Ref | None
    status: str
    opened_on: dt.date
    closed_on: dt.date | None
    outcome: str
    number_of_children: int
    age_bands: list[str]
    family_language: str
    legal_hold: bool
    legal_hold_reason: str


class CaseDetailOut(CaseOut):
    contact: str
    consents: list[ConsentOut]

    @staticmethod
    def resolve_consents(obj: Any) -> list[Any]:
        return list(obj.consents.order_by("-given_on", "-id"))


class CountRowOut(Schema):
    key: str
    label: str
    count: int | None


class CaseCountsOut(Schema):
    group_by: str
    year: int | None
    suppressed: bool
    threshold: int
    rows: list[CountRowOut]
    total: int | None
