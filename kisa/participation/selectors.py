"""Participation reads: who sees which feedback, the aggregated view and the Kita's yearly summary.

The single place that decides visibility of feedback items (`feedback_list_visible_to`):

| role            | feedback items                                                             | sender's contact |
|-----------------|----------------------------------------------------------------------------|------------------|
| Kita leadership | every item of the Kitas they lead                                          | yes              |
| social worker   | items routed to the social worker, at Kitas with a current assignment      | yes              |
| provider        | items escalated (overdue) at the provider's own Kitas                      | no               |
| coordinator     | none: aggregates only                                                      | no               |
| read-only (JHA) | none: aggregates only                                                      | no               |

An item is routed to the social worker when the sender wished it, when its topic is counselling-related
(`COUNSELLING_TOPICS`: safety, fees) or when it was flagged as touching child protection.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.core.suppression import suppressed
from kisa.participation.models import ChildVoiceEntry, FeedbackItem, FeedbackQuerySet, ParticipationSettings
from kisa.registry.models import Kita
from kisa.registry.selectors import kita_list_visible_to

# Topics where families often need counselling (a risk at home or in the Kita; money and applications,
# e.g. fee exemption): the Kita's social worker gets them as well as the leadership.
COUNSELLING_TOPICS = frozenset({FeedbackItem.Topic.SAFETY, FeedbackItem.Topic.FEES})
HANDLER_ROLES = frozenset({Role.KITA_LEAD, Role.SOCIAL_WORKER})
AGGREGATE_ROLES = frozenset({Role.COORDINATOR, Role.PROVIDER, Role.READ_ONLY})
TREND_MONTHS = 12


def settings_for(*, youth_office: Any) -> ParticipationSettings:
    """The office's settings; an unsaved row with the defaults while the office has not changed them."""
    found = ParticipationSettings.objects.filter(youth_office=youth_office).first()
    return found or ParticipationSettings(youth_office=youth_office)


def public_kita(*, kita_id: int) -> Kita | None:
    """The active Kita a public feedback link points to, or None (the page answers 404)."""
    return Kita.objects.active().select_related("youth_office").filter(pk=kita_id).first()


def handled_kitas_of(user: Any) -> QuerySet[Kita]:
    """Kitas whose feedback the user handles: led Kitas, or Kitas with the worker's current assignment."""
    membership = membership_of(user)
    if membership is None or membership.role not in HANDLER_ROLES:
        return Kita.objects.none()
    return kita_list_visible_to(user=user)


def feedback_list_visible_to(*, user: Any) -> FeedbackQuerySet:
    """Feedback items the user may open (see the module's table), newest first."""
    membership = membership_of(user)
    if membership is None:
        return FeedbackItem.objects.none()
    qs = FeedbackItem.objects.filter(youth_office_id=membership.youth_office_id).select_related("kita")
    if membership.role == Role.KITA_LEAD:
        return qs.filter(kita__in=handled_kitas_of(user).values("pk"))
    if membership.role == Role.SOCIAL_WORKER:
        return qs.filter(kita__in=handled_kitas_of(user).values("pk"), routed_to_social_worker=True)
    if membership.role == Role.PROVIDER:
        return qs.filter(Q(kita__provider_id=membership.provider_id), escalated_at__isnull=False)
    return FeedbackItem.objects.none()


def feedback_list_filtered(*, user: Any, filters: dict[str, str]) -> FeedbackQuerySet:
    """Visible items filtered by `kita` (id) and `status`; unknown values are ignored.

    Child-protection items come first: they are never left waiting among ordinary feedback.
    """
    qs = feedback_list_visible_to(user=user)
    kita = str(filters.get("kita") or "")
    if kita.isdigit() and len(kita) < 19:
        qs = qs.filter(kita_id=int(kita))
    status = filters.get("status") or ""
    if status in FeedbackItem.Status.values:
        qs = qs.filter(status=status)
    elif status == "open":
        qs = qs.open()
    return qs.order_by("-child_protection", "status", "due_on", "-created_at")


def inbox_kitas_of(user: Any) -> QuerySet[Kita]:
    """The Kitas the inbox filter offers: those the user handles, or (provider) its own Kitas."""
    membership = membership_of(user)
    if membership is not None and membership.role == Role.PROVIDER:
        return aggregate_kitas_of(user)
    return handled_kitas_of(user)


def child_voice_list_visible_to(*, user: Any) -> QuerySet[ChildVoiceEntry]:
    """Children's voice entries of the Kitas the user handles (leadership, social worker)."""
    membership = membership_of(user)
    if membership is None or membership.role not in HANDLER_ROLES:
        return ChildVoiceEntry.objects.none()
    return ChildVoiceEntry.objects.filter(
        youth_office_id=membership.youth_office_id, kita__in=handled_kitas_of(user).values("pk")
    ).select_related("kita")


