"""Printed material of a round: QR code (SVG), A4 poster and paper questionnaire (PDF) per Kita and language.

For those who run the survey at the Kita (coordinator, the Kita's social worker): others get 403 or 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from kisa.core.languages import public_language
from kisa.core.permissions import requires
from kisa.core.public import qr_svg
from kisa.registry.models import Kita
from kisa.surveys import documents, selectors
from kisa.surveys.models import SurveyRound
from kisa.surveys.views import run_kita, visible_round


def _print_context(request: HttpRequest, pk: int, kita_id: int) -> tuple[SurveyRound, Kita, Any, str]:
    survey_round = visible_round(request, pk)
    kita = run_kita(request, survey_round, kita_id)
    offered = {
        lang.code: lang for lang in selectors.offered_languages(youth_office_id=survey_round.youth_office_id)
    }
    language = offered.get(request.GET.get("lang", "de")) or public_language("de")
    url = request.build_absolute_uri(reverse("surveys:start", args=[survey_round.public_key, kita.pk]))
    return survey_round, kita, language, f"{url}?lang={language.code}"


@requires("surveys.enter_paper")
def kita_qr(request: HttpRequest, pk: int, kita_id: int) -> HttpResponse:
    _round, _kita, _language, url = _print_context(request, pk, kita_id)
    return HttpResponse(qr_svg(url, title=url), content_type="image/svg+xml")


@requires("surveys.enter_paper")
def kita_poster(request: HttpRequest, pk: int, kita_id: int) -> HttpResponse:
    survey_round, kita, language, url = _print_context(request, pk, kita_id)
    pdf = documents.poster_pdf(survey_round=survey_round, kita=kita, language=language, url=url)
    return _pdf(pdf, f"plakat-{kita.number}-{language.code}.pdf")


@requires("surveys.enter_paper")
def paper_form_pdf(request: HttpRequest, pk: int, kita_id: int, group: str) -> HttpResponse:
    survey_round, kita, language, _url = _print_context(request, pk, kita_id)
    version = dict(selectors.round_groups(survey_round)).get(group)
    if version is None:
        raise Http404
    pdf = documents.paper_pdf(survey_round=survey_round, kita=kita, version=version, language=language)
    return _pdf(pdf, f"fragebogen-{kita.number}-{group}-{language.code}.pdf")


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
