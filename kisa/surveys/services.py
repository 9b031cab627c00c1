"""Survey writes: questionnaires and their versions, languages, rounds, responses, tags and findings.

Every function validates completely before it writes, so a refused call leaves nothing behind, and writes
its audit entry in the same transaction. Anonymous responses get an audit entry without any answer or
client detail: the trail records that a response arrived, nothing about who sent it.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kisa.core.audit import audit_record
from kisa.core.models import AuditEntry
from kisa.core.services import audited_create, audited_update
from kisa.registry.models import Kita, SocialArea, YouthOffice
from kisa.surveys import definition as definitions
from kisa.surveys import editor
from kisa.surveys.models import (
    ActorGroup,
    Answer,
    Finding,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    SurveyLanguage,
    SurveyRound,
    Tag,
)
from kisa.surveys.selectors import offered_languages, round_kitas

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates_data"


# --- Questionnaires ------------------------------------------------------------------------------------


@transaction.atomic
def questionnaire_create(
    *,
    actor: Any,
    youth_office: YouthOffice,
    title: str,
    actor_group: str,
    definition: Mapping[str, Any],
    template_key: str = "",
) -> Questionnaire:
    """A new questionnaire with its first version."""
    definitions.validate_definition(definition)
    questionnaire = audited_create(
        actor=actor,
        instance=Questionnaire(
            youth_office=youth_office, title=title, actor_group=actor_group, template_key=template_key
        ),
    )
    audited_create(
        actor=actor,
        instance=QuestionnaireVersion(
            youth_office=youth_office, questionnaire=questionnaire, number=1, definition=dict(definition)
        ),
    )
    return questionnaire


@transaction.atomic
def questionnaire_revise(
    *, actor: Any, questionnaire: Questionnaire, definition: Mapping[str, Any]
) -> QuestionnaireVersion:
    """Change a questionnaire's content without touching what answers refer to.

    The latest version is changed in place only while no round uses it; otherwise (and that is the point
    of versions) a new version is created, and rounds keep theirs.
    """
    definitions.validate_definition(definition)
    latest = questionnaire.versions.select_for_update().order_by("-number").first()
    assert latest is not None, "every questionnaire is created with a version"
    if latest.definition == definition:
        return latest
    if not latest.is_in_use():
        return audited_update(actor=actor, instance=latest, data={"definition": dict(definition)})
    return audited_create(
        actor=actor,
        instance=QuestionnaireVersion(
            youth_office_id=questionnaire.youth_office_id,
            questionnaire=questionnaire,
            number=latest.number + 1,
            definition=dict(definition),
        ),
    )


@transaction.atomic
def questionnaire_translate(
    *, actor: Any, questionnaire: Questionnaire, language: str, texts: Mapping[str, str]
) -> QuestionnaireVersion:
    """Set the `language` texts (path → text, see `definition.translatable_texts`) on the latest version."""
    offered = {lang.code for lang in offered_languages(youth_office_id=questionnaire.youth_office_id)}
    if language not in offered or language == "de":
        raise ValidationError({"language": _("This language is not offered.")})
    latest = questionnaire.versions.order_by("-number").first()
    assert latest is not None
    known = {path for path, _de, _text in definitions.translatable_texts(latest.definition, language)}
    if not set(texts) <= known:
        raise ValidationError({"texts": _("The questionnaire has changed meanwhile; please reload.")})
    updated = definitions.with_translations(latest.definition, language, texts)
    return questionnaire_revise(actor=actor, questionnaire=questionnaire, definition=updated)


def _latest_definition(questionnaire: Questionnaire) -> dict[str, Any]:
    latest = questionnaire.versions.select_for_update().order_by("-number").first()
    assert latest is not None, "every questionnaire is created with a version"
    return dict(latest.definition)


@transaction.atomic
def questionnaire_question_save(
    *, actor: Any, questionnaire: Questionnaire, section_key: str = "", question_key: str = "", **fields: Any
) -> QuestionnaireVersion:
    """Add a question to a section (no `question_key`) or change one, through `questionnaire_revise`
    (so a version in use is kept and a new one is created). `fields` are those of `editor.save_question`."""
    updated, _key = editor.save_question(
        _latest_definition(questionnaire), section_key=section_key, question_key=question_key, **fields
    )
    return questionnaire_revise(actor=actor, questionnaire=questionnaire, definition=updated)


@transaction.atomic
def questionnaire_question_delete(
    *, actor: Any, questionnaire: Questionnaire, question_key: str
) -> QuestionnaireVersion:
    updated = editor.delete_question(_latest_definition(questionnaire), question_key)
    return questionnaire_revise(actor=actor, questionnaire=questionnaire, definition=updated)


@transaction.atomic
def questionnaire_section_save(
    *, actor: Any, questionnaire: Questionnaire, section_key: str = "", title: str
) -> QuestionnaireVersion:
    """Add a section at the end (no `section_key`) or rename one."""
    updated, _key = editor.save_section(
        _latest_definition(questionnaire), section_key=section_key, title=title
    )
    return questionnaire_revise(actor=actor, questionnaire=questionnaire, definition=updated)


@transaction.atomic
def questionnaire_section_delete(
    *, actor: Any, questionnaire: Questionnaire, section_key: str
) -> QuestionnaireVersion:
    """Remove a section with its questions."""
    updated = editor.delete_section(_latest_definition(questionnaire), section_key)
    return questionnaire_revise(actor=actor, questionnaire=questionnaire, definition=updated)


@transaction.atomic
def questionnaire_move(
    *, actor: Any, questionnaire: Questionnaire, section_key: str = "", question_key: str = "", direction: str
) -> QuestionnaireVersion:
    """Move a section or a question one place up or down."""
    updated = editor.move(
        _latest_definition(questionnaire),
        section_key=section_key,
        question_key=question_key,
        direction=direction,
    )
    return questionnaire_revise(actor=actor, questionnaire=questionnaire, definition=updated)


def starter_definition(
    *, title: str, template_key: str = "", first_question: str = "", first_type: str = ""
) -> dict[str, Any]:
    """The first content of a questionnaire made in the structured editor: a shipped template's content,
    or one section with the first question."""
    if template_key:
        for template in shipped_templates():
            if template["key"] == template_key:
                result = json.loads(json.dumps(template["definition"]))
                result["title"] = {**result.get("title", {}), "de": title}
                return dict(result)
        raise ValidationError({"template": _("This template does not exist.")})
    if not first_question.strip():
        raise ValidationError({"first_question": _("Please enter the first question, or choose a template.")})
    question = {"key": "q1", "type": first_type, "required": False, "text": {"de": first_question.strip()}}
    return {
        "title": {"de": title},
        "sections": [{"key": "s1", "title": {"de": title}, "questions": [question]}],
    }


def shipped_templates() -> list[dict[str, Any]]:
    """The questionnaire templates shipped with KiSA (JSON files in `templates_data/`), by actor group."""
    files = sorted(TEMPLATE_DIR.glob("*.json"))
    order = list(ActorGroup.values)
    loaded = [json.loads(path.read_text(encoding="utf-8")) for path in files]
    return sorted(loaded, key=lambda t: order.index(t["actor_group"]))


@transaction.atomic
def questionnaire_templates_install(*, actor: Any, youth_office: YouthOffice) -> list[Questionnaire]:
    """Create the office's questionnaires from the shipped templates; templates already installed are
    skipped (so it is safe to run again). Returns the questionnaires created."""
    existing = set(
        Questionnaire.objects.filter(youth_office=youth_office).values_list("template_key", flat=True)
    )
    created = []
    for template in shipped_templates():
        if template["key"] in existing:
            continue
        created.append(
            questionnaire_create(
                actor=actor,
                youth_office=youth_office,
                title=template["definition"]["title"]["de"],
                actor_group=template["actor_group"],
                definition=template["definition"],
                template_key=template["key"],
            )
        )
    return created


@transaction.atomic
def survey_language_create(
    *, actor: Any, youth_office: YouthOffice, code: str, native_name: str, right_to_left: bool = False
) -> SurveyLanguage:
    """Offer one more language for the office's questionnaires."""
    code = code.strip().lower()
    if code in {lang.code for lang in offered_languages(youth_office_id=youth_office.pk)}:
        raise ValidationError({"code": _("This language is already offered.")})
    return audited_create(
        actor=actor,
        instance=SurveyLanguage(
            youth_office=youth_office, code=code, native_name=native_name, right_to_left=right_to_left
        ),
    )