def aggregate_kitas_of(user: Any) -> QuerySet[Kita]:
    """Kitas whose feedback the user sees in aggregate: the whole office, or a provider's own Kitas."""
    membership = membership_of(user)
    if membership is None or membership.role not in AGGREGATE_ROLES:
        return Kita.objects.none()
    kitas = kita_list_visible_to(user=user)
    if membership.role == Role.PROVIDER:
        kitas = kitas.filter(Q(provider_id=membership.provider_id))
    return kitas


def summary_kitas_of(user: Any) -> QuerySet[Kita]:
    """Kitas whose yearly participation summary the user may read."""
    membership = membership_of(user)
    if membership is None:
        return Kita.objects.none()
    if membership.role in HANDLER_ROLES:
        return handled_kitas_of(user)
    if membership.role in (Role.COORDINATOR, Role.PROVIDER):
        return aggregate_kitas_of(user)
    return Kita.objects.none()


def poster_kitas_of(user: Any) -> QuerySet[Kita]:
    """Kitas whose feedback link, QR code and poster the user may print: the coordinator any Kita of the
    office, the Kita's handlers (leadership, current social worker) their own."""
    membership = membership_of(user)
    if membership is not None and membership.role == Role.COORDINATOR:
        return aggregate_kitas_of(user)
    return handled_kitas_of(user)


# --- Aggregates ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A count or share that is None when suppressed (fewer than the threshold, but not zero)."""

    label: str
    count: int | None
    share: float | None = None


@dataclass(frozen=True)
class KitaRow:
    kita: Kita
    total: int | None
    due: int | None
    in_time: int | None
    share_in_time: float | None


@dataclass(frozen=True)
class FeedbackAggregates:
    year: int
    total: int | None
    by_topic: list[Cell]
    by_kind: list[Cell]
    by_kita: list[KitaRow]
    by_month: list[Cell]
    due: int | None
    in_time: int | None
    share_in_time: float | None


@dataclass(frozen=True)
class _Row:
    """One item as the figures need it, its times already as local dates (converted once per row)."""

    kita_id: int
    kind: str
    topic: str
    month: int
    answered_on: dt.date | None
    due_on: dt.date
    child_protection: bool


def _rows(queryset: Any) -> list[_Row]:
    zone = timezone.get_current_timezone()
    fields = ("kita_id", "kind", "topic", "created_at", "answered_at", "due_on", "child_protection")
    return [
        _Row(
            kita,
            kind,
            topic,
            created.astimezone(zone).month,
            answered and answered.astimezone(zone).date(),
            due,
            cp,
        )
        for kita, kind, topic, created, answered, due, cp in queryset.values_list(*fields)
    ]


def _in_time_figures(rows: Sequence[_Row], today: dt.date) -> tuple[int, int]:
    """(items that were due or answered, items answered by their due date); child protection excluded."""
    due = in_time = 0
    for row in rows:
        if row.child_protection:
            continue
        if row.answered_on is None and row.due_on >= today:
            continue
        due += 1
        if row.answered_on is not None and row.answered_on <= row.due_on:
            in_time += 1
    return due, in_time


def with_secondary_suppression(cells: list[Cell], counts: Sequence[int]) -> list[Cell]:
    """Hide one more cell when exactly one is hidden: the shown total minus the shown cells would reveal it.

    The extra cell is the smallest other non-empty one (`counts` are the true counts, in `cells`' order).
    """
    hidden = [i for i, cell in enumerate(cells) if cell.count is None]
    if len(hidden) != 1:
        return cells
    others = [i for i, count in enumerate(counts) if count > 0 and i not in hidden]
    if not others:
        return cells
    smallest = min(others, key=lambda i: counts[i])
    return [Cell(cell.label, None, None) if i == smallest else cell for i, cell in enumerate(cells)]


def _cells(labelled_counts: Sequence[tuple[Any, int]], *, suppress: bool = True) -> list[Cell]:
    cells = [Cell(str(label), suppressed(n, count=n) if suppress else n) for label, n in labelled_counts]
    return with_secondary_suppression(cells, [n for _label, n in labelled_counts]) if suppress else cells


