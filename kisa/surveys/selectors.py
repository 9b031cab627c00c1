"""Survey reads that depend on the user: which questionnaires, rounds, Kitas and findings a user sees.

The Kita scope comes from the registry (`kita_list_visible_to`): a social worker's Kitas are those with a
current assignment, so a worker whose assignment ended no longer sees that Kita's results or free texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.core.languages import DEFAULT_PUBLIC_LANGUAGES, PublicLanguage
from kisa.core.suppression import suppressed
from kisa.registry.models import Kita, KitaQuerySet
from kisa.registry.selectors import kita_list_visible_to
from kisa.surveys.models import ActorGroup, Finding, Questionnaire, Response, SurveyLanguage, SurveyRound

ROUND_WIDE_ROLES = {Role.COORDINATOR, Role.READ_ONLY}
SURVEY_ROLES = {Role.COORDINATOR, Role.SOCIAL_WORKER, Role.KITA_LEAD, Role.PROVIDER, Role.READ_ONLY}


def _role(user: Any) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def questionnaire_list_visible_to(*, user: Any) -> QuerySet[Questionnaire]:
    """Questionnaires of the office, for those who run surveys (coordinator, social workers)."""
    membership = membership_of(user)
    if membership is None or membership.role not in (Role.COORDINATOR, Role.SOCIAL_WORKER):
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(youth_office_id=membership.youth_office_id)


def round_kitas(survey_round: SurveyRound) -> KitaQuerySet:
    """The Kitas a round targets: those named, and the active Kitas of the social areas named."""
    return Kita.objects.filter(
        Q(pk__in=survey_round.kitas.values("pk"))
        | Q(social_area__in=survey_round.social_areas.values("pk"), is_active=True),
        youth_office_id=survey_round.youth_office_id,
    ).select_related("social_area", "municipality")


def worker_kitas(*, user: Any) -> KitaQuerySet:
    """The Kitas a social worker is currently assigned to (for other roles: none)."""
    if _role(user) != Role.SOCIAL_WORKER:
        return Kita.objects.none()
    return kita_list_visible_to(user=user)


def round_list_visible_to(*, user: Any) -> QuerySet[SurveyRound]:
    """Coordinator and JHA see every round of the office; others the rounds targeting a Kita they see."""
    membership = membership_of(user)
    if membership is None or membership.role not in SURVEY_ROLES:
        return SurveyRound.objects.none()
    rounds = SurveyRound.objects.filter(youth_office_id=membership.youth_office_id)
    if membership.role in ROUND_WIDE_ROLES:
        return rounds
    kitas = kita_list_visible_to(user=user)
    return rounds.filter(
        Q(kitas__in=kitas.values("pk")) | Q(social_areas__kitas__in=kitas.values("pk"))
    ).distinct()


def result_kitas_for(*, user: Any, survey_round: SurveyRound) -> KitaQuerySet:
    """The round's Kitas whose (suppressed) results the user sees."""
    return round_kitas(survey_round).filter(pk__in=kita_list_visible_to(user=user).values("pk"))


def free_text_kitas_for(*, user: Any, survey_round: SurveyRound) -> KitaQuerySet:
    """Kitas whose free-text answers the user may read: the coordinator all, a worker their current ones."""
    role = _role(user)
    if role == Role.COORDINATOR:
        return result_kitas_for(user=user, survey_round=survey_round)
    if role == Role.SOCIAL_WORKER:
        return round_kitas(survey_round).filter(pk__in=worker_kitas(user=user).values("pk"))
    return Kita.objects.none()


def paper_kitas_for(*, user: Any, survey_round: SurveyRound) -> KitaQuerySet:
    """Kitas for which the user may enter paper forms (same as free text: the people who run the survey)."""
    return free_text_kitas_for(user=user, survey_round=survey_round)


def finding_list_visible_to(*, user: Any) -> QuerySet[Finding]:
    """Findings the user may read: the coordinator all of the office, a social worker those of their current
    Kitas, the Kita leadership those of their own Kitas (they plan with the worker)."""
    role = _role(user)
    membership = membership_of(user)
    if membership is None or role not in (Role.COORDINATOR, Role.SOCIAL_WORKER, Role.KITA_LEAD):
        return Finding.objects.none()
    findings = Finding.objects.filter(youth_office_id=membership.youth_office_id).select_related(
        "kita", "round"
    )
    if role != Role.COORDINATOR:
        findings = findings.filter(kita__in=kita_list_visible_to(user=user).values("pk"))
    return findings


def kita_findings(*, user: Any, kita_id: int, year: int | None = None) -> QuerySet[Finding]:
    """The needs and resources found for one Kita, as `user` may see them: the planning cycle's input from
    the surveys. `year` limits them to rounds that started in that year; an invisible Kita gives none."""
    findings = finding_list_visible_to(user=user).filter(kita_id=kita_id)
    if year is not None:
        findings = findings.filter(round__starts_on__year=year)
    return findings.order_by("kind", "topic", "id")


def offered_languages(*, youth_office_id: int) -> list[PublicLanguage]:
    """The default public languages and any the office added."""
    extra = SurveyLanguage.objects.filter(youth_office_id=youth_office_id)
    return [*DEFAULT_PUBLIC_LANGUAGES] + [
        PublicLanguage(language.code, language.native_name, language.right_to_left) for language in extra
    ]


def round_groups(survey_round: SurveyRound) -> list[tuple[str, Any]]:
    """(actor group, version) pairs of a round, in the order of the actor groups."""
    versions = {v.questionnaire.actor_group: v for v in survey_round.versions.select_related("questionnaire")}
    return [(group, versions[group]) for group in ActorGroup.values if group in versions]


@dataclass(frozen=True)
class KitaRate:
    kita: Kita
    responses: list[int | None]  # per actor group of the round (round_groups order); None: suppressed
    places: int
    rate_percent: float | None  # parents' responses ÷ approved places; None: suppressed or no parents


def response_rates(*, user: Any, survey_round: SurveyRound) -> list[KitaRate]:
    """Responses per Kita and actor group, and the parents' response rate against approved places (a
    proxy for enrolled families: the registry keeps no enrolment count).

    Every count is suppressed on its own group size. No total across actor groups is shown: with the
    other groups' counts it would give away a suppressed group by subtraction.
    """
    groups = [group for group, _version in round_groups(survey_round)]
    counts = {
        (row["kita"], row["actor_group"]): row["n"]
        for row in Response.objects.filter(round=survey_round)
        .values("kita", "actor_group")
        .annotate(n=Count("id"))
    }
    rates = []
    for kita in result_kitas_for(user=user, survey_round=survey_round).order_by("name"):
        sizes = [counts.get((kita.pk, group), 0) for group in groups]
        parents = counts.get((kita.pk, ActorGroup.PARENTS), 0)
        rate = (
            round(100 * parents / kita.approved_places, 1)
            if kita.approved_places and ActorGroup.PARENTS in groups
            else None
        )
        rates.append(
            KitaRate(
                kita=kita,
                responses=[suppressed(size, count=size) for size in sizes],
                places=kita.approved_places,
                rate_percent=suppressed(rate, count=parents),
            )
        )
    return rates