# --- Rounds --------------------------------------------------------------------------------------------


def _check_round_targets(
    youth_office: YouthOffice,
    kitas: Iterable[Kita],
    social_areas: Iterable[SocialArea],
    versions: Iterable[QuestionnaireVersion],
) -> None:
    errors: dict[str, str] = {}
    kitas, social_areas, versions = list(kitas), list(social_areas), list(versions)
    if not kitas and not social_areas:
        errors["kitas"] = _("Choose at least one Kita or social area.")
    if any(k.youth_office_id != youth_office.pk for k in kitas):
        errors["kitas"] = _("Belongs to another youth office.")
    if any(a.youth_office_id != youth_office.pk for a in social_areas):
        errors["social_areas"] = _("Belongs to another youth office.")
    groups = [v.questionnaire.actor_group for v in versions]
    if not versions:
        errors["versions"] = _("Choose at least one questionnaire.")
    elif any(v.youth_office_id != youth_office.pk for v in versions):
        errors["versions"] = _("Belongs to another youth office.")
    elif len(set(groups)) != len(groups):
        errors["versions"] = _("Choose one questionnaire per actor group.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def round_create(
    *,
    actor: Any,
    youth_office: YouthOffice,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    kitas: Iterable[Kita] = (),
    social_areas: Iterable[SocialArea] = (),
    questionnaires: Iterable[Questionnaire],
    allow_multiple_submissions: bool = False,
) -> SurveyRound:
    """A round in preparation, asking the latest version of each questionnaire (fixed from now on)."""
    versions = [q.versions.order_by("-number").first() for q in questionnaires]
    kitas, social_areas = list(kitas), list(social_areas)
    _check_round_targets(youth_office, kitas, social_areas, [v for v in versions if v])
    survey_round = audited_create(
        actor=actor,
        instance=SurveyRound(
            youth_office=youth_office,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            allow_multiple_submissions=allow_multiple_submissions,
        ),
    )
    survey_round.kitas.set(kitas)
    survey_round.social_areas.set(social_areas)
    survey_round.versions.set([v for v in versions if v])
    return survey_round