def protected_table(
    counts: dict[int, dict[str, int]], *, row_hidden: dict[int, bool]
) -> dict[int, dict[str, int | None]]:
    """Suppress a Kita × category table whose row totals (each Kita's items) and column totals (the
    category over all Kitas) are shown elsewhere, so that no hidden cell can be worked out by subtraction.

    Primary: cells of 1 to N-1 are hidden. Secondary, repeated until nothing changes: a row whose total is
    shown and a column (its total is always shown) must not have exactly one hidden non-empty cell, and a
    row whose total is hidden must not have none (its cells would add up to it); the smallest other
    non-empty cell is hidden in addition.
    """
    hidden = {
        (row, col)
        for row, cols in counts.items()
        for col, n in cols.items()
        if suppressed(n, count=n) is None
    }

    def hide_smallest(cells: list[tuple[int, str]]) -> bool:
        candidates = [cell for cell in cells if counts[cell[0]][cell[1]] > 0 and cell not in hidden]
        if not candidates:
            return False
        hidden.add(min(candidates, key=lambda cell: (counts[cell[0]][cell[1]], cell)))
        return True

    columns = sorted({col for cols in counts.values() for col in cols})
    changed = True
    while changed:
        changed = False
        for row, cols in counts.items():
            cells = [(row, col) for col in cols]
            nonzero_hidden = [cell for cell in cells if cell in hidden and counts[row][cell[1]] > 0]
            wanted = 1 if row_hidden.get(row) else 2
            if 0 < len(nonzero_hidden) < wanted or (wanted == 1 and not nonzero_hidden):
                changed |= hide_smallest(cells)
        for col in columns:
            cells = [(row, col) for row in counts if col in counts[row]]
            if len([cell for cell in cells if cell in hidden and counts[cell[0]][col] > 0]) == 1:
                changed |= hide_smallest(cells)
    return {
        row: {col: None if (row, col) in hidden else n for col, n in cols.items()}
        for row, cols in counts.items()
    }


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def feedback_aggregates_for(*, user: Any, year: int, today: dt.date | None = None) -> FeedbackAggregates:
    """Feedback of the year in the Kitas the user sees in aggregate, every group below the threshold hidden.

    One query; the grouping is done here so each cell can be suppressed on its own count.
    """
    today = today or timezone.localdate()
    kitas = list(aggregate_kitas_of(user).order_by("name"))
    rows = _rows(FeedbackItem.objects.filter(kita__in=[k.pk for k in kitas], created_at__year=year))
    total = len(rows)
    topics = Counter(row.topic for row in rows)
    kinds = Counter(row.kind for row in rows)
    months = Counter(row.month for row in rows)
    rows_of: dict[int, list[_Row]] = {}
    for row in rows:
        rows_of.setdefault(row.kita_id, []).append(row)
    per_kita = []
    for kita in kitas:
        kita_rows = rows_of.get(kita.pk, [])
        per_kita.append((kita, len(kita_rows), *_in_time_figures(kita_rows, today)))
    # Office-wide totals are shown too, so a single hidden Kita gets a second one hidden beside it.
    totals = _cells([(kita.name, count) for kita, count, _due, _in_time in per_kita])
    dues = _cells([(kita.name, due) for kita, _count, due, _in_time in per_kita])
    by_kita = [
        KitaRow(
            kita=kita,
            total=totals[index].count,
            due=dues[index].count,
            in_time=None if dues[index].count is None else in_time,
            share_in_time=None if dues[index].count is None else _share(in_time, due),
        )
        for index, (kita, _count, due, in_time) in enumerate(per_kita)
    ]
    due, in_time = _in_time_figures(rows, today)
    last_month = today.month if year == today.year else 12
    return FeedbackAggregates(
        year=year,
        total=suppressed(total, count=total),
        by_topic=_cells([(label, topics[value]) for value, label in FeedbackItem.Topic.choices]),
        by_kind=_cells([(label, kinds[value]) for value, label in FeedbackItem.Kind.choices]),
        by_kita=by_kita,
        by_month=_cells([(f"{month:02d}/{year}", months[month]) for month in range(1, last_month + 1)]),
        due=suppressed(due, count=due),
        in_time=suppressed(in_time, count=due),
        share_in_time=suppressed(_share(in_time, due), count=due),
    )


# --- The Kita's yearly participation summary (findings for the planning cycle) -------------------------------


@dataclass(frozen=True)
class Finding:
    """One thing families or children said often: a topic or category with how many said it."""

    source: str
    title: str
    count: int | None


@dataclass(frozen=True)
class ParticipationSummary:
    kita: Kita
    year: int
    feedback_total: int | None
    by_topic: list[Cell]
    by_kind: list[Cell]
    child_voice_total: int | None
    child_voice_by_category: list[Cell]
    main_wishes: list[Finding] = field(default_factory=list)


MAIN_WISHES = 3


