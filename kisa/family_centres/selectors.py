"""Reads of family-centre development: the office's criterion set, a Kita's self-assessment, and progress.

Scope: a Kita's self-assessment is read and written by the same people as its plan (kisa.planning.selectors:
the Kita's social worker and leadership write; the coordinator, the provider and the read-only role read).
The progress view across Kitas and years is for the coordinator and the read-only role (every Kita of the
office) and the provider (its Kitas).

Progress counts ratings: starting an assessment rates every active criterion "not yet", so the share of a
year is "criteria fulfilled / criteria in that year's assessment". Criteria added later join an open
assessment when it is saved; a completed one keeps the set it was completed with.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.family_centres.models import SERVICE_AREAS, STRUCTURE_AREAS, Area, Criterion, Rating, SelfAssessment
from kisa.planning.selectors import plan_kitas_editable_by, plan_kitas_visible_to
from kisa.registry.models import Kita
from kisa.registry.selectors import kita_list_visible_to

PROGRESS_ROLES = frozenset({Role.COORDINATOR, Role.READ_ONLY, Role.PROVIDER})
AREAS = (*SERVICE_AREAS, *STRUCTURE_AREAS)


def criteria_for(*, youth_office_id: int, include_inactive: bool = False) -> QuerySet[Criterion]:
    criteria = Criterion.objects.filter(youth_office_id=youth_office_id)
    return criteria if include_inactive else criteria.filter(active=True)


def criteria_visible_to(*, user: Any) -> QuerySet[Criterion]:
    """The criterion set of the user's office (everyone with a membership but the admin reads it)."""
    membership = membership_of(user)
    if membership is None or membership.role == Role.ADMIN:
        return Criterion.objects.none()
    return criteria_for(youth_office_id=membership.youth_office_id, include_inactive=True)


def assessment_kitas_visible_to(*, user: Any) -> QuerySet[Kita]:
    return plan_kitas_visible_to(user=user)


def assessment_kitas_editable_by(*, user: Any) -> QuerySet[Kita]:
    return plan_kitas_editable_by(user=user)


def progress_kitas_visible_to(*, user: Any) -> QuerySet[Kita]:
    """Kitas in the progress view: every Kita of the office (coordinator, read only), a provider's own."""
    membership = membership_of(user)
    if membership is None or membership.role not in PROGRESS_ROLES:
        return Kita.objects.none()
    return kita_list_visible_to(user=user)


def assessment_for(*, kita: Kita, year: int) -> SelfAssessment | None:
    return SelfAssessment.objects.filter(kita=kita, year=year).first()


def assessment_years_of(*, kita: Kita) -> list[int]:
    return sorted(SelfAssessment.objects.filter(kita=kita).values_list("year", flat=True))


def assessment_status_by_kita(*, kitas: list[Kita]) -> dict[int, dict[int, bool]]:
    """For each of `kitas`: {year: completed?} of its self-assessments (one query)."""
    status: dict[int, dict[int, bool]] = {kita.pk: {} for kita in kitas}
    rows = SelfAssessment.objects.filter(kita__in=kitas).order_by("year")
    for kita_id, year, completed_on in rows.values_list("kita_id", "year", "completed_on"):
        status[kita_id][year] = completed_on is not None
    return status


@dataclass
class AssessmentItem:
    """One criterion in a Kita's self-assessment form: the criterion and its rating (or none yet)."""

    criterion: Criterion
    fulfilment: str = Rating.Fulfilment.NOT_YET
    evidence: str = ""


@dataclass
class AreaGroup:
    area: str
    label: str
    basic: list[AssessmentItem] = field(default_factory=list)
    advanced: list[AssessmentItem] = field(default_factory=list)


def assessment_items(*, assessment: SelfAssessment) -> list[AreaGroup]:
    """The criteria of an assessment grouped by area (service areas first) and level.

    An open assessment shows its rated criteria plus active criteria added since; a completed one only
    the criteria it was completed with."""
    ratings = {r.criterion_id: r for r in assessment.ratings.select_related("criterion")}
    criteria = [r.criterion for r in ratings.values()]
    if assessment.completed_on is None:
        criteria += list(
            criteria_for(youth_office_id=assessment.youth_office_id).exclude(pk__in=list(ratings))
        )
    groups: dict[str, AreaGroup] = {
        str(area): AreaGroup(area=area, label=str(Area(area).label)) for area in AREAS
    }
    for criterion in sorted(criteria, key=lambda c: (c.position, c.pk)):
        rating = ratings.get(criterion.pk)
        item = AssessmentItem(criterion=criterion)
        if rating is not None:
            item.fulfilment, item.evidence = rating.fulfilment, rating.evidence
        group = groups[criterion.area]
        (group.basic if criterion.level == Criterion.Level.BASIC else group.advanced).append(item)
    return [group for group in groups.values() if group.basic or group.advanced]


# --- Progress ---------------------------------------------------------------------------------------------


