"""The reports demo (runs last in load_demo): the Sachberichte for 2025 of the demo Kitas with an assigned
social worker — most accepted, a few submitted and waiting for review, two returned with a comment — and a
few drafts for 2026; and some 2025 budget bookings and material costs linked to the planning projects of
the same Kita. Deterministic (fixed texts, order by name), loaded once: a second run adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from kisa.accounts.models import Membership, Role
from kisa.budget.models import Booking, MaterialCost
from kisa.core.services import audited_update
from kisa.planning.models import Project
from kisa.registry.models import Assignment, Kita, StaffMember
from kisa.reports import services
from kisa.reports.models import ActivityReport

YEAR = 2025
NEXT_YEAR = 2026
SUBMITTED = 3  # reports waiting for the coordinator
RETURNED = 2  # reports returned with a comment
DRAFTS_NEXT_YEAR = 3
LINKED_PER_PROJECT = 2

TEXTS = {
    "summary": (
        "Im Jahr 2025 lag der Schwerpunkt auf Sprechstunden für Eltern und auf Gruppenangeboten. Die "
        "Sprechstunde wurde gut angenommen, viele Familien kamen wiederholt."
    ),
    "highlights": "Das Elterncafé hat sich als fester Treffpunkt etabliert; die Zusammenarbeit im Team ist eng.",
    "challenges": "Familien mit Fluchterfahrung sind schwer erreichbar; Dolmetschende fehlen oft kurzfristig.",
    "cooperation": "Regelmäßiger Austausch mit Erziehungsberatung, Frühen Hilfen und dem Familienzentrum.",
    "outlook": "2026 sollen Angebote für Väter und mehrsprachige Elternabende hinzukommen.",
}
RETURN_COMMENT = (
    "Bitte ergänzen Sie bei den Schwierigkeiten, welche Unterstützung Sie sich vom Jugendamt wünschen."
)


def _user_of(staff: StaffMember | None) -> Any:
    return staff.user if staff is not None and staff.user_id else None


def _worker_of(kita: Kita, workers: list[StaffMember]) -> StaffMember | None:
    assignment = (
        Assignment.objects.filter(kita=kita, staff_member__in=workers, staff_member__user__isnull=False)
        .order_by("valid_from", "pk")
        .select_related("staff_member", "staff_member__user")
        .first()
    )
    return assignment.staff_member if assignment else None


def _coordinator_user(office: Any) -> Any:
    membership = (
        Membership.objects.filter(youth_office=office, role=Role.COORDINATOR)
        .select_related("user")
        .order_by("pk")
    ).first()
    return membership.user if membership else None


def _link_costs(office: Any) -> int:
    """Link bookings and material costs of 2025 that name a Kita to a 2025 project of that Kita's plan."""
    linked = 0
    projects = Project.objects.filter(plan__youth_office=office, plan__year=YEAR).order_by(
        "plan__kita__name", "pk"
    )
    for project in projects.select_related("plan"):
        kita_id = project.plan.kita_id
        bookings = Booking.objects.filter(
            budget_year__youth_office=office,
            budget_year__year=YEAR,
            kita_id=kita_id,
            project__isnull=True,
            reverses__isnull=True,
            category=Booking.Category.MATERIAL,
        ).order_by("date", "pk")[:LINKED_PER_PROJECT]
        for booking in bookings:
            audited_update(actor=None, instance=booking, data={"project": project})
            linked += 1
        cost = (
            MaterialCost.objects.filter(
                budget_year__youth_office=office,
                budget_year__year=YEAR,
                kita_id=kita_id,
                project__isnull=True,
            )
            .order_by("pk")
            .first()
        )
        if cost is not None:
            audited_update(actor=None, instance=cost, data={"project": project})
            linked += 1
    return linked


@transaction.atomic
def load_reports_demo(*, registry: Any, stdout: Any) -> None:
    office = registry.youth_office
    if ActivityReport.objects.filter(youth_office=office).exists():
        stdout.write("Reports: demo activity reports exist already.\n")
        return
    coordinator = _coordinator_user(office)
    workers = list(registry.social_workers)
    kitas = list(Kita.objects.filter(youth_office=office).order_by("name", "pk"))
    pairs = [(kita, worker) for kita in kitas if (worker := _worker_of(kita, workers)) is not None]
    counts = dict.fromkeys(ActivityReport.Status.values, 0)
    decided_on = dt.date(YEAR + 1, 2, 15)
    for index, (kita, worker) in enumerate(pairs):
        actor = _user_of(worker)
        report = services.activity_report_create(actor=actor, kita=kita, year=YEAR, author=worker, data=TEXTS)
        report = services.activity_report_submit(actor=actor, report=report, today=dt.date(YEAR + 1, 1, 31))
        if index < SUBMITTED or coordinator is None:
            pass
        elif index < SUBMITTED + RETURNED:
            report = services.activity_report_return(
                actor=coordinator, report=report, comment=RETURN_COMMENT, today=decided_on
            )
        else:
            report = services.activity_report_accept(actor=coordinator, report=report, today=decided_on)
        counts[report.status] += 1
    for kita, worker in pairs[:DRAFTS_NEXT_YEAR]:
        services.activity_report_create(
            actor=_user_of(worker),
            kita=kita,
            year=NEXT_YEAR,
            author=worker,
            data={"summary": "Erste Notizen für den Sachbericht 2026."},
        )
    linked = _link_costs(office)
    stdout.write(
        f"Reports: {len(pairs)} activity reports for {YEAR} ({counts['accepted']} accepted, "
        f"{counts['submitted']} submitted, {counts['returned']} returned), "
        f"{min(len(pairs), DRAFTS_NEXT_YEAR)} drafts for {NEXT_YEAR}, {linked} budget entries linked to projects.\n"
    )
