"""API schemas of the registry: what `/api/v1/` answers and accepts.

Figures are numbers (not decimal strings) and each carries its reference date; related records are
nested as `{"id", "name"}` so a client can follow them to their own endpoint.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from kisa.core.api import Text
from kisa.registry.models import Kita, Municipality, Provider, StaffMember
from kisa.registry.selectors import MAX_DATABASE_ID

# A record id as the database can hold it (64-bit); larger numbers would fail in the query, not answer 422.
RecordId = Annotated[int, Field(ge=1, le=MAX_DATABASE_ID)]


# --- Output ---------------------------------------------------------------------------------------------


class Ref(Schema):
    """A related record: its id and how it is called."""

    id: int
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


class TerritoryOut(Schema):
    label: str
    municipalities: int
    kitas: int
    places: int
    area_km2: float
    inhabitants: int
    density_per_km2: float | None
    reference_date: dt.date | None = Field(description="Reference date of the population figures.")


class OverviewOut(Schema):
    on: dt.date = Field(
        description=(
            "Day the responsibility area is taken for. Kitas and places are those active now; population and "
            "area are the stored official figures with their own reference date."
        )
    )
    district: TerritoryOut
    responsibility_area: TerritoryOut
    warnings: list[str]


# Municipality.Kind and Provider.Kind are both enums named "Kind": as OpenAPI components one would replace
# the other (schemathesis found municipalities answering kinds outside the documented enum).
MunicipalityKindValue = Literal[tuple(Municipality.Kind.values)]  # type: ignore[valid-type]


class MunicipalityOut(Schema):
    id: int
    ags: str
    name: str
    kind: MunicipalityKindValue
    district: Ref
    association: Ref | None
    area_km2: float
    area_date: dt.date
    population: int
    population_date: dt.date
    children_under_7: int | None
    children_under_7_date: dt.date | None
    children_under_7_estimated: bool
    latitude: float
    longitude: float
    source: str
    in_responsibility_area: bool = Field(description="In the office's responsibility area today.")
    kita_count: int = Field(description="Kitas here that you may see.")


class MunicipalityDetailOut(MunicipalityOut):
    boundary: dict[str, Any] | None = Field(description="GeoJSON Polygon or MultiPolygon.")


class SocialAreaOut(Schema):
    id: int
    name: str
    description: str
    municipality_count: int
    kita_count: int


class SocialAreaDetailOut(SocialAreaOut):
    municipalities: list[Ref]

    @staticmethod
    def resolve_municipalities(obj: Any) -> list[Any]:
        return list(obj.municipalities.all())


class ProviderOut(Schema):
    id: int
    name: str
    kind: Provider.Kind
    address: str
    email: str
    phone: str
    kita_count: int = Field(description="Its Kitas that you may see.")
    employee_count: int = Field(description="Its employees that you may see.")


class KitaOut(Schema):
    id: int
    number: str
    name: str
    street: str
    postal_code: str
    municipality: Ref
    social_area: Ref | None
    provider: Ref
    approved_places: int
    latitude: float | None
    longitude: float | None
    family_centre_status: Kita.FamilyCentreStatus
    is_active: bool


CONTRACT_DATA = "Contract data: null unless you are the coordinator, administrator, employer or the person."


class StaffMemberOut(Schema):
    id: int
    first_name: str
    last_name: str
    function: StaffMember.Function
    employer: Ref
    weekly_hours: float | None = Field(description=CONTRACT_DATA)
    assigned_hours: float | None = Field(
        description="Hours per week of today's assignments that you may see. " + CONTRACT_DATA
    )
    email: str | None = Field(description=CONTRACT_DATA)
    is_active: bool

    @staticmethod
    def _contract(obj: StaffMember, context: Any, field: str) -> Any:
        # The same object permission the UI uses; it needs no query, so lists stay at a constant count.
        user = context["request"].user
        return getattr(obj, field) if user.has_perm("registry.view_staff_contract", obj) else None

    @staticmethod
    def resolve_weekly_hours(obj: StaffMember, context: Any) -> Any:
        return StaffMemberOut._contract(obj, context, "weekly_hours")

    @staticmethod
    def resolve_assigned_hours(obj: StaffMember, context: Any) -> Any:
        return StaffMemberOut._contract(obj, context, "assigned_hours")

    @staticmethod
    def resolve_email(obj: StaffMember, context: Any) -> Any:
        return StaffMemberOut._contract(obj, context, "email")


class AssignmentOut(Schema):
    id: int
    staff_member: Ref
    kita: Ref
    weekdays: list[int] = Field(description="ISO weekday numbers, Monday = 1.")
    hours_per_week: float
    valid_from: dt.date
    valid_to: dt.date | None
    note: str


# --- Filters (query parameters, the same names as the UI's filter forms) ------------------------------


class MunicipalityFilters(Schema):
    q: str | None = Field(None, description="Name or the start of the AGS.")
    association: RecordId | None = Field(None, description="Municipal association id.")
    in_area: bool | None = Field(
        None, description="Inside (true) or outside (false) the responsibility area."
    )


class SocialAreaFilters(Schema):
    q: str | None = Field(None, description="Name.")


class KitaFilters(Schema):
    q: str | None = Field(None, description="Name, number or municipality.")
    municipality: RecordId | None = None
    social_area: RecordId | None = None
    provider: RecordId | None = None
    family_centre_status: Kita.FamilyCentreStatus | None = None
    active: bool | None = None


class ProviderFilters(Schema):
    q: str | None = Field(None, description="Name.")
    kind: Provider.Kind | None = None


class StaffFilters(Schema):
    q: str | None = Field(None, description="First or last name.")
    function: StaffMember.Function | None = None
    employer: RecordId | None = Field(None, description="Provider id.")
    active: bool | None = None


class AssignmentFilters(Schema):
    q: str | None = Field(None, description="Worker or Kita name.")
    staff_member: RecordId | None = None
    kita: RecordId | None = None
    current: bool | None = Field(None, description="Only assignments valid today (true).")


# --- Input ----------------------------------------------------------------------------------------------


class KitaIn(Schema):
    number: Text
    name: Text
    street: Text = ""
    postal_code: Text = ""
    municipality_id: RecordId
    social_area_id: RecordId | None = None
    provider_id: RecordId
    approved_places: int
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    family_centre_status: Kita.FamilyCentreStatus = Kita.FamilyCentreStatus.NONE
    is_active: bool = True


class AssignmentIn(Schema):
    staff_member_id: RecordId
    kita_id: RecordId
    weekdays: list[int] = Field(description="ISO weekday numbers, Monday = 1.")
    hours_per_week: Decimal
    valid_from: dt.date
    valid_to: dt.date | None = None
    note: Text = ""


class AssignmentEndIn(Schema):
    valid_to: dt.date = Field(description="Last day of the assignment.")
