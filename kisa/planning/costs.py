"""A project's actual costs as the budget books them: the sum of the bookings linked to the project
(reversals subtract), next to the planned costs the plan names."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from kisa.budget.models import Booking
from kisa.planning.models import Project


def with_booked_costs(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Projects annotated with `booked_costs`: the signed sum of the budget bookings linked to each."""
    booked = (
        Booking.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Booking.objects.signed_sum_expression())
        .values("total")
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    return projects.annotate(
        booked_costs=Coalesce(
            Subquery(booked, output_field=money), Value(Decimal("0.00")), output_field=money
        )
    )


def booked_costs_of(*, project: Project) -> Decimal:
    total = Booking.objects.filter(project=project).aggregate(total=Booking.objects.signed_sum_expression())
    return total["total"] or Decimal("0.00")
