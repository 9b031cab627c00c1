"""Abuse protection for anonymous answers: rate limit per round and source, one answer per device.

The source is the client address, but only as a keyed hash inside the rate-limit cache key, and only for
the cache's lifetime: no address is ever written to the database or the logs by this app. The device mark
is a signed cookie listing the rounds a browser has answered (nothing else), so a device answers a round
once unless the round allows several answers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.signing import BadSignature
from django.http import HttpRequest, HttpResponse

from kisa.core import public
from kisa.surveys.models import SurveyRound

DEVICE_COOKIE = "kisa_survey_done"
DEVICE_COOKIE_SALT = "kisa.surveys.device"
DEVICE_COOKIE_AGE = 400 * 24 * 60 * 60  # a little more than a year: next year's round is a new round


def rate_limited(request: HttpRequest, survey_round: SurveyRound) -> bool:
    """Count this submission attempt and say whether the round's limit for this source is exceeded."""
    return public.rate_limited(
        request, group="kisa.surveys.submit", scope=survey_round.pk, rate=settings.KISA_SURVEY_RATE_LIMIT
    )


def answered_rounds(request: HttpRequest) -> set[str]:
    try:
        value = request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_COOKIE_SALT)
    except BadSignature:
        return set()
    return {part for part in value.split(",") if part}


def device_has_answered(request: HttpRequest, survey_round: SurveyRound) -> bool:
    return not survey_round.allow_multiple_submissions and str(survey_round.pk) in answered_rounds(request)


def mark_device(request: HttpRequest, response: HttpResponse, survey_round: SurveyRound) -> None:
    rounds = answered_rounds(request) | {str(survey_round.pk)}
    response.set_signed_cookie(
        DEVICE_COOKIE,
        ",".join(sorted(rounds)),
        salt=DEVICE_COOKIE_SALT,
        max_age=DEVICE_COOKIE_AGE,
        secure=settings.CSRF_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
