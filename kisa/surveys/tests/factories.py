"""Survey test data: a small questionnaire covering every question type, rounds and responses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kisa.surveys import services
from kisa.surveys.models import Response, SurveyRound


def t(de: str, **others: str) -> dict[str, str]:
    return {"de": de, **{code.replace("_", "-"): text for code, text in others.items()}}


def sample_definition() -> dict[str, Any]:
    """Every question type once; `transport` → `bus_ok` is a show-if condition."""
    return {
        "title": t("Elternfragebogen", en="Parent questionnaire", ar="استبيان الوالدين"),
        "sections": [
            {
                "key": "main",
                "title": t("Allgemein", en="General"),
                "questions": [
                    {
                        "key": "wellbeing",
                        "type": "agreement",
                        "required": True,
                        "text": t(
                            "Mein Kind fühlt sich wohl.", en="My child feels at ease.", ar="طفلي مرتاح."
                        ),
                    },
                    {
                        "key": "transport",
                        "type": "single_choice",
                        "required": True,
                        "text": t("Wie kommen Sie zur Beratung?", en="How do you get to counselling?"),
                        "options": [
                            {"key": "car", "text": t("Auto", en="Car")},
                            {"key": "bus", "text": t("Bus", en="Bus")},
                        ],
                    },
                    {
                        "key": "bus_ok",
                        "type": "yes_no",
                        "required": True,
                        "text": t("Fährt der Bus oft genug?"),
                        "show_if": {"question": "transport", "in": ["bus"]},
                    },
                    {
                        "key": "topics",
                        "type": "multiple_choice",
                        "text": t("Themen"),
                        "options": [
                            {"key": "health", "text": t("Gesundheit")},
                            {"key": "money", "text": t("Geld")},
                            {"key": "school", "text": t("Schule")},
                        ],
                    },
                    {"key": "smile", "type": "smiley3", "text": t("Wie gefällt es dir?")},
                    {"key": "smile5", "type": "smiley5", "text": t("Wie ist das Essen?")},
                    {
                        "key": "children",
                        "type": "number",
                        "min": 0,
                        "max": 12,
                        "text": t("Wie viele Kinder?"),
                    },
                    {"key": "name_of_club", "type": "short_text", "text": t("Welcher Verein?")},
                    {
                        "key": "wish",
                        "type": "long_text",
                        "text": t("Was wünschen Sie sich?", en="What do you wish for?"),
                    },
                ],
            }
        ],
    }


def make_questionnaire(office: Any, *, title: str = "Elternfragebogen", actor_group: str = "parents") -> Any:
    return services.questionnaire_create(
        actor=None, youth_office=office, title=title, actor_group=actor_group, definition=sample_definition()
    )


def make_round(
    office: Any,
    *,
    kitas: list[Any],
    questionnaires: list[Any] | None = None,
    name: str = "Befragung 2025",
    starts_on: dt.date = dt.date(2025, 3, 1),
    status: str = SurveyRound.Status.OPEN,
    allow_multiple_submissions: bool = True,
) -> SurveyRound:
    questionnaires = questionnaires or [make_questionnaire(office, title=f"Fragebogen {name}")]
    survey_round = services.round_create(
        actor=None,
        youth_office=office,
        name=name,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=60),
        kitas=kitas,
        questionnaires=questionnaires,
        allow_multiple_submissions=allow_multiple_submissions,
    )
    if status != SurveyRound.Status.DRAFT:
        services.round_set_status(actor=None, survey_round=survey_round, status=status)
    return survey_round


def valid_answers(**overrides: Any) -> dict[str, Any]:
    answers = {"wellbeing": "4", "transport": "car", "topics": ["health"], "wish": "Mehr Busse"}
    answers.update(overrides)
    return {k: v for k, v in answers.items() if v is not None}


def respond(
    survey_round: SurveyRound,
    kita: Any,
    count: int = 1,
    *,
    actor_group: str = "parents",
    language: str = "de",
    channel: str = Response.Channel.ONLINE,
    **overrides: Any,
) -> list[Response]:
    return [
        services.response_submit(
            survey_round=survey_round,
            kita_id=kita.pk,
            actor_group=actor_group,
            language=language,
            answers=valid_answers(**overrides),
            channel=channel,
        )
        for _ in range(count)
    ]
