"""Handling pages: the inbox, an item with its actions, children's voice, the aggregated view, the yearly
summary, posters and the office's settings.

Rows come from the selectors, so another office's items (or a Kita the user does not handle) answer 404;
a role without the page's permission gets 403. Writes go through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from kisa.accounts.selectors import membership_of
from kisa.core.languages import DEFAULT_PUBLIC_LANGUAGES, PUBLIC_LANGUAGE_CODES
from kisa.core.permissions import PermissionMixin, requires
from kisa.core.public import qr_svg
from kisa.core.suppression import small_number_threshold
from kisa.participation import forms, posters, selectors, services
from kisa.participation.models import FeedbackItem


def _add_errors(form: Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year


# --- Inbox and item ------------------------------------------------------------------------------------------


class InboxView(PermissionMixin, ListView):
    """The Kita's inbox: child-protection items first, then open items by due date."""

    permission_required = "participation.view_inbox"
    template_name = "participation/feedback_list.html"
    context_object_name = "items"
    paginate_by = 25

    def get_queryset(self) -> Any:
        return selectors.feedback_list_filtered(user=self.request.user, filters=self.request.GET.dict())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kitas = selectors.inbox_kitas_of(self.request.user)
        return super().get_context_data(
            filter_form=forms.FeedbackFilterForm(initial=self.request.GET.dict(), kitas=kitas),
            today=timezone.localdate(),
            **kwargs,
        )


def _item_for(request: HttpRequest, pk: int, permission: str) -> FeedbackItem:
    item = get_object_or_404(selectors.feedback_list_visible_to(user=request.user), pk=pk)
    if not request.user.has_perm(permission, item):
        raise PermissionDenied
    return item


def _detail(request: HttpRequest, item: FeedbackItem, status: int = 200, **forms_: Form) -> HttpResponse:
    office_settings = selectors.settings_for(youth_office=item.youth_office)
    context = {
        "item": item,
        "notes": list(item.notes.select_related("author")),
        "procedure": office_settings.procedure_text if item.child_protection else "",
        "status_form": forms_.get("status_form") or forms.StatusForm(),
        "answer_form": forms_.get("answer_form")
        or forms.AnswerForm(
            initial={"answer_text": item.answer_text, "answer_channel": item.answer_channel or "published"}
        ),
        "note_form": forms_.get("note_form") or forms.NoteForm(),
    }
    return render(request, "participation/feedback_detail.html", context, status=status)


@requires("participation.view_inbox")
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _item_for(request, pk, "participation.view_feedback"))


