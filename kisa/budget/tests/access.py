"""The budget app's rows of the access matrix (kisa/core/access.py)."""

from decimal import Decimal
from typing import Any

from kisa.budget.tests.factories import AllocationSchemeFactory, BudgetYearFactory
from kisa.core.access import Access, everyone

B = "/budget"
API = "/api/v1/budget"

YEARS = everyone(200, admin=403)
COORDINATION = {"coordinator": 200, "outsider": 200}
# Kita St. Martin's budget: its worker, its lead, its provider and the office; not worker B, not the
# committee (totals only).
KITA_A = everyone(200, worker_b=404, outsider=404, read_only=404, admin=403)
OTHER_KITA = everyone(404, outsider=200, admin=403)


def _years(w: Any) -> int:
    """Budget year 2025 in both offices."""
    for office in (w.office, w.other_office):
        scheme = AllocationSchemeFactory(youth_office=office)
        BudgetYearFactory(youth_office=office, year=2025, scheme=scheme, land_share=Decimal("60000.00"))
    return 2025


ROWS = [
    Access("budget years", lambda w: f"{B}/", YEARS),
    Access("budget year", lambda w: f"{B}/{_years(w)}/", YEARS),
    Access("budget settings", lambda w: f"{B}/einstellungen/", COORDINATION),
    Access("budget allocation", lambda w: f"{B}/{_years(w)}/verteilung/", COORDINATION),
    Access("budget staff positions", lambda w: f"{B}/{_years(w)}/personal/", COORDINATION),
    Access("budget kita budget", lambda w: f"{B}/{_years(w)}/kitas/{w.kita_a.pk}/", KITA_A),
    Access(
        "budget kita budget of the other office",
        lambda w: f"{B}/{_years(w)}/kitas/{w.other_kita.pk}/",
        OTHER_KITA,
    ),
    Access("budget evidence of use", lambda w: f"{B}/{_years(w)}/verwendungsnachweis.xlsx", COORDINATION),
    Access("budget api years", lambda w: f"{API}/years", YEARS, json=True),
    Access("budget api year", lambda w: f"{API}/years/{_years(w)}", YEARS, json=True),
]
