"""The annual report and report job pages' rows of the access matrix (kisa/core/access.py)."""

from typing import Any

from kisa.core.access import Access
from kisa.reports.models import ReportJob
from kisa.reports.tests.report_factories import make_done_job, make_job

B = "/berichte"

# The annual report goes to the committee: coordinator and read-only role ask for it; nobody else.
REQUESTERS = {"coordinator": 200, "read_only": 200, "outsider": 200}
# A job the coordinator asked for: the coordinator sees it, the read-only role may request reports but sees
# only its own jobs (403); the other office's coordinator does not find it (404).
COORDINATORS_JOB = {"coordinator": 200, "read_only": 403, "outsider": 404}
# A job of the read-only role: its requester and the office's coordinator see it.
READ_ONLYS_JOB = {"coordinator": 200, "read_only": 200, "outsider": 404}
# Another office's job: everyone here gets 404 (those with the permission) or 403 (those without).
OTHER_OFFICE = {"coordinator": 404, "read_only": 404, "outsider": 200}
# Asking again for a job's report: who may ask for reports and see the job; the new job's page follows (302).
AGAIN_COORDINATORS_JOB = {"coordinator": 302, "read_only": 403, "outsider": 404}
AGAIN_OTHER_OFFICE = {"coordinator": 404, "read_only": 404, "outsider": 302}


def _job(w: Any) -> str:
    return f"{B}/auftraege/{make_job(w).pk}/"


def _read_only_job(w: Any) -> str:
    return f"{B}/auftraege/{make_job(w, requested_by=w.users['read_only']).pk}/"


def _failed_job(w: Any, **fields: Any) -> Any:
    return make_job(w, status=ReportJob.Status.FAILED, error="abgebrochen", **fields)


def _other_office_job(w: Any) -> str:
    job = make_job(w, youth_office=w.other_office, requested_by=w.users["outsider"])
    return f"{B}/auftraege/{job.pk}/"


ROWS = [
    Access("reports annual report page", lambda w: f"{B}/jahresbericht/", REQUESTERS),
    Access(
        "reports annual report request",
        lambda w: f"{B}/jahresbericht/",
        # An invalid request (year 1999) only shows the form again: nothing is generated in the matrix.
        REQUESTERS,
        method="post",
        data=lambda w: {"year": "1999", "territory": "office", "output_format": "pdf"},
    ),
    Access(
        "reports annual report preview of the office",
        lambda w: f"{B}/jahresbericht/vorschau/?year=2025&territory=office",
        REQUESTERS,
    ),
    Access(
        # A territory no office has: the preview names the field (422) without computing figures.
        "reports annual report preview",
        lambda w: f"{B}/jahresbericht/vorschau/?year=2025&territory=nowhere",
        {"coordinator": 422, "read_only": 422, "outsider": 422},
    ),
    Access("reports job of the coordinator", _job, COORDINATORS_JOB),
    Access("reports job of the read-only role", _read_only_job, READ_ONLYS_JOB),
    Access("reports job of another office", _other_office_job, OTHER_OFFICE),
    Access("reports job download", lambda w: f"{B}/auftraege/{make_done_job(w).pk}/datei/", COORDINATORS_JOB),
    Access(
        "reports job download of another office",
        lambda w: (
            f"{B}/auftraege/{make_done_job(w, youth_office=w.other_office, requested_by=w.users['outsider']).pk}/datei/"
        ),
        OTHER_OFFICE,
    ),
    Access(
        "reports job asked for again",
        lambda w: f"{B}/auftraege/{_failed_job(w).pk}/neu-erzeugen/",
        AGAIN_COORDINATORS_JOB,
        method="post",
    ),
    Access(
        "reports job asked for again of another office",
        lambda w: (
            f"{B}/auftraege/"
            f"{_failed_job(w, youth_office=w.other_office, requested_by=w.users['outsider']).pk}/neu-erzeugen/"
        ),
        AGAIN_OTHER_OFFICE,
        method="post",
    ),
]
