"""Report job records and their stored file for the backup/restore test (kisa/core/tests/test_backup.py
collects every app's; it points MEDIA_ROOT at a temporary folder)."""

from typing import Any

from kisa.reports.models import ReportJob
from kisa.reports.tests.report_factories import make_done_job, make_job

CONTENT = b"%PDF-1.4 annual report 2025"


def populate(*, world: Any, settings: Any) -> None:
    make_done_job(world, content=CONTENT)
    make_job(
        world,
        requested_by=world.users["read_only"],
        year=2024,
        status=ReportJob.Status.FAILED,
        error="kaputt",
    )


def verify(*, world: Any) -> None:
    done = ReportJob.objects.get(status=ReportJob.Status.DONE)
    assert done.requested_by == world.users["coordinator"] and done.year == 2025
    with done.file.open("rb") as handle:
        assert handle.read() == CONTENT
    failed = ReportJob.objects.get(status=ReportJob.Status.FAILED)
    assert failed.error == "kaputt" and failed.requested_by == world.users["read_only"]