def _action(
    request: HttpRequest, pk: int, permission: str, form_class: type[Form], form_name: str, act: Any
) -> HttpResponse:
    item = _item_for(request, pk, permission)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(item, form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("participation:feedback_detail", pk=item.pk)
    item.refresh_from_db()
    return _detail(request, item, status=422, **{form_name: form})


@require_POST
@requires("participation.view_inbox")
def feedback_status(request: HttpRequest, pk: int) -> HttpResponse:
    def act(item: FeedbackItem, data: dict[str, Any]) -> None:
        services.feedback_status_change(actor=request.user, item=item, status=data["status"])

    return _action(request, pk, "participation.handle_feedback", forms.StatusForm, "status_form", act)


@require_POST
@requires("participation.view_inbox")
def feedback_answer(request: HttpRequest, pk: int) -> HttpResponse:
    def act(item: FeedbackItem, data: dict[str, Any]) -> None:
        services.feedback_answer(
            actor=request.user, item=item, answer_text=data["answer_text"], channel=data["answer_channel"]
        )

    return _action(request, pk, "participation.handle_feedback", forms.AnswerForm, "answer_form", act)


@require_POST
@requires("participation.view_inbox")
def feedback_note(request: HttpRequest, pk: int) -> HttpResponse:
    def act(item: FeedbackItem, data: dict[str, Any]) -> None:
        if request.POST.get("close_child_protection") and item.child_protection:
            services.feedback_child_protection_close(actor=request.user, item=item, note=data["text"])
        else:
            services.feedback_note_add(actor=request.user, item=item, text=data["text"])

    return _action(request, pk, "participation.add_note", forms.NoteForm, "note_form", act)


@require_POST
@requires("participation.view_inbox")
def feedback_flag(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk, "participation.handle_feedback")
    try:
        services.feedback_flag_child_protection(actor=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.warning(request, _("Flagged as touching child protection: follow the procedure shown."))
    return redirect("participation:feedback_detail", pk=item.pk)


# --- Children's voice -------------------------------------------------------------------------------------


class ChildVoiceListView(PermissionMixin, ListView):
    permission_required = "participation.view_child_voice"
    template_name = "participation/childvoice_list.html"
    context_object_name = "entries"
    paginate_by = 25

    def get_queryset(self) -> Any:
        return selectors.child_voice_list_visible_to(user=self.request.user)


@requires("participation.record_child_voice")
def child_voice_create(request: HttpRequest) -> HttpResponse:
    kitas = selectors.handled_kitas_of(request.user)
    form = forms.ChildVoiceForm(request.POST or None, kitas=kitas)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.child_voice_record(actor=request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Children's voice recorded."))
            return redirect("participation:childvoice_list")
    return render(
        request,
        "participation/object_form.html",
        {
            "form": form,
            "title": _("Record children's voice"),
            "cancel_url": reverse("participation:childvoice_list"),
        },
    )


# --- Aggregates, summary --------------------------------------------------------------------------------


@requires("participation.view_aggregates")
def aggregates(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    figures = selectors.feedback_aggregates_for(user=request.user, year=year)
    context = {"figures": figures, "year": year, "threshold": small_number_threshold()}
    return render(request, "participation/aggregates.html", context)


@requires("participation.view_inbox")
def summary_index(request: HttpRequest) -> HttpResponse:
    """Kitas whose summary and posters the user can open (handlers)."""
    return render(
        request, "participation/kita_index.html", {"kitas": selectors.handled_kitas_of(request.user)}
    )


def _kita_for(request: HttpRequest, pk: int, visible: Any, permission: str) -> Any:
    kita = get_object_or_404(visible(request.user), pk=pk)
    if not request.user.has_perm(permission, kita):
        raise PermissionDenied
    return kita


@requires("participation.view_summary")
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The Kita's yearly participation summary; aggregate-only roles get small groups suppressed."""
    kita = _kita_for(request, pk, selectors.summary_kitas_of, "participation.view_summary")
    year = _year(request)
    result = selectors.participation_summary_visible_to(user=request.user, kita_id=kita.pk, year=year)
    context = {"summary": result, "year": year, "threshold": small_number_threshold()}
    return render(request, "participation/summary.html", context)


# --- Posters ----------------------------------------------------------------------------------------------


def _public_url(request: HttpRequest, kita: Any, language: str) -> str:
    path = reverse("participation:feedback_page", args=[kita.pk])
    return request.build_absolute_uri(f"{path}?lang={language}")


def _language(request: HttpRequest) -> str:
    code = request.GET.get("lang", "de")
    return code if code in PUBLIC_LANGUAGE_CODES else "de"


@requires("participation.view_poster")
def poster_page(request: HttpRequest, pk: int) -> HttpResponse:
    kita = _kita_for(request, pk, selectors.poster_kitas_of, "participation.view_poster")
    links = [(language, _public_url(request, kita, language.code)) for language in DEFAULT_PUBLIC_LANGUAGES]
    return render(request, "participation/poster.html", {"kita": kita, "links": links})


@requires("participation.view_poster")
def poster_qr(request: HttpRequest, pk: int) -> HttpResponse:
    kita = _kita_for(request, pk, selectors.poster_kitas_of, "participation.view_poster")
    svg = qr_svg(_public_url(request, kita, _language(request)), title=kita.name)
    return HttpResponse(svg, content_type="image/svg+xml")


@requires("participation.view_poster")
def poster_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    kita = _kita_for(request, pk, selectors.poster_kitas_of, "participation.view_poster")
    language = _language(request)
    pdf = posters.poster_pdf(kita=kita, url=_public_url(request, kita, language), language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="aushang-{kita.number}-{language}.pdf"'
    return response


# --- Settings -------------------------------------------------------------------------------------------


@requires("participation.manage_settings")
def settings_edit(request: HttpRequest) -> HttpResponse:
    office = membership_of(request.user).youth_office  # type: ignore[union-attr]
    current = selectors.settings_for(youth_office=office)
    initial = {"due_days": current.due_days, "child_protection_procedure": current.procedure_text}
    form = forms.SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_settings_update(
                actor=request.user, youth_office=office, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("participation:settings")
    return render(
        request,
        "participation/object_form.html",
        {"form": form, "title": _("Feedback settings"), "cancel_url": reverse("core:home")},
    )
