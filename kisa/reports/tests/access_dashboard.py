"""The dashboard's and the annual figures' rows of the access matrix (kisa/reports/tests/access.py)."""

from typing import Any

from kisa.core.access import Access

API = "/api/v1/reports"

DASHBOARD = {
    "coordinator": 200,
    "read_only": 200,
    "provider": 200,
    "worker_a": 403,
    "worker_b": 403,
    "kita_lead": 403,
    "admin": 403,
    "outsider": 200,
}
ANNUAL = {**DASHBOARD, "provider": 403}
# Another office's Kita as a filter, or its social area as the territory: refused on the field.
OTHER_OFFICE = {**DASHBOARD, "coordinator": 422, "read_only": 422, "provider": 422}
OTHER_OFFICE_ANNUAL = {**ANNUAL, "coordinator": 422, "read_only": 422}


def _other_office_area(w: Any) -> str:
    from kisa.registry.tests.factories import SocialAreaFactory

    area = SocialAreaFactory(youth_office=w.other_office, name="Fremd")
    return f"{API}/annual?year=2025&territory=social-area-{area.pk}"


ROWS = [
    Access("reports dashboard", lambda w: "/berichte/?year=2025", DASHBOARD),
    Access(
        "reports dashboard with the other office's Kita",
        lambda w: f"/berichte/?year=2025&kita={w.other_kita.pk}",
        {**OTHER_OFFICE, "outsider": 200},
    ),
    Access("reports api dashboard", lambda w: f"{API}/dashboard?year=2025", DASHBOARD, json=True),
    Access("reports api annual", lambda w: f"{API}/annual?year=2025&territory=office", ANNUAL, json=True),
    Access(
        "reports api annual of the other office's social area",
        _other_office_area,
        {**OTHER_OFFICE_ANNUAL, "outsider": 200},
        json=True,
    ),
]