@transaction.atomic
def round_update(
    *,
    actor: Any,
    survey_round: SurveyRound,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    allow_multiple_submissions: bool,
    kitas: Iterable[Kita] | None = None,
    social_areas: Iterable[SocialArea] | None = None,
    questionnaires: Iterable[Questionnaire] | None = None,
) -> SurveyRound:
    """Change a round. Kitas, social areas and questionnaires change only while it is in preparation:
    once answers may come in, what a response refers to stays as it was."""
    targets_given = kitas is not None or social_areas is not None or questionnaires is not None
    if targets_given and survey_round.status != SurveyRound.Status.DRAFT:
        raise ValidationError(
            {"kitas": _("Kitas and questionnaires can only change while the round is in preparation.")}
        )
    target_kitas: list[Kita] = list(kitas if kitas is not None else survey_round.kitas.all())
    target_areas: list[SocialArea] = list(
        social_areas if social_areas is not None else survey_round.social_areas.all()
    )
    versions = [
        v
        for v in (
            [q.versions.order_by("-number").first() for q in questionnaires]
            if questionnaires is not None
            else list(survey_round.versions.select_related("questionnaire"))
        )
        if v is not None
    ]
    if targets_given:
        _check_round_targets(survey_round.youth_office, target_kitas, target_areas, versions)
    audited_update(
        actor=actor,
        instance=survey_round,
        data={
            "name": name,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "allow_multiple_submissions": allow_multiple_submissions,
        },
    )
    if targets_given:
        survey_round.kitas.set(target_kitas)
        survey_round.social_areas.set(target_areas)
        survey_round.versions.set(versions)
    return survey_round


@transaction.atomic
def round_set_status(*, actor: Any, survey_round: SurveyRound, status: str) -> SurveyRound:
    """Open or close a round. A closed round takes no more online answers; paper forms may still come."""
    if status not in SurveyRound.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    return audited_update(actor=actor, instance=survey_round, data={"status": status})


# --- Responses -----------------------------------------------------------------------------------------


