"""Evaluation of a round: distributions per question, comparisons, breakdowns, with suppression.

A *group* is the set of responses a figure describes (a Kita, a social area, a language, the district).
A group with fewer responses than the threshold (kisa.core.suppression) shows nothing at all: not its
size, not its distribution. A question answered by fewer than the threshold inside a shown group is
suppressed as well, since its percentages would describe those few people. UI, exports and the API all
read their figures from here, so suppression cannot be forgotten in one of them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Avg, Count, QuerySet

from kisa.core.suppression import is_suppressed, small_number_threshold
from kisa.surveys import definition as definitions
from kisa.surveys.models import Answer, Response, SurveyRound
from kisa.surveys.selectors import result_kitas_for, round_groups


@dataclass(frozen=True)
class OptionShare:
    key: str
    label: str
    face: str
    count: int
    percent: float


def bar_step(percent: float | None) -> int:
    """The bar width class (steps of 5 %): bars are drawn with CSS classes, never inline styles."""
    return 0 if percent is None else int(round(percent / 5) * 5)


@dataclass(frozen=True)
class ComparisonRow:
    option: OptionShare
    district: float | None
    previous: float | None

    @property
    def steps(self) -> tuple[int, int, int]:
        return bar_step(self.option.percent), bar_step(self.district), bar_step(self.previous)


@dataclass
class QuestionResult:
    question: definitions.Question
    answered: int | None = None  # None: suppressed
    options: list[OptionShare] = field(default_factory=list)
    mean: float | None = None
    district: dict[str, float] = field(default_factory=dict)  # option key → percent
    district_mean: float | None = None
    previous: dict[str, float] = field(default_factory=dict)
    previous_mean: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.answered is None

    @property
    def rows(self) -> list[ComparisonRow]:
        return [
            ComparisonRow(option, self.district.get(option.key), self.previous.get(option.key))
            for option in self.options
        ]


@dataclass
class Results:
    survey_round: SurveyRound
    actor_group: str
    responses: int | None  # None: suppressed
    questions: list[QuestionResult]
    previous_round: SurveyRound | None
    threshold: int

    @property
    def suppressed(self) -> bool:
        return self.responses is None


class GroupFigures:
    """All answers of one group of responses, counted in a few queries for all questions at once."""

    def __init__(self, responses: QuerySet[Response]) -> None:
        self.responses = responses

    @cached_property
    def size(self) -> int:
        return self.responses.count()

    @cached_property
    def _answers(self) -> QuerySet[Answer]:
        return Answer.objects.filter(response__in=self.responses)

    @cached_property
    def _answered(self) -> dict[str, int]:
        rows = self._answers.values("question").annotate(n=Count("response", distinct=True))
        return {row["question"]: row["n"] for row in rows}

    @cached_property
    def _counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for row in self._answers.exclude(choice="").values("question", "choice").annotate(n=Count("id")):
            counts[row["question"]][row["choice"]] = row["n"]
        return counts

    @cached_property
    def _number_means(self) -> dict[str, float]:
        rows = self._answers.filter(number__isnull=False).values("question").annotate(mean=Avg("number"))
        return {row["question"]: float(row["mean"]) for row in rows}

    def answered(self, question: definitions.Question) -> int:
        return self._answered.get(question.key, 0)

    def distribution(self, question: definitions.Question) -> tuple[int, dict[str, int], float | None]:
        """(responses that answered, count per option key, mean of numbers or of the scale value)."""
        answered = self.answered(question)
        counts: dict[str, int] = {}
        mean = None
        if question.is_choice:
            counts = dict(self._counts.get(question.key, {}))
            if question.has_mean and counts:
                mean = round(sum(int(key) * n for key, n in counts.items()) / sum(counts.values()), 2)
        elif question.type == definitions.NUMBER and question.key in self._number_means:
            mean = round(self._number_means[question.key], 2)
        return answered, counts, mean


def _shares(question: definitions.Question, answered: int, counts: dict[str, int]) -> list[OptionShare]:
    return (
        [
            OptionShare(
                o.key, o.label, o.face, counts.get(o.key, 0), round(100 * counts.get(o.key, 0) / answered, 1)
            )
            for o in question.options
        ]
        if answered
        else [OptionShare(o.key, o.label, o.face, 0, 0.0) for o in question.options]
    )


def _percentages(
    figures: GroupFigures, question: definitions.Question
) -> tuple[dict[str, float], float | None]:
    """Option percentages and mean of a comparison group, empty when the group is suppressed."""
    if is_suppressed(figures.size):
        return {}, None
    answered, counts, mean = figures.distribution(question)
    if is_suppressed(answered) or not answered:
        return {}, None
    return {key: round(100 * n / answered, 1) for key, n in counts.items()}, mean


def previous_round_of(survey_round: SurveyRound, actor_group: str) -> SurveyRound | None:
    """The latest earlier round of the office that asked the same questionnaire of this actor group."""
    version = dict(round_groups(survey_round)).get(actor_group)
    if version is None:
        return None
    return (
        SurveyRound.objects.filter(
            youth_office_id=survey_round.youth_office_id,
            starts_on__lt=survey_round.starts_on,
            versions__questionnaire=version.questionnaire_id,
        )
        .exclude(status=SurveyRound.Status.DRAFT)
        .order_by("-starts_on")
        .first()
    )


def small_kitas(survey_round: SurveyRound, actor_group: str) -> QuerySet[Any]:
    """Kitas whose responses of this actor group are too few to show (1 to N-1).

    They are left out of every figure over several Kitas as well: otherwise the figures of all Kitas minus
    those of the other Kitas (each shown on its own) would give away theirs by subtraction.
    """
    return (
        Response.objects.filter(round=survey_round, actor_group=actor_group)
        .values("kita")
        .annotate(n=Count("id"))
        .filter(n__gt=0, n__lt=small_number_threshold())
        .values("kita")
    )


def selection(
    *,
    user: Any,
    survey_round: SurveyRound,
    actor_group: str,
    filters: dict[str, Any] | None = None,
    keep_small_kitas: bool = False,
) -> QuerySet[Response]:
    """The responses a user's results describe: the round's group, at Kitas the user sees, filtered by
    `kita`, `social_area` and `language` (ids / codes). Without a Kita filter, Kitas with too few responses
    are left out (`small_kitas`); with one, a small Kita's selection is suppressed as a whole."""
    filters = filters or {}
    kitas = result_kitas_for(user=user, survey_round=survey_round)
    responses = Response.objects.filter(
        round=survey_round, actor_group=actor_group, kita__in=kitas.values("pk")
    )
    if filters.get("kita"):
        responses = responses.filter(kita_id=filters["kita"])
    elif not keep_small_kitas:
        responses = responses.exclude(kita__in=small_kitas(survey_round, actor_group))
    if filters.get("social_area"):
        responses = responses.filter(kita__social_area_id=filters["social_area"])
    if filters.get("language"):
        responses = responses.filter(language=filters["language"])
    return responses


