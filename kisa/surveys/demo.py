"""Demo surveys: the shipped questionnaires, a closed 2024 round and an open 2025 round with responses.

Deterministic (seeded random) and idempotent (a round that exists is skipped). The 2025 round asks
parents (in several languages, some on paper), Kita staff and children (interviews entered on paper) at
the Kitas of the first three demo social workers; one Kita has only a handful of parent responses, so the
evaluation shows suppression at work.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from kisa.registry.models import Assignment, Kita
from kisa.surveys import definition as definitions
from kisa.surveys import services
from kisa.surveys.models import Answer, Questionnaire, Response, SurveyRound

SEED = 2025
ROUND_2024 = "Elternbefragung 2024"
ROUND_2025 = "Bedarfserhebung 2025"
# The other Kitas: their teams answered a short staff survey in autumn 2025, the basis of their 2025 plans.
ROUND_2025_STAFF = "Fachkräftebefragung 2025"

# (language, share of parent responses)
PARENT_LANGUAGES = [("de", 62), ("ar", 10), ("tr", 9), ("ru", 6), ("uk", 7), ("en", 3), ("de-x-ls", 3)]

WISHES = {
    "de": [
        "Ein Elterncafé in der Kita, damit man andere Eltern kennenlernt.",
        "Beratung zu Anträgen (Kinderzuschlag, Wohngeld) direkt vor Ort.",
        "Bessere Busverbindungen nachmittags nach Mayen und Koblenz.",
        "Mehr Angebote für Kinder am Wochenende im Dorf.",
        "Einen Spielplatz, der auch für Kleinkinder geeignet ist.",
        "Informationen zum Schulstart früher und auf mehreren Sprachen.",
        "Einen Kurs zu Erziehungsfragen am Abend, wenn wir arbeiten.",
    ],
    "ar": ["دورة لتعلم اللغة الألمانية مع رعاية للأطفال.", "مساعدة في ملء الاستمارات الرسمية."],
    "tr": ["Kreşte Türkçe bilgi akşamları.", "Okula geçiş hakkında daha fazla bilgi."],
    "ru": ["Больше кружков для детей в нашей деревне.", "Консультации по воспитанию на русском языке."],
    "uk": ["Курси німецької мови для мам з дітьми.", "Зустрічі з іншими родинами з України."],
    "en": ["An English-speaking parents' group.", "Help with paperwork for the authorities."],
    "de-x-ls": ["Mehr Hilfe beim Ausfüllen von Briefen vom Amt."],
}
RESOURCES = [
    "Ich spreche Arabisch und Deutsch und kann übersetzen.",
    "Ich kann beim Sommerfest helfen und backen.",
    "Mein Mann ist im Sportverein Trainer.",
    "Wir haben einen großen Garten für ein Treffen.",
    "Ich bin Erzieherin in Elternzeit und kann vorlesen.",
]
STAFF_TEXTS = {
    "s_resources": [
        "Engagierter Elternbeirat und ein großer Garten.",
        "Gute Kontakte zur Grundschule und zur Bücherei im Ort.",
        "Mehrsprachiges Team (Arabisch, Türkisch, Russisch).",
    ],
    "s_wishes": [
        "Regelmäßige Sprechstunden der Erziehungsberatung in der Kita.",
        "Unterstützung bei Elterngesprächen mit Dolmetscher.",
        "Ein Netzwerktreffen mit Vereinen und Schule im Frühjahr.",
    ],
}
CHILD_WISHES = [
    "Eine Rutsche im Garten",
    "Mehr Ausflüge in den Wald",
    "Ein Fußballtor",
    "Mit dem Bus fahren",
    "Tiere in der Kita",
]


def _answers(rng: random.Random, definition: dict[str, Any], language: str, mood: float) -> dict[str, Any]:
    """Plausible answers: scales leaning positive by `mood` (0–1), some free text, every condition kept."""
    answers: dict[str, Any] = {}
    for question in definitions.questions(definition, language):
        if question.show_if and not definitions.is_shown(question, answers):
            continue
        if not question.required and rng.random() < 0.12:
            continue
        keys = [o.key for o in question.options]
        if question.type in (definitions.AGREEMENT, definitions.SMILEY5, definitions.SMILEY3):
            top = len(keys)
            value = round(1 + (top - 1) * min(1.0, max(0.0, rng.gauss(mood, 0.25))))
            answers[question.key] = str(value)
        elif question.type == definitions.YES_NO:
            answers[question.key] = "yes" if rng.random() < 0.3 + 0.5 * mood else "no"
        elif question.type == definitions.SINGLE_CHOICE:
            weights = [len(keys) - i for i in range(len(keys))]
            answers[question.key] = rng.choices(keys, weights=weights)[0]
        elif question.type == definitions.MULTIPLE_CHOICE:
            answers[question.key] = rng.sample(keys, k=rng.randint(1, min(3, len(keys))))
        elif question.type == definitions.NUMBER:
            answers[question.key] = rng.randint(1, 3)
        elif question.is_text and rng.random() < 0.35:
            answers[question.key] = _text(rng, question.key, language)
    return answers


def _text(rng: random.Random, key: str, language: str) -> str:
    if key in STAFF_TEXTS:
        return rng.choice(STAFF_TEXTS[key])
    if key.startswith("c_"):
        return rng.choice(CHILD_WISHES)
    if key == "p_resource":
        return rng.choice(RESOURCES)
    return rng.choice(WISHES.get(language, WISHES["de"]))


def _submit(
    rng: random.Random,
    survey_round: SurveyRound,
    kita: Kita,
    group: str,
    count: int,
    mood: float,
    paper_share: float,
) -> None:
    version = survey_round.versions.get(questionnaire__actor_group=group)
    for _ in range(count):
        language = "de"
        if group == "parents":
            language = rng.choices(
                [code for code, _ in PARENT_LANGUAGES], weights=[w for _, w in PARENT_LANGUAGES]
            )[0]
        services.response_submit(
            survey_round=survey_round,
            kita_id=kita.pk,
            actor_group=group,
            language=language,
            answers=_answers(rng, version.definition, language, mood),
            channel=Response.Channel.PAPER if rng.random() < paper_share else Response.Channel.ONLINE,
        )


def _demo_kitas(registry: Any) -> list[Kita]:
    """The current Kitas of the first three demo social workers, in a stable order."""
    workers = registry.social_workers[:3]
    assignments = (
        Assignment.objects.filter(staff_member__in=workers).select_related("kita").order_by("kita__number")
    )
    kitas: list[Kita] = []
    for assignment in assignments:
        if assignment.kita not in kitas:
            kitas.append(assignment.kita)
    return kitas[:7]


def load_surveys_demo(*, registry: Any, stdout: Any) -> None:
    office = registry.youth_office
    rng = random.Random(SEED)  # noqa: S311 -- demo data, reproducible on purpose
    services.questionnaire_templates_install(actor=None, youth_office=office)
    by_group = {
        q.actor_group: q for q in Questionnaire.objects.filter(youth_office=office).exclude(template_key="")
    }
    kitas = _demo_kitas(registry)
    if SurveyRound.objects.filter(youth_office=office, name=ROUND_2025).exists():
        stdout.write("Surveys: demo rounds exist already.\n")
        return

    earlier = services.round_create(
        actor=None,
        youth_office=office,
        name=ROUND_2024,
        starts_on=dt.date(2024, 4, 15),
        ends_on=dt.date(2024, 5, 31),
        kitas=kitas,
        questionnaires=[by_group["parents"]],
    )
    services.round_set_status(actor=None, survey_round=earlier, status=SurveyRound.Status.OPEN)
    for kita in kitas:
        _submit(rng, earlier, kita, "parents", rng.randint(8, 18), mood=0.55, paper_share=0.5)
    services.round_set_status(actor=None, survey_round=earlier, status=SurveyRound.Status.CLOSED)

    current = services.round_create(
        actor=None,
        youth_office=office,
        name=ROUND_2025,
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2025, 12, 31),
        kitas=kitas,
        questionnaires=[by_group["parents"], by_group["staff"], by_group["children"]],
    )
    services.round_set_status(actor=None, survey_round=current, status=SurveyRound.Status.OPEN)
    for index, kita in enumerate(kitas):
        # The last Kita is just starting: too few answers to show anything (suppression).
        parents = 3 if index == len(kitas) - 1 else rng.randint(10, 26)
        _submit(rng, current, kita, "parents", parents, mood=0.65, paper_share=0.4)
        _submit(rng, current, kita, "staff", rng.randint(5, 8), mood=0.6, paper_share=0.1)
        _submit(rng, current, kita, "children", rng.randint(5, 10), mood=0.75, paper_share=1.0)
    _tag_some(rng, current, kitas[0])
    others = list(
        Kita.objects.filter(assignments__staff_member__in=registry.social_workers)
        .exclude(pk__in=[kita.pk for kita in kitas])
        .distinct()
        .order_by("number")
    )
    staff_round = services.round_create(
        actor=None,
        youth_office=office,
        name=ROUND_2025_STAFF,
        starts_on=dt.date(2025, 9, 15),
        ends_on=dt.date(2025, 10, 31),
        kitas=others,
        questionnaires=[by_group["staff"]],
    )
    services.round_set_status(actor=None, survey_round=staff_round, status=SurveyRound.Status.OPEN)
    for kita in others:
        _submit(rng, staff_round, kita, "staff", rng.randint(3, 8), mood=0.6, paper_share=0.2)
    services.round_set_status(actor=None, survey_round=staff_round, status=SurveyRound.Status.CLOSED)
    total = Response.objects.filter(round__youth_office=office).count()
    stdout.write(
        f"Surveys: {len(kitas)} Kitas, rounds 2024 and 2025, staff survey 2025 in {len(others)} more Kitas, "
        f"{total} responses.\n"
    )


def _tag_some(rng: random.Random, survey_round: SurveyRound, kita: Kita) -> None:
    """Tag a few free texts of the first Kita and keep two findings, as a worker would."""
    texts = (
        Answer.objects.filter(response__round=survey_round, response__kita=kita)
        .exclude(text="")
        .order_by("id")
    )
    for answer in texts[:6]:
        tag = "resource" if answer.question in ("p_resource", "s_resources") else "wish"
        topic = "Mobilität" if "Bus" in answer.text else "Vernetzung"
        services.answer_tag(actor=None, answer=answer, tag=tag, topic=topic)
    services.finding_create(
        actor=None,
        survey_round=survey_round,
        kita=kita,
        kind="need",
        topic="Mobilität",
        text="Familien ohne Auto erreichen Beratung in der Stadt kaum; Sprechstunde in der Kita gewünscht.",
    )
    services.finding_create(
        actor=None,
        survey_round=survey_round,
        kita=kita,
        kind="resource",
        topic="Vernetzung",
        text="Mehrsprachige Eltern bieten an, bei Elternabenden zu übersetzen.",
    )