def participation_summary_for(*, kita: Kita, year: int, suppress: bool = True) -> ParticipationSummary:
    """What parents and children of `kita` said in `year`: counts by topic and kind, children's voice by
    category, and the main wishes (the topics of most wishes and ideas, the children's most frequent
    categories) as findings the planning cycle can take up.

    `suppress=False` only for the Kita's own handlers, who read the items themselves anyway. `suppress=True`
    protects this one summary; for someone who also sees other Kitas' figures use
    `participation_summary_visible_to`, which suppresses across Kitas.
    """

    def cell(label: Any, count: int) -> Cell:
        return Cell(str(label), suppressed(count, count=count) if suppress else count)

    items = list(FeedbackItem.objects.filter(kita=kita, created_at__year=year).values("kind", "topic"))
    voices = list(
        ChildVoiceEntry.objects.filter(kita=kita, recorded_on__year=year).values_list("category", flat=True)
    )
    topics = Counter(item["topic"] for item in items)
    kinds = Counter(item["kind"] for item in items)
    categories = Counter(voices)
    wishes = Counter(
        item["topic"] for item in items if item["kind"] in (FeedbackItem.Kind.WISH, FeedbackItem.Kind.IDEA)
    )
    topic_labels = dict(FeedbackItem.Topic.choices)
    category_labels = dict(ChildVoiceEntry.Category.choices)
    findings = [
        Finding("parents", str(topic_labels[topic]), cell("", count).count)
        for topic, count in wishes.most_common(MAIN_WISHES)
    ] + [
        Finding("children", str(category_labels[category]), cell("", count).count)
        for category, count in categories.most_common(MAIN_WISHES)
    ]
    if suppress:
        findings = [finding for finding in findings if finding.count is not None]
    return ParticipationSummary(
        kita=kita,
        year=year,
        feedback_total=cell("", len(items)).count,
        by_topic=_cells(
            [(label, topics[value]) for value, label in FeedbackItem.Topic.choices], suppress=suppress
        ),
        by_kind=_cells(
            [(label, kinds[value]) for value, label in FeedbackItem.Kind.choices], suppress=suppress
        ),
        child_voice_total=cell("", len(voices)).count,
        child_voice_by_category=_cells(
            [(label, categories[value]) for value, label in ChildVoiceEntry.Category.choices],
            suppress=suppress,
        ),
        main_wishes=findings,
    )


def participation_summary_visible_to(*, user: Any, kita_id: int, year: int) -> ParticipationSummary | None:
    """The yearly summary of one Kita as `user` may read it, or None if they may not (unknown Kita, another
    office, not theirs). For the planning cycle and the summary page alike: the Kita's handlers get the
    figures as they are, coordinator and provider with small groups suppressed."""
    kita = summary_kitas_of(user).filter(pk=kita_id).first()
    if kita is None:
        return None
    membership = membership_of(user)
    if membership is not None and membership.role in HANDLER_ROLES:
        return participation_summary_for(kita=kita, year=year, suppress=False)
    return _office_summary_of(user=user, kita=kita, year=year)


def _office_summary_of(*, user: Any, kita: Kita, year: int) -> ParticipationSummary:
    """A Kita's summary for coordinator and provider, who also see the figures of all their Kitas: its
    total, topics and kinds are suppressed consistently with the other Kitas' summaries and the office
    totals (`protected_table`), so no small group follows from comparing them."""
    kitas = list(aggregate_kitas_of(user).order_by("name"))
    rows = _rows(FeedbackItem.objects.filter(kita__in=[k.pk for k in kitas], created_at__year=year))
    per_kita: dict[int, list[_Row]] = {k.pk: [] for k in kitas}
    for row in rows:
        per_kita[row.kita_id].append(row)
    # the same Kita totals as the aggregates page shows (`_cells` over the Kitas)
    totals = _cells([(k.name, len(per_kita[k.pk])) for k in kitas])
    total_of = {k.pk: cell.count for k, cell in zip(kitas, totals, strict=True)}
    row_hidden = {pk: count is None for pk, count in total_of.items()}

    def table(attribute: str, choices: Sequence[tuple[str, Any]]) -> dict[str, int | None]:
        counts = {
            pk: {value: sum(1 for r in items if getattr(r, attribute) == value) for value, _label in choices}
            for pk, items in per_kita.items()
        }
        return protected_table(counts, row_hidden=row_hidden)[kita.pk]

    topics = table("topic", FeedbackItem.Topic.choices)
    kinds = table("kind", FeedbackItem.Kind.choices)
    own = participation_summary_for(kita=kita, year=year, suppress=True)
    return ParticipationSummary(
        kita=kita,
        year=year,
        feedback_total=total_of[kita.pk],
        by_topic=[Cell(str(label), topics[value]) for value, label in FeedbackItem.Topic.choices],
        by_kind=[Cell(str(label), kinds[value]) for value, label in FeedbackItem.Kind.choices],
        child_voice_total=own.child_voice_total,
        child_voice_by_category=own.child_voice_by_category,
        main_wishes=own.main_wishes,
    )