def results_for(
    *,
    user: Any,
    survey_round: SurveyRound,
    actor_group: str,
    filters: dict[str, Any] | None = None,
    language: str = "de",
) -> Results | None:
    """The round's results for one actor group as `user` may see them; None if the round has no such group.

    Comparisons: the district (all the round's responses of the group, every Kita: an aggregate over the
    whole office) and the previous round that asked the same questionnaire, with the same filters.
    """
    version = dict(round_groups(survey_round)).get(actor_group)
    if version is None:
        return None
    filters = filters or {}
    figures = GroupFigures(
        selection(user=user, survey_round=survey_round, actor_group=actor_group, filters=filters)
    )
    count = figures.size
    # Responses were given but every one sits in a Kita too small to show: suppressed, not "no responses".
    hidden = count == 0 and (
        selection(
            user=user,
            survey_round=survey_round,
            actor_group=actor_group,
            filters=filters,
            keep_small_kitas=True,
        ).exists()
    )
    district = GroupFigures(
        Response.objects.filter(round=survey_round, actor_group=actor_group).exclude(
            kita__in=small_kitas(survey_round, actor_group)
        )
    )
    previous = previous_round_of(survey_round, actor_group)
    earlier = GroupFigures(
        selection(user=user, survey_round=previous, actor_group=actor_group, filters=filters)
        if previous
        else Response.objects.none()
    )
    shown = not is_suppressed(count) and not hidden
    results = []
    for question in definitions.questions(version.definition, language):
        result = QuestionResult(question=question)
        if shown and not question.is_text:
            answered, counts, mean = figures.distribution(question)
            if not is_suppressed(answered):
                result.answered, result.options, result.mean = (
                    answered,
                    _shares(question, answered, counts),
                    mean,
                )
            result.district, result.district_mean = _percentages(district, question)
            result.previous, result.previous_mean = _percentages(earlier, question)
        elif shown:
            answered = figures.answered(question)
            result.answered = None if is_suppressed(answered) else answered
        results.append(result)
    return Results(
        survey_round=survey_round,
        actor_group=actor_group,
        responses=count if shown else None,
        questions=results,
        previous_round=previous,
        threshold=small_number_threshold(),
    )


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    responses: int | None
    percents: dict[str, float]
    mean: float | None


def breakdown(
    *, user: Any, survey_round: SurveyRound, actor_group: str, question_key: str, by: str
) -> tuple[definitions.Question | None, list[BreakdownRow]]:
    """One question's distribution per Kita, social area or language, each row suppressed on its own."""
    version = dict(round_groups(survey_round)).get(actor_group)
    if version is None:
        return None, []
    question = next((q for q in definitions.questions(version.definition) if q.key == question_key), None)
    if question is None or question.is_text:
        return question, []
    # By Kita every row is judged on its own, so small Kitas appear (suppressed); other breakdowns span
    # several Kitas and leave small ones out.
    responses = selection(
        user=user, survey_round=survey_round, actor_group=actor_group, keep_small_kitas=by == "kita"
    )
    field_name = {"kita": "kita__name", "social_area": "kita__social_area__name", "language": "language"}[by]
    sizes = Counter(
        dict(responses.values_list(field_name).annotate(n=Count("id")).values_list(field_name, "n"))
    )
    rows = []
    for label, size in sorted(sizes.items(), key=lambda item: str(item[0] or "")):
        if is_suppressed(size):
            rows.append(BreakdownRow(str(label or "–"), None, {}, None))
            continue
        group = responses.filter(**{field_name: label})
        percents, mean = _percentages(GroupFigures(group), question)
        rows.append(BreakdownRow(str(label or "–"), size, percents, mean))
    return question, rows


def free_texts(*, responses: QuerySet[Response], question_keys: list[str]) -> QuerySet[Answer] | None:
    """Free-text answers of a selection, or None when the selection is below the threshold."""
    if is_suppressed(responses.count()):
        return None
    return (
        Answer.objects.filter(response__in=responses, question__in=question_keys)
        .exclude(text="")
        .select_related("response__kita")
        .order_by("question", "id")
    )
