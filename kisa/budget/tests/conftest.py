"""A budget year for the shared test world: 100,000 € (60 % Land), scheme 50 % base and 50 % by places."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kisa.budget import services
from kisa.budget.tests.factories import AllocationSchemeFactory, BudgetYearFactory


@pytest.fixture
def budget_year(world: Any) -> Any:
    scheme = AllocationSchemeFactory(youth_office=world.office, name="Fachkonzept")
    year = BudgetYearFactory(youth_office=world.office, year=2025, scheme=scheme)
    services.allocation_compute(actor=world.users["coordinator"], budget_year=year)
    return year


@pytest.fixture
def other_year(world: Any) -> Any:
    return BudgetYearFactory(youth_office=world.other_office, year=2025, land_share=Decimal("1.00"))
