"""The public answer pages: no login, in the respondent's language, anonymous.

Nothing about the respondent is stored: no address, no browser, no session. The only cookies are the
CSRF cookie (the form needs it) and, after answering, the signed device mark (protection.py). A honeypot
field catches simple bots: a filled one is thanked and discarded.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from kisa.core import public as public_pages
from kisa.core.languages import PublicLanguage
from kisa.core.permissions import public
from kisa.registry.models import Kita
from kisa.surveys import definition as definitions
from kisa.surveys import protection, services
from kisa.surveys.forms import FIELD_PREFIX, answers_from, form_sections, general_errors
from kisa.surveys.models import ActorGroup, SurveyRound
from kisa.surveys.selectors import offered_languages, round_groups, round_kitas


def _round_and_kita(key: str, kita_id: int) -> tuple[SurveyRound, Kita]:
    """The round of a public link and one of its Kitas; anything else is 404 (nothing to reveal)."""
    survey_round = get_object_or_404(
        SurveyRound.objects.exclude(status=SurveyRound.Status.DRAFT), public_key=key
    )
    kita = get_object_or_404(round_kitas(survey_round), pk=kita_id)
    return survey_round, kita


def _language(request: HttpRequest, survey_round: SurveyRound) -> tuple[PublicLanguage, list[PublicLanguage]]:
    offered = offered_languages(youth_office_id=survey_round.youth_office_id)
    return public_pages.chosen_language(request, offered), offered


def _render(
    request: HttpRequest, template: str, language: PublicLanguage, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    languages = context.get("languages") or [language]
    return public_pages.render_public(
        request, template, language=language, languages=languages, context=context, status=status
    )


@public
def start(request: HttpRequest, key: str, kita_id: int) -> HttpResponse:
    """The Kita's link (QR code): straight to the questionnaire if the round asks one group online."""
    survey_round, kita = _round_and_kita(key, kita_id)
    language, offered = _language(request, survey_round)
    groups = [(group, ActorGroup(group).label) for group, _version in round_groups(survey_round)]
    online = [g for g in groups if g[0] != ActorGroup.CHILDREN]
    if len(online) == 1:
        url = reverse("surveys:answer", args=[key, kita.pk, online[0][0]])
        return redirect(f"{url}?lang={language.code}")
    context = {"survey_round": survey_round, "kita": kita, "groups": online, "languages": offered}
    return _render(request, "surveys/public_start.html", language, context)


@public
@csrf_protect
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, key: str, kita_id: int, group: str) -> HttpResponse:
    survey_round, kita = _round_and_kita(key, kita_id)
    version = dict(round_groups(survey_round)).get(group)
    if version is None:
        raise Http404
    language, offered = _language(request, survey_round)
    context: dict[str, Any] = {
        "survey_round": survey_round,
        "kita": kita,
        "group": group,
        "version": version,
        "languages": offered,
        "honeypot": public_pages.HONEYPOT_FIELD,
        "prefix": FIELD_PREFIX,
        # Kept through validation errors, so the one filled questionnaire is stored once however often sent.
        "submission_id": _submission_id(request) or uuid.uuid4(),
    }
    with translation.override(language.code):
        context["sections"] = form_sections(version.definition, language.code, {}, {})
        context["title"] = definitions.text_in(version.definition.get("title"), language.code)
        context["intro"] = definitions.text_in(version.definition.get("intro"), language.code)
        if not survey_round.is_open:
            return _render(request, "surveys/public_closed.html", language, context, status=410)
        if protection.device_has_answered(request, survey_round):
            return _render(request, "surveys/public_thanks.html", language, {**context, "already": True})
        if request.method == "GET":
            return _render(request, "surveys/public_form.html", language, context)
        return _submit(request, survey_round, kita, group, version, language, context)


def _submission_id(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("submission_id", ""))
    except ValueError:
        return None


def _submit(
    request: HttpRequest,
    survey_round: SurveyRound,
    kita: Kita,
    group: str,
    version: Any,
    language: PublicLanguage,
    context: dict[str, Any],
) -> HttpResponse:
    thanks = (
        reverse("surveys:thanks", args=[survey_round.public_key, kita.pk, group]) + f"?lang={language.code}"
    )
    if public_pages.honeypot_filled(request):
        return redirect(thanks)
    answers = answers_from(request.POST, version.definition)

    def refused(errors: dict[str, str], status: int) -> HttpResponse:
        sections = form_sections(version.definition, language.code, answers, errors)
        general = general_errors(errors, version.definition)
        return _render(
            request,
            "surveys/public_form.html",
            language,
            {**context, "sections": sections, "general_errors": general, "has_errors": True},
            status=status,
        )

    if protection.rate_limited(request, survey_round):
        return refused({"__all__": _("Too many answers from this connection. Please try again later.")}, 429)
    try:
        version_number = int(request.POST.get("version", ""))
    except ValueError:
        version_number = -1
    try:
        services.response_submit(
            survey_round=survey_round,
            kita_id=kita.pk,
            actor_group=group,
            language=language.code,
            answers=answers,
            version_number=version_number,
            submission_id=_submission_id(request),
        )
    except ValidationError as error:
        return refused({key: " ".join(messages) for key, messages in error.message_dict.items()}, 422)
    response = redirect(thanks)
    protection.mark_device(request, response, survey_round)
    return response


@public
def thanks(request: HttpRequest, key: str, kita_id: int, group: str) -> HttpResponse:
    survey_round, kita = _round_and_kita(key, kita_id)
    language, offered = _language(request, survey_round)
    return _render(
        request,
        "surveys/public_thanks.html",
        language,
        {"survey_round": survey_round, "kita": kita, "languages": offered},
    )