@dataclass
class Share:
    fulfilled: int = 0
    total: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.fulfilled / self.total) if self.total else None

    def add(self, other: Share) -> None:
        self.fulfilled += other.fulfilled
        self.total += other.total


@dataclass
class AssessmentProgress:
    """How far one Kita fulfils the criteria in one year: overall and per area, basic and advanced."""

    kita: Kita
    year: int
    assessment_id: int
    completed: bool
    basic: Share = field(default_factory=Share)
    advanced: Share = field(default_factory=Share)
    by_area: dict[str, dict[str, Share]] = field(default_factory=dict)

    def areas(self) -> list[tuple[str, Share, Share]]:
        """(area label, basic, advanced) for all eight areas, service areas first (empty shares: no criteria)."""
        empty = {"basic": Share(), "advanced": Share()}
        return [
            (
                str(Area(area).label),
                self.by_area.get(area, empty)["basic"],
                self.by_area.get(area, empty)["advanced"],
            )
            for area in AREAS
        ]


def progress_for(*, kitas: QuerySet[Kita], years: list[int] | None = None) -> list[AssessmentProgress]:
    """Progress of each self-assessment of `kitas` (in `years` if given), Kita by name then year.

    Two queries whatever the number of Kitas: the assessments, and the ratings counted per assessment,
    area, level and fulfilment."""
    assessments = SelfAssessment.objects.filter(kita__in=kitas).select_related("kita")
    if years:
        assessments = assessments.filter(year__in=years)
    by_id = {
        a.pk: AssessmentProgress(kita=a.kita, year=a.year, assessment_id=a.pk, completed=bool(a.completed_on))
        for a in assessments.order_by("kita__name", "kita_id", "year")
    }
    if not by_id:
        return []
    counts = (
        Rating.objects.filter(assessment_id__in=list(by_id))
        .order_by()
        .values("assessment_id", "criterion__area", "criterion__level")
        .annotate(total=Count("id"), fulfilled=Count("id", filter=Q(fulfilment=Rating.Fulfilment.FULFILLED)))
    )
    for row in counts:
        progress = by_id[row["assessment_id"]]
        level = row["criterion__level"]
        area = progress.by_area.setdefault(row["criterion__area"], {"basic": Share(), "advanced": Share()})
        for share in (area[level], getattr(progress, level)):
            share.total += row["total"]
            share.fulfilled += row["fulfilled"]
    return list(by_id.values())


def progress_visible_to(
    *, user: Any, years: list[int] | None = None, kita_id: int | None = None
) -> list[AssessmentProgress]:
    kitas = progress_kitas_visible_to(user=user)
    if kita_id is not None:
        kitas = kitas.filter(pk=kita_id)
    return progress_for(kitas=kitas, years=years)


@dataclass
class ProgressSummary:
    """The office's family-centre progress in one year, for the planning overview and the start page."""

    year: int
    kitas: int
    assessed: int
    completed: int
    basic_percent: int | None
    advanced_percent: int | None
    by_kita: dict[int, AssessmentProgress]
    # Per area (all eight): the shares summed over the Kitas, and how many Kitas rated criteria of it.
    by_area: dict[str, dict[str, Share]]
    kitas_by_area: dict[str, int]


def progress_summary(*, kitas: QuerySet[Kita], year: int) -> ProgressSummary:
    """How many of `kitas` assessed themselves in `year` and the average shares fulfilled, overall and per
    area (three queries)."""
    rows = progress_for(kitas=kitas, years=[year])
    basic, advanced = Share(), Share()
    by_area = {str(area): {"basic": Share(), "advanced": Share()} for area in AREAS}
    kitas_by_area = dict.fromkeys(by_area, 0)
    for row in rows:
        basic.add(row.basic)
        advanced.add(row.advanced)
        for area, levels in row.by_area.items():
            for level, share in levels.items():
                by_area[area][level].add(share)
            kitas_by_area[area] += 1
    return ProgressSummary(
        year=year,
        kitas=kitas.count(),
        assessed=len(rows),
        completed=sum(1 for row in rows if row.completed),
        basic_percent=basic.percent,
        advanced_percent=advanced.percent,
        by_kita={row.kita.pk: row for row in rows},
        by_area=by_area,
        kitas_by_area=kitas_by_area,
    )


def progress_years(rows: list[AssessmentProgress]) -> list[int]:
    return sorted({row.year for row in rows})


def progress_table(rows: list[AssessmentProgress]) -> list[tuple[Kita, list[AssessmentProgress | None]]]:
    """Kita × year: one row per Kita, one cell per year with an assessment anywhere (None: not assessed)."""
    years = progress_years(rows)
    by_kita: dict[int, dict[int, AssessmentProgress]] = defaultdict(dict)
    kitas: dict[int, Kita] = {}
    for row in rows:
        by_kita[row.kita.pk][row.year] = row
        kitas[row.kita.pk] = row.kita
    return [(kitas[pk], [by_kita[pk].get(year) for year in years]) for pk in kitas]
