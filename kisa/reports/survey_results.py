"""The annual report's survey results: per round and actor group the Kitas asked, the parents' eligible places,
the responses and the response rate, and for every closed question the share of each answer (in %).

Reads through the surveys app, so the rules are the same as on the round's pages (docs/surveys.md):

- the counts come from `surveys.selectors.response_rates` (KitaRate): every Kita's responses of a group,
  suppressed on their own;
- a Kita with 1 … N−1 responses of a group is left out of that group's figures in the territory altogether
  (responses, places, rate and answers), as `surveys.evaluation.selection` leaves it out of every figure over
  several Kitas: otherwise the territory minus the Kitas shown elsewhere would give its answers away;
- the shares come from `surveys.evaluation.GroupFigures` over that same selection; a question answered by
  fewer than N is suppressed (None).

The response rate exists for parents only: their responses per approved place of the Kitas counted (KiSA holds
no enrolment figures, so places stand in for the families asked). For the other groups the number of people
asked is not known ("–").
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from kisa.core.suppression import is_suppressed, small_number_threshold
from kisa.reports.figures import Cell, Section, Table, Territory
from kisa.surveys import definition as definitions
from kisa.surveys.evaluation import GroupFigures, selection
from kisa.surveys.models import ActorGroup, SurveyRound
from kisa.surveys.selectors import KitaRate, response_rates, round_groups

NOT_KNOWN = "–"


def rounds_in(*, youth_office_id: int, year: int, territory: Territory) -> list[SurveyRound]:
    """The office's rounds that started in `year` and asked at least one Kita of the territory."""
    return list(
        SurveyRound.objects.filter(
            youth_office_id=youth_office_id,
            starts_on__year=year,
        )
        .exclude(status=SurveyRound.Status.DRAFT)
        .filter(kitas_in_territory(territory))
        .distinct()
        .order_by("starts_on", "name")
    )


def kitas_in_territory(territory: Territory) -> Q:
    """Rounds that name a Kita of the territory, or a social area with one of its Kitas."""
    return Q(kitas__in=territory.kita_ids) | Q(social_areas__kitas__in=territory.kita_ids)


def _group_row(
    survey_round: SurveyRound, group: str, index: int, rates: list[KitaRate]
) -> tuple[list[Cell], bool]:
    """One row of the rates table and whether the group's answers may be shown."""
    counted = [rate for rate in rates if rate.responses[index] is not None]
    left_out = len(counted) < len(rates)
    responses = sum(rate.responses[index] or 0 for rate in counted)
    places = sum(rate.places for rate in counted)
    # Responses were given, but each Kita had too few to count: hidden, not "no responses".
    shown = not (responses == 0 and left_out) and not is_suppressed(responses)
    response_cell: Cell = responses if shown else None
    places_cell: Cell = NOT_KNOWN
    rate_cell: Cell = NOT_KNOWN
    if group == ActorGroup.PARENTS:
        places_cell = places
        if not shown:
            rate_cell = None
        elif places:
            rate_cell = round(100 * responses / places, 1)
    row: list[Cell] = [
        survey_round.name,
        str(ActorGroup(group).label),
        len(counted),
        places_cell,
        response_cell,
        rate_cell,
    ]
    return row, shown and responses > 0


def _answers_table(
    *, user: Any, survey_round: SurveyRound, group: str, version: Any, territory: Territory
) -> Table:
    responses = selection(user=user, survey_round=survey_round, actor_group=group).filter(
        kita_id__in=territory.kita_ids
    )
    figures = GroupFigures(responses)
    language = translation.get_language() or "de"
    rows: list[list[Cell]] = []
    for question in definitions.questions(version.definition, language):
        if not question.is_choice:
            continue
        answered, counts, _mean = figures.distribution(question)
        hidden = is_suppressed(answered)
        for option in question.options:
            share: Cell
            if hidden:
                share = None
            elif answered:
                share = round(100 * counts.get(option.key, 0) / answered, 1)
            else:
                share = NOT_KNOWN
            rows.append([question.text, option.label, None if hidden else answered, share])
    return Table(
        key=f"survey-{survey_round.pk}-{group}",
        title=_("Answers: %(round)s, %(group)s")
        % {"round": survey_round.name, "group": ActorGroup(group).label},
        columns=[_("Question"), _("Answer"), _("Answered by"), _("Share (%)")],
        rows=rows,
        numeric_from=2,
        note=_(
            "Share of those who answered the question; with several answers allowed the shares add up to more "
            "than 100 %%. Questions answered by fewer than %(threshold)s are not shown."
        )
        % {"threshold": small_number_threshold()},
    )


def survey_results_section(*, user: Any, youth_office_id: int, year: int, territory: Territory) -> Section:
    """Survey results of the rounds that started in `year`, for the territory's Kitas, always suppressed."""
    threshold = small_number_threshold()
    rate_rows: list[list[Cell]] = []
    answer_tables: list[Table] = []
    territory_kitas = set(territory.kita_ids)
    for survey_round in rounds_in(youth_office_id=youth_office_id, year=year, territory=territory):
        rates = [
            rate
            for rate in response_rates(user=user, survey_round=survey_round)
            if rate.kita.pk in territory_kitas
        ]
        for index, (group, version) in enumerate(round_groups(survey_round)):
            row, with_answers = _group_row(survey_round, group, index, rates)
            rate_rows.append(row)
            if with_answers:
                answer_tables.append(
                    _answers_table(
                        user=user,
                        survey_round=survey_round,
                        group=group,
                        version=version,
                        territory=territory,
                    )
                )
    if not rate_rows:
        return Section(
            key="surveys",
            title=_("Survey results"),
            paragraphs=[
                _("No survey round started in %(year)s at the Kitas of %(territory)s.")
                % {"year": year, "territory": territory.label}
            ],
        )
    rates_table = Table(
        key="survey-rates",
        title=_("Survey rounds %(year)s: responses and response rate") % {"year": year},
        columns=[
            _("Survey round"),
            _("Actor group"),
            _("Kitas asked"),
            _("Approved places (families asked)"),
            _("Responses"),
            _("Response rate (%)"),
        ],
        rows=rate_rows,
        numeric_from=2,
        note=_(
            "Response rate: the parents' responses per approved place of the Kitas counted (KiSA holds no "
            "enrolment figures, so places stand in for the families asked); for the other groups the number of "
            "people asked is not known (–). A Kita with fewer than %(threshold)s responses of a group is left "
            "out of that group's figures, so that its answers cannot be worked out by subtraction."
        )
        % {"threshold": threshold},
    )
    return Section(
        key="surveys",
        title=_("Survey results"),
        paragraphs=[
            _("Survey rounds that started in %(year)s at the Kitas of %(territory)s.")
            % {"year": year, "territory": territory.label}
        ],
        tables=[rates_table, *answer_tables],
    )
