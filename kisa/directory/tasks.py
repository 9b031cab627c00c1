"""Background jobs of the directory: reachability follows offers and the timetable."""

from __future__ import annotations

from celery import shared_task

from kisa.registry.models import YouthOffice


@shared_task
def compute_reachability(youth_office_id: int | None = None) -> int:
    """Recompute stored reachability for one office, or for every office (None: the timetable changed)."""
    from kisa.directory.services import reachability_compute

    offices = YouthOffice.objects.all()
    if youth_office_id is not None:
        offices = offices.filter(pk=youth_office_id)
    return sum(reachability_compute(youth_office=office) for office in offices)
