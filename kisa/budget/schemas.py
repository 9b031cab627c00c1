"""API schemas of the budget. Money is a decimal string with two places ("38288.29"), never a float."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from kisa.budget.models import Booking
from kisa.core.api import Text
from kisa.registry.schemas import RecordId, Ref

Money = Annotated[Decimal, Field(max_digits=14, decimal_places=2)]


class CategoryOut(Schema):
    personnel: Decimal
    material: Decimal


class YearOut(Schema):
    year: int
    land_share: Decimal | None = Field(None, description="Null for roles that see no office totals.")
    office_share: Decimal | None = None
    total: Decimal | None = None
    planned_rise_percent: Decimal | None = None
    central_reserve: Decimal | None = None
    allocated: Decimal | None = None
    spent: Decimal | None = None
    remaining: Decimal | None = None


class KitaBudgetOut(Schema):
    kita: Ref
    allocated: Decimal
    base_amount: Decimal
    social_amount: Decimal
    adjustment: Decimal
    adjustment_reason: str
    personnel_hidden: bool = Field(
        description="True where fewer than two positions contribute: personnel figures (and so spent, planned "
        "and remaining) are null, as a single position's sum would be a salary."
    )
    planned_personnel: Decimal | None
    planned: Decimal | None
    planned_material: Decimal
    spent_personnel: Decimal | None
    spent_material: Decimal
    spent: Decimal | None
    remaining: Decimal | None


class YearDetailOut(YearOut):
    spent_by_category: CategoryOut | None = None
    kitas: list[KitaBudgetOut] = Field(
        description="The Kitas whose budget you may see (none for aggregate roles)."
    )


class BookingOut(Schema):
    id: int
    date: dt.date
    amount: Decimal | None = Field(
        description="Signed: negative for a reversal. Null for a personnel booking of a Kita where fewer than "
        "two positions contribute (it would be a salary)."
    )
    category: Booking.Category
    kita: Ref | None
    project_reference: str
    project: Ref | None = Field(None, description="The planning project the booking belongs to.")
    description: str
    receipt_number: str
    reverses_id: int | None

    @staticmethod
    def resolve_amount(obj: Booking) -> Decimal | None:
        return None if getattr(obj, "amount_hidden", False) else obj.signed_amount


class BookingCreatedOut(BookingOut):
    warnings: list[str] = Field(
        description="Budget exceeded (saved anyway, unless the office's hard stop is on)."
    )


class BookingFilters(Schema):
    kita: str | None = Field(None, description='Kita id, or "none" for bookings of the office.')
    category: Booking.Category | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str | None = Field(None, description="Description, receipt number or project.")


class BookingIn(Schema):
    date: dt.date
    amount: Money = Field(description="Positive; correct a booking with a reversal.")
    category: Booking.Category
    kita_id: RecordId | None = Field(None, description="Empty for costs of the office (central reserve).")
    project_reference: Text = ""
    project_id: RecordId | None = Field(
        None, description="A project of the Kita's plan for the budget year (same office, Kita and year)."
    )
    description: Text
    receipt_number: Text