@transaction.atomic
def response_submit(
    *,
    survey_round: SurveyRound,
    kita_id: int,
    actor_group: str,
    language: str,
    answers: Mapping[str, Any],
    channel: str = Response.Channel.ONLINE,
    version_number: int | None = None,
    actor: Any = None,
    submission_id: uuid.UUID | None = None,
) -> Response:
    """Store one anonymous response after checking it completely against the round's questionnaire.

    Idempotent per `submission_id`: sending the same submission again (its answer was lost on the way)
    returns the response stored the first time and writes nothing.

    Messages come in the active language (public pages activate the respondent's). Refused: a round not
    open (online) or in preparation (paper), a Kita or actor group the round does not ask, a version
    other than the round's, a language not offered, and any invalid answer (see `definition.clean_answers`).
    """
    if submission_id is not None:
        stored = Response.objects.filter(submission_id=submission_id).first()
        if stored is not None:
            if stored.round_id != survey_round.pk:
                raise ValidationError({"submission_id": _("This submission belongs to another survey.")})
            return stored
    if channel == Response.Channel.ONLINE and not survey_round.is_open:
        raise ValidationError({"round": _("This survey is not open for answers.")})
    if survey_round.status == SurveyRound.Status.DRAFT:
        raise ValidationError({"round": _("This survey has not started yet.")})
    kita = round_kitas(survey_round).filter(pk=kita_id).first()
    if kita is None:
        raise ValidationError({"kita": _("This survey does not ask this Kita.")})
    version = (
        survey_round.versions.select_related("questionnaire")
        .filter(questionnaire__actor_group=actor_group)
        .first()
    )
    if version is None:
        raise ValidationError({"actor_group": _("This survey has no questionnaire for this group.")})
    if version_number is not None and version_number != version.number:
        raise ValidationError(
            {"version": _("This questionnaire has changed. Please reload the page and answer again.")}
        )
    if language not in {
        lang.code for lang in offered_languages(youth_office_id=survey_round.youth_office_id)
    }:
        raise ValidationError({"language": _("This language is not offered.")})
    clean = definitions.clean_answers(version.definition, answers, language)
    response = Response(
        youth_office_id=survey_round.youth_office_id,
        round=survey_round,
        kita=kita,
        version=version,
        actor_group=actor_group,
        language=language,
        channel=channel,
        submission_id=submission_id,
    )
    # The related rows were just read in this transaction; re-checking that they exist would cost four
    # queries on the busiest write (a burst of submissions after a parents' evening).
    response.full_clean(exclude=["youth_office", "round", "kita", "version"])
    response.save()
    Answer.objects.bulk_create(
        Answer(response=response, question=a.question, choice=a.choice, number=a.number, text=a.text)
        for a in clean
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=response,
        changes={"channel": channel, "kita": str(kita), "actor_group": actor_group},
    )
    return response


# --- Tags and findings ---------------------------------------------------------------------------------


@transaction.atomic
def answer_tag(*, actor: Any, answer: Answer, tag: str, topic: str = "") -> Answer:
    """Tag a free-text answer as need, resource, wish or other, with a topic."""
    if not answer.text:
        raise ValidationError({"tag": _("Only free-text answers are tagged.")})
    if tag and tag not in Tag.values:
        raise ValidationError({"tag": _("Unknown tag.")})
    before = {"tag": answer.tag, "topic": answer.topic}
    answer.tag, answer.topic = tag, topic.strip()
    answer.full_clean()
    answer.save(update_fields=["tag", "topic"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=answer,
        changes={k: [v, getattr(answer, k)] for k, v in before.items() if v != getattr(answer, k)},
        youth_office_id=answer.response.youth_office_id,
    )
    return answer


@transaction.atomic
def finding_create(
    *, actor: Any, survey_round: SurveyRound, kita: Kita, kind: str, text: str, topic: str = ""
) -> Finding:
    """Keep a need or resource found in a round, for planning goals and projects."""
    if not round_kitas(survey_round).filter(pk=kita.pk).exists():
        raise ValidationError({"kita": _("This survey does not ask this Kita.")})
    return audited_create(
        actor=actor,
        instance=Finding(
            youth_office_id=survey_round.youth_office_id,
            round=survey_round,
            kita=kita,
            kind=kind,
            text=text.strip(),
            topic=topic.strip(),
        ),
    )
