"""The Sachbericht pages' rows of the access matrix (kisa/core/access.py).

Kita St. Martin (kita_a): worker A writes and submits, the coordinator reviews; the Kita lead and the
provider (church) read it once accepted; read_only, admin and worker B see nothing; the other office's
coordinator gets 404."""

from typing import Any

from kisa.core.access import Access
from kisa.reports.models import ActivityReport
from kisa.reports.tests.factories import ActivityReportFactory

P = "/berichte/sachberichte"


def _report(w: Any, status: str = ActivityReport.Status.DRAFT, kita: Any = None) -> ActivityReport:
    kita = kita or w.kita_a
    author = w.worker_a if kita == w.kita_a else w.other_worker
    return ActivityReportFactory(kita=kita, author=author, status=status)


def _empty_draft(w: Any) -> ActivityReport:
    return ActivityReportFactory(kita=w.kita_a, author=w.worker_a, summary="", outlook="")


LIST = {
    "coordinator": 200,
    "worker_a": 200,
    "worker_b": 200,
    "kita_lead": 200,
    "provider": 200,
    "outsider": 200,
}
DRAFT_A = {
    "coordinator": 200,
    "worker_a": 200,
    "worker_b": 404,
    "kita_lead": 404,
    "provider": 404,
    "outsider": 404,
}
ACCEPTED_A = {**DRAFT_A, "kita_lead": 200, "provider": 200}
# Writing needs the social-worker role first (403 for every other role, the other office's coordinator too).
WRITE_A = {"worker_a": 200, "worker_b": 404}
OTHER_OFFICE = {
    **dict.fromkeys(["coordinator", "worker_a", "worker_b", "kita_lead", "provider"], 404),
    "outsider": 200,
}

ROWS = [
    Access("reports activity report list", lambda w: f"{P}/", LIST),
    Access("reports activity report draft", lambda w: f"{P}/{_report(w).pk}/", DRAFT_A),
    Access(
        "reports activity report accepted",
        lambda w: f"{P}/{_report(w, ActivityReport.Status.ACCEPTED).pk}/",
        ACCEPTED_A,
    ),
    Access(
        "reports activity report pdf",
        lambda w: f"{P}/{_report(w, ActivityReport.Status.ACCEPTED).pk}/sachbericht.pdf",
        ACCEPTED_A,
    ),
    Access(
        "reports activity report pdf of a draft",
        lambda w: f"{P}/{_report(w).pk}/sachbericht.pdf",
        {**DRAFT_A, "coordinator": 404, "worker_a": 404},
    ),
    Access("reports activity report create", lambda w: f"{P}/kitas/{w.kita_a.pk}/2025/neu/", WRITE_A),
    Access("reports activity report edit", lambda w: f"{P}/{_report(w).pk}/bearbeiten/", WRITE_A),
    Access(
        "reports activity report of the other office",
        lambda w: f"{P}/{_report(w, kita=w.other_kita).pk}/",
        OTHER_OFFICE,
    ),
    # Writes by POST: the submit of an empty draft answers 422 (summary missing); review of a submitted one
    # without a decision 422.
    Access(
        "reports activity report submit",
        lambda w: f"{P}/{_empty_draft(w).pk}/einreichen/",
        {"worker_a": 422, "worker_b": 404},
        method="post",
        data=lambda w: {},
    ),
    Access(
        "reports activity report review",
        lambda w: f"{P}/{_report(w, ActivityReport.Status.SUBMITTED).pk}/pruefung/",
        {"coordinator": 422, "outsider": 404},
        method="post",
        data=lambda w: {"decision": ""},
    ),
]
