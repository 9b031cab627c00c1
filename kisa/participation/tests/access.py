"""The participation app's rows of the access matrix (kisa/core/access.py)."""

from typing import Any

from kisa.core.access import Access, everyone
from kisa.participation.tests.factories import FeedbackItemFactory

P = "/beteiligung"
API = "/api/v1"

HANDLERS = {"worker_a": 200, "worker_b": 200, "kita_lead": 200}
INBOX = {**HANDLERS, "provider": 200}
# Feedback about Kita St. Martin, not escalated: its lead; its social worker only once the item is routed to
# them; worker B and the provider (escalated items only) do not see it, the other office neither.
FEEDBACK_A = {"kita_lead": 200, "worker_a": 404, "worker_b": 404, "provider": 404}
ROUTED_A = {**FEEDBACK_A, "worker_a": 200}
OTHER_OFFICE = {"worker_a": 404, "worker_b": 404, "kita_lead": 404, "provider": 404}
AGGREGATES = {"coordinator": 200, "provider": 200, "read_only": 200, "outsider": 200}


def _feedback_a(w: Any) -> int:
    return FeedbackItemFactory(kita=w.kita_a).pk


def _feedback_of_other_office(w: Any) -> int:
    return FeedbackItemFactory(kita=w.other_kita).pk


ROWS = [
    Access(
        "participation public feedback page", lambda w: f"{P}/k/{w.kita_a.pk}/", everyone(200), anonymous=200
    ),
    Access("participation inbox", lambda w: f"{P}/eingang/", INBOX),
    Access("participation feedback detail", lambda w: f"{P}/eingang/{_feedback_a(w)}/", FEEDBACK_A),
    Access(
        "participation feedback routed to the social worker",
        lambda w: f"{P}/eingang/{FeedbackItemFactory(kita=w.kita_a, routed_to_social_worker=True).pk}/",
        ROUTED_A,
    ),
    Access(
        "participation feedback detail of the other office",
        lambda w: f"{P}/eingang/{_feedback_of_other_office(w)}/",
        OTHER_OFFICE,
    ),
    Access("participation children's voices", lambda w: f"{P}/kinderstimmen/", HANDLERS),
    Access("participation aggregates", lambda w: f"{P}/auswertung/", AGGREGATES),
    Access("participation settings", lambda w: f"{P}/einstellungen/", {"coordinator": 200, "outsider": 200}),
    Access(
        "participation poster page",
        lambda w: f"{P}/kitas/{w.kita_a.pk}/aushang/",
        {"worker_a": 200, "kita_lead": 200, "coordinator": 200, "worker_b": 404, "outsider": 404},
    ),
    Access(
        "participation poster of the other office",
        lambda w: f"{P}/kitas/{w.other_kita.pk}/aushang/",
        {"worker_a": 404, "kita_lead": 404, "coordinator": 404, "worker_b": 404, "outsider": 200},
    ),
    Access("participation api feedback", lambda w: f"{API}/feedback", INBOX, json=True),
]
