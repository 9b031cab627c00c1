"""The public pages: a Kita's feedback form, the receipt, and the answer lookup by receipt code.

No login, no tracking: no cookie is set (the forms are CSRF-exempt: they carry no session or account a
forged request could abuse), no address is stored. The client address is used only inside the cache, as
part of the rate-limit key, and forgotten when the window ends. Every page renders in the sender's
language (`?lang=`, else the browser's) and keeps the sender's text on any refusal.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from kisa.core.languages import DEFAULT_PUBLIC_LANGUAGES, public_language
from kisa.core.permissions import public
from kisa.core.public import chosen_language, honeypot_filled, rate_limited, render_public
from kisa.participation import selectors, services
from kisa.participation.forms import FeedbackForm, ReceiptLookupForm


def feedback_flooded(request: HttpRequest, kita_id: int) -> bool:
    """Count this submission; True once one source sent more than the limit to one Kita in the window."""
    return rate_limited(
        request, group="participation.feedback", scope=kita_id, rate=settings.KISA_FEEDBACK_RATE
    )


def lookup_flooded(request: HttpRequest) -> bool:
    """Receipt-code guessing: one source may try only so many codes per window."""
    return rate_limited(
        request, group="participation.lookup", scope="lookup", rate=settings.KISA_RECEIPT_LOOKUP_RATE
    )


def _render(
    request: HttpRequest, template: str, code: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    language = public_language(code) or DEFAULT_PUBLIC_LANGUAGES[0]
    return render_public(request, template, language=language, context=context, status=status)


@public
@csrf_exempt
@never_cache
def feedback_page(request: HttpRequest, kita_id: int) -> HttpResponse:
    """The Kita's feedback form (the link behind its QR code); on success the receipt with the code."""
    kita = selectors.public_kita(kita_id=kita_id)
    if kita is None:
        raise Http404
    code = chosen_language(request).code
    with translation.override(code):
        context: dict[str, Any] = {"kita": kita}
        if request.method != "POST":
            return _render(
                request, "participation/public_feedback.html", code, {**context, "form": FeedbackForm()}
            )
        form = FeedbackForm(request.POST)
        context["form"] = form
        if honeypot_filled(request):
            context["refused"] = translation.gettext("Your message could not be sent. Please try again.")
            return _render(request, "participation/public_feedback.html", code, context, status=400)
        if feedback_flooded(request, kita.pk):
            context["refused"] = translation.gettext(
                "Too many messages were sent from here in a short time. Please try again later."
            )
            return _render(request, "participation/public_feedback.html", code, context, status=429)
        if not form.is_valid():
            return _render(request, "participation/public_feedback.html", code, context)
        try:
            item, receipt_code = services.feedback_submit(
                kita=kita,
                kind=form.cleaned_data["kind"],
                topic=form.cleaned_data["topic"],
                message=form.cleaned_data["message"],
                contact=form.cleaned_data["contact"],
                wants_social_worker=form.cleaned_data["wants_social_worker"],
                language=code,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return _render(request, "participation/public_feedback.html", code, context)
        return _render(
            request,
            "participation/public_receipt.html",
            code,
            {"kita": kita, "item": item, "receipt_code": receipt_code},
        )


@public
@csrf_exempt
@never_cache
def receipt_lookup(request: HttpRequest) -> HttpResponse:
    """An anonymous sender enters the receipt code and reads the status and the published answer.

    POST, so the code never lands in a URL, a browser history or a server log.
    """
    code = chosen_language(request).code
    with translation.override(code):
        if request.method != "POST":
            return _render(request, "participation/public_lookup.html", code, {"form": ReceiptLookupForm()})
        form = ReceiptLookupForm(request.POST)
        context: dict[str, Any] = {"form": form}
        if lookup_flooded(request):
            context["refused"] = translation.gettext("Too many attempts from here. Please try again later.")
            return _render(request, "participation/public_lookup.html", code, context, status=429)
        if form.is_valid():
            item = services.feedback_for_receipt_code(code=form.cleaned_data["code"])
            if item is None:
                form.add_error("code", translation.gettext("No message was found for this receipt code."))
            else:
                context["item"] = item
        return _render(request, "participation/public_lookup.html", code, context)
