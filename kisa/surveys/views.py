"""Staff pages: questionnaires, rounds, paper entry, results, free texts and findings.

Rounds and Kitas come from the selectors, so anything outside the user's scope (another office, a Kita
the user does not work with) answers 404; a role without the page's permission gets 403. Figures come
from `evaluation`, which applies small-number suppression before any page, export or API sees them.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kisa.accounts.models import Role
from kisa.accounts.selectors import membership_of
from kisa.core.permissions import requires
from kisa.core.suppression import small_number_threshold
from kisa.registry.models import Kita
from kisa.surveys import definition as definitions
from kisa.surveys import editor, evaluation, exports, forms, selectors, services
from kisa.surveys.models import ActorGroup, Answer, Response, SurveyRound


def _office(request: HttpRequest) -> Any:
    return membership_of(request.user).youth_office


def visible_round(request: HttpRequest, pk: int) -> SurveyRound:
    return get_object_or_404(selectors.round_list_visible_to(user=request.user), pk=pk)


def _check(request: HttpRequest, permission: str, obj: Any = None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _service_errors(form: Any, error: ValidationError) -> None:
    # The default must not be built eagerly: an error with a dict has no `error_list`.
    by_field = error.error_dict if hasattr(error, "error_dict") else {"__all__": error.error_list}
    for field, errors in by_field.items():
        form.add_error(field if field in form.fields else None, errors)


def _form_page(request: HttpRequest, form: Any, title: str, cancel_url: str, intro: str = "") -> HttpResponse:
    return render(
        request, "surveys/form.html", {"form": form, "title": title, "cancel_url": cancel_url, "intro": intro}
    )


# --- Questionnaires ------------------------------------------------------------------------------------


@requires("surveys.view_questionnaire")
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    questionnaires = (
        selectors.questionnaire_list_visible_to(user=request.user)
        .annotate(version_count=Count("versions"))
        .order_by("actor_group", "title")
    )
    languages = selectors.offered_languages(youth_office_id=_office(request).pk)
    return render(
        request,
        "surveys/questionnaire_list.html",
        {"questionnaires": questionnaires, "languages": languages, "templates": services.shipped_templates()},
    )


@require_POST
@requires("surveys.manage_questionnaire")
def questionnaire_install(request: HttpRequest) -> HttpResponse:
    created = services.questionnaire_templates_install(actor=request.user, youth_office=_office(request))
    messages.success(
        request, _("%(count)s questionnaires created from the templates.") % {"count": len(created)}
    )
    return redirect("surveys:questionnaire_list")


@requires("surveys.manage_questionnaire")
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    """The default way: title, actor group and a start (template or first question), then the editor."""
    form = forms.QuestionnaireStartForm(request.POST or None, templates=services.shipped_templates())
    if form.is_valid():
        data = form.cleaned_data
        try:
            definition = services.starter_definition(
                title=data["title"],
                template_key=data["template_key"],
                first_question=data["first_question"],
                first_type=data["first_type"],
            )
            questionnaire = services.questionnaire_create(
                actor=request.user,
                youth_office=_office(request),
                title=data["title"],
                actor_group=data["actor_group"],
                definition=definition,
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    intro = _("Expert mode: the whole content can also be entered as JSON.")
    return render(
        request,
        "surveys/questionnaire_start.html",
        {
            "form": form,
            "title": _("New questionnaire"),
            "cancel_url": reverse("surveys:questionnaire_list"),
            "expert_intro": intro,
        },
    )


@requires("surveys.manage_questionnaire")
def questionnaire_create_json(request: HttpRequest) -> HttpResponse:
    """Expert mode: the whole content as JSON."""
    form = forms.QuestionnaireForm(request.POST or None)
    if form.is_valid():
        try:
            questionnaire = services.questionnaire_create(
                actor=request.user, youth_office=_office(request), **form.cleaned_data
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    title = _("New questionnaire (expert mode, JSON)")
    return _form_page(request, form, title, reverse("surveys:questionnaire_create"))


def _visible_questionnaire(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(selectors.questionnaire_list_visible_to(user=request.user), pk=pk)


@requires("surveys.view_questionnaire")
def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _visible_questionnaire(request, pk)
    versions = list(questionnaire.versions.annotate(round_count=Count("rounds")).order_by("-number"))
    latest = versions[0]
    languages = selectors.offered_languages(youth_office_id=questionnaire.youth_office_id)
    missing = [
        (language, definitions.missing_translations(latest.definition, language.code))
        for language in languages
        if language.code != "de"
    ]
    return render(
        request,
        "surveys/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "versions": versions,
            "latest": latest,
            "sections": definitions.sections(latest.definition),
            "editor_sections": _editor_sections(latest.definition),
            "missing": missing,
        },
    )


@requires("surveys.manage_questionnaire")
def questionnaire_edit(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _visible_questionnaire(request, pk)
    latest = questionnaire.versions.order_by("-number").first()
    initial = {"definition": json.dumps(latest.definition, ensure_ascii=False, indent=2)}
    form = forms.QuestionnaireEditForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            version = services.questionnaire_revise(
                actor=request.user, questionnaire=questionnaire, definition=form.cleaned_data["definition"]
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
            return redirect("surveys:questionnaire_detail", pk=pk)
    intro = _("A version that a survey round uses is never changed: saving then creates a new version.")
    title = _("Edit %(object)s (expert mode, JSON)") % {"object": questionnaire}
    return _form_page(request, form, title, reverse("surveys:questionnaire_detail", args=[pk]), intro)


# --- Structured editor ---------------------------------------------------------------------------------


def _editor_sections(definition: Any) -> list[dict[str, Any]]:
    """The sections for the editor view: each question with its type label and its condition in words."""
    by_key = {q.key: q for q in definitions.questions(definition)}
    order = list(by_key) or [""]
    result = []
    for section in definitions.sections(definition):
        items = []
        for question in section.questions:
            condition = ""
            if question.show_if and question.show_if.get("question") in by_key:
                earlier = by_key[question.show_if["question"]]
                labels = {o.key: o.label for o in earlier.options}
                answers = ", ".join(labels.get(v, v) for v in question.show_if.get("in", []))
                condition = _("“%(question)s” answered with: %(answers)s") % {
                    "question": earlier.text,
                    "answers": answers,
                }
            items.append(
                {
                    "question": question,
                    "type_label": definitions.QUESTION_TYPES.get(question.type, question.type),
                    "condition": condition,
                    "first": question.key == order[0],
                    "last": question.key == order[-1],
                }
            )
        result.append({"section": section, "items": items})
    return result


def _editor_page(
    request: HttpRequest, questionnaire: Any, form: Any, title: str, *, delete: bool = False
) -> HttpResponse:
    return render(
        request,
        "surveys/editor_form.html",
        {
            "form": form,
            "title": title,
            "questionnaire": questionnaire,
            "delete": delete,
            "intro": _(
                "A version that a survey round uses is never changed: saving then creates a new version."
            ),
            "cancel_url": reverse("surveys:questionnaire_detail", args=[questionnaire.pk]),
        },
    )


def _saved(request: HttpRequest, questionnaire: Any, version: Any) -> HttpResponse:
    messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
    return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)


def _latest(questionnaire: Any) -> dict[str, Any]:
    return dict(questionnaire.versions.order_by("-number").first().definition)


@requires("surveys.manage_questionnaire")
def section_edit(request: HttpRequest, pk: int, section_key: str = "") -> HttpResponse:
    questionnaire = _visible_questionnaire(request, pk)
    initial = {}
    if section_key:
        section = _or_404(lambda: editor.find_section(_latest(questionnaire), section_key))
        initial = {"title": definitions.text_in(section.get("title"), "de")}
    form = forms.SectionForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            version = services.questionnaire_section_save(
                actor=request.user, questionnaire=questionnaire, section_key=section_key, **form.cleaned_data
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            return _saved(request, questionnaire, version)
    title = _("Edit section") if section_key else _("Add a section")
    return _editor_page(request, questionnaire, form, title)


def _or_404(find: Any) -> Any:
    try:
        return find()
    except ValidationError as error:
        raise Http404 from error


@requires("surveys.manage_questionnaire")
def question_edit(
    request: HttpRequest, pk: int, section_key: str = "", question_key: str = ""
) -> HttpResponse:
    questionnaire = _visible_questionnaire(request, pk)
    definition = _latest(questionnaire)
    keys = editor.question_keys(definition)
    all_questions = definitions.questions(definition)
    initial: dict[str, Any] = {}
    condition = None
    if question_key:
        _section, raw = _or_404(lambda: editor.find_question(definition, question_key))
        earlier = all_questions[: keys.index(question_key)]
        condition = raw.get("show_if") or None
        initial = {
            "text": definitions.text_in(raw.get("text"), "de"),
            "type": raw.get("type"),
            "required": bool(raw.get("required")),
            "help": definitions.text_in(raw.get("help"), "de"),
            "options": editor.options_as_lines(raw),
            "minimum": raw.get("min"),
            "maximum": raw.get("max"),
            "show_if": forms.QuestionEditorForm.show_if_value(condition),
        }
    else:
        section = _or_404(lambda: editor.find_section(definition, section_key))
        last = [q["key"] for q in section.get("questions", [])]
        position = keys.index(last[-1]) + 1 if last else _position_after(definition, section_key)
        earlier = all_questions[:position]
    form = forms.QuestionEditorForm(request.POST or None, initial=initial, earlier=earlier, current=condition)
    if form.is_valid():
        try:
            version = services.questionnaire_question_save(
                actor=request.user,
                questionnaire=questionnaire,
                section_key=section_key,
                question_key=question_key,
                **form.service_fields(),
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            return _saved(request, questionnaire, version)
    title = _("Edit question") if question_key else _("Add a question")
    return _editor_page(request, questionnaire, form, title)


def _position_after(definition: Any, section_key: str) -> int:
    """How many questions come before the end of an (empty) section."""
    count = 0
    for section in definition.get("sections", []):
        count += len(section.get("questions", []))
        if section.get("key") == section_key:
            break
    return count


@requires("surveys.manage_questionnaire")
def editor_delete(
    request: HttpRequest, pk: int, section_key: str = "", question_key: str = ""
) -> HttpResponse:
    """Confirm, then delete a section (with its questions) or a question."""
    questionnaire = _visible_questionnaire(request, pk)
    definition = _latest(questionnaire)
    if question_key:
        _section, raw = _or_404(lambda: editor.find_question(definition, question_key))
        title = _("Delete the question “%(text)s”?") % {"text": definitions.text_in(raw.get("text"), "de")}
    else:
        raw = _or_404(lambda: editor.find_section(definition, section_key))
        title = _("Delete the section “%(title)s” with its questions?") % {
            "title": definitions.text_in(raw.get("title"), "de")
        }
    form = forms.ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            if question_key:
                version = services.questionnaire_question_delete(
                    actor=request.user, questionnaire=questionnaire, question_key=question_key
                )
            else:
                version = services.questionnaire_section_delete(
                    actor=request.user, questionnaire=questionnaire, section_key=section_key
                )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            return _saved(request, questionnaire, version)
    return _editor_page(request, questionnaire, form, title, delete=True)


@require_POST
@requires("surveys.manage_questionnaire")
def editor_move(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _visible_questionnaire(request, pk)
    try:
        version = services.questionnaire_move(
            actor=request.user,
            questionnaire=questionnaire,
            section_key=request.POST.get("section", ""),
            question_key=request.POST.get("question", ""),
            direction=request.POST.get("direction", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("surveys:questionnaire_detail", pk=pk)
    return _saved(request, questionnaire, version)


@requires("surveys.manage_questionnaire")
def questionnaire_translate(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    questionnaire = _visible_questionnaire(request, pk)
    offered = {
        lang.code: lang for lang in selectors.offered_languages(youth_office_id=questionnaire.youth_office_id)
    }
    if language not in offered or language == "de":
        raise Http404
    latest = questionnaire.versions.order_by("-number").first()
    form = forms.TranslationForm(
        request.POST or None, texts=definitions.translatable_texts(latest.definition, language)
    )
    if form.is_valid():
        try:
            services.questionnaire_translate(
                actor=request.user, questionnaire=questionnaire, language=language, texts=form.texts()
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Translation saved."))
            return redirect("surveys:questionnaire_detail", pk=pk)
    title = _("Translate %(object)s: %(language)s") % {
        "object": questionnaire,
        "language": offered[language].native_name,
    }
    intro = _("Each field is labelled with the German text. Leave a field empty to show the German text.")
    return _form_page(request, form, title, reverse("surveys:questionnaire_detail", args=[pk]), intro)


@requires("surveys.manage_questionnaire")
def language_create(request: HttpRequest) -> HttpResponse:
    form = forms.LanguageForm(request.POST or None)
    if form.is_valid():
        try:
            services.survey_language_create(
                actor=request.user, youth_office=_office(request), **form.cleaned_data
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Language added."))
            return redirect("surveys:questionnaire_list")
    return _form_page(request, form, _("Add a language"), reverse("surveys:questionnaire_list"))


# --- Rounds --------------------------------------------------------------------------------------------


@requires("surveys.view_round")
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = selectors.round_list_visible_to(user=request.user).annotate(
        response_count=Count("responses", distinct=True)
    )
    return render(request, "surveys/round_list.html", {"rounds": rounds})


@requires("surveys.create_round")
def round_create(request: HttpRequest) -> HttpResponse:
    coordinator = membership_of(request.user).role == Role.COORDINATOR
    form = forms.RoundForm(request.POST or None, user=request.user, coordinator=coordinator)
    if form.is_valid():
        try:
            survey_round = services.round_create(
                actor=request.user, youth_office=_office(request), **form.cleaned_data
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            return redirect("surveys:round_detail", pk=survey_round.pk)
    return _form_page(request, form, _("New survey round"), reverse("surveys:round_list"))


@requires("surveys.create_round")
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a round; its Kitas and questionnaires only while it is in preparation."""
    survey_round = visible_round(request, pk)
    _check(request, "surveys.manage_round", survey_round)
    coordinator = membership_of(request.user).role == Role.COORDINATOR
    initial = {
        "name": survey_round.name,
        "starts_on": survey_round.starts_on,
        "ends_on": survey_round.ends_on,
        "allow_multiple_submissions": survey_round.allow_multiple_submissions,
        "kitas": list(survey_round.kitas.all()),
        "social_areas": list(survey_round.social_areas.all()),
        "questionnaires": [v.questionnaire for v in survey_round.versions.select_related("questionnaire")],
    }
    form = forms.RoundForm(request.POST or None, initial=initial, user=request.user, coordinator=coordinator)
    draft = survey_round.status == SurveyRound.Status.DRAFT
    if not draft:
        for name in ("kitas", "social_areas", "questionnaires"):
            form.fields.pop(name, None)
    if form.is_valid():
        try:
            services.round_update(actor=request.user, survey_round=survey_round, **form.cleaned_data)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Saved: %(object)s.") % {"object": survey_round})
            return redirect("surveys:round_detail", pk=pk)
    intro = "" if draft else _("The round has started: its Kitas and questionnaires stay as they are.")
    title = _("Edit %(object)s") % {"object": survey_round}
    return _form_page(request, form, title, reverse("surveys:round_detail", args=[pk]), intro)


@requires("surveys.view_round")
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = visible_round(request, pk)
    runs = request.user.has_perm("surveys.enter_paper", survey_round)
    paper_kitas = set(
        selectors.paper_kitas_for(user=request.user, survey_round=survey_round).values_list("pk", flat=True)
    )
    links = [
        {
            "kita": kita,
            "url": request.build_absolute_uri(
                reverse("surveys:start", args=[survey_round.public_key, kita.pk])
            ),
            "runs": kita.pk in paper_kitas,
        }
        for kita in selectors.result_kitas_for(user=request.user, survey_round=survey_round).order_by("name")
    ]
    return render(
        request,
        "surveys/round_detail.html",
        {
            "survey_round": survey_round,
            "groups": [(g, ActorGroup(g).label, v) for g, v in selectors.round_groups(survey_round)],
            "links": links,
            "runs": runs,
            "can_manage": request.user.has_perm("surveys.manage_round", survey_round),
            "rates": selectors.response_rates(user=request.user, survey_round=survey_round),
            "languages": selectors.offered_languages(youth_office_id=survey_round.youth_office_id),
            "statuses": SurveyRound.Status,
            "threshold": small_number_threshold(),
        },
    )


@require_POST
@requires("surveys.create_round")
def round_status(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = visible_round(request, pk)
    _check(request, "surveys.manage_round", survey_round)
    try:
        services.round_set_status(
            actor=request.user, survey_round=survey_round, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("surveys:round_detail", pk=pk)


def run_kita(request: HttpRequest, survey_round: SurveyRound, kita_id: int) -> Kita:
    """A Kita of the round the user runs the survey at (coordinator: all; worker: own)."""
    _check(request, "surveys.enter_paper", survey_round)
    return get_object_or_404(
        selectors.paper_kitas_for(user=request.user, survey_round=survey_round), pk=kita_id
    )


@requires("surveys.enter_paper")
def paper_entry(request: HttpRequest, pk: int, kita_id: int, group: str) -> HttpResponse:
    """A worker types in a paper form (or a child's interview); the response is flagged as paper."""
    survey_round = visible_round(request, pk)
    kita = run_kita(request, survey_round, kita_id)
    version = dict(selectors.round_groups(survey_round)).get(group)
    if version is None:
        raise Http404
    offered = selectors.offered_languages(youth_office_id=survey_round.youth_office_id)
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    language = request.POST.get("language", "de")
    if request.method == "POST":
        answers = forms.answers_from(request.POST, version.definition)
        try:
            services.response_submit(
                survey_round=survey_round,
                kita_id=kita.pk,
                actor_group=group,
                language=language,
                answers=answers,
                channel=Response.Channel.PAPER,
                version_number=version.number,
                actor=request.user,
            )
        except ValidationError as error:
            errors = {key: " ".join(msgs) for key, msgs in error.message_dict.items()}
        else:
            messages.success(request, _("Paper form saved. You can enter the next one."))
            return redirect("surveys:paper_entry", pk=pk, kita_id=kita.pk, group=group)
    context = {
        "survey_round": survey_round,
        "kita": kita,
        "group": ActorGroup(group).label,
        "version": version,
        "languages": offered,
        "language": language,
        "sections": forms.form_sections(version.definition, "de", answers, errors),
        "general_errors": forms.general_errors(errors, version.definition),
        "has_errors": bool(errors),
    }
    return render(request, "surveys/paper_entry.html", context)


# --- Results -------------------------------------------------------------------------------------------


def _result_filters(
    request: HttpRequest, survey_round: SurveyRound
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """The chosen actor group and filters (only values that exist for the user), and the choices."""
    groups = [g for g, _v in selectors.round_groups(survey_round)]
    if not groups:
        raise Http404
    default = ActorGroup.PARENTS if ActorGroup.PARENTS in groups else groups[0]
    group = request.GET.get("group") if request.GET.get("group") in groups else default
    kitas = selectors.result_kitas_for(user=request.user, survey_round=survey_round).order_by("name")
    areas = {k.social_area for k in kitas if k.social_area}
    languages = selectors.offered_languages(youth_office_id=survey_round.youth_office_id)
    filters: dict[str, Any] = {}
    kita_ids = {str(k.pk) for k in kitas}
    if request.GET.get("kita") in kita_ids:
        filters["kita"] = int(request.GET["kita"])
    if request.GET.get("social_area") in {str(a.pk) for a in areas}:
        filters["social_area"] = int(request.GET["social_area"])
    if request.GET.get("language") in {lang.code for lang in languages}:
        filters["language"] = request.GET["language"]
    choices = {
        "groups": [(g, ActorGroup(g).label) for g in groups],
        "kitas": kitas,
        "social_areas": sorted(areas, key=lambda a: a.name),
        "languages": languages,
    }
    return group, filters, choices


@requires("surveys.view_results")
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = visible_round(request, pk)
    group, filters, choices = _result_filters(request, survey_round)
    figures = evaluation.results_for(
        user=request.user, survey_round=survey_round, actor_group=group, filters=filters
    )
    return render(
        request,
        "surveys/results.html",
        {
            "survey_round": survey_round,
            "results": figures,
            "group": group,
            "filters": filters,
            "choices": choices,
            "query": request.GET.urlencode(),
            "sees_free_text": request.user.has_perm("surveys.view_free_text", survey_round),
        },
    )


@requires("surveys.view_results")
def results_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    survey_round = visible_round(request, pk)
    group, filters, _choices = _result_filters(request, survey_round)
    figures = evaluation.results_for(
        user=request.user, survey_round=survey_round, actor_group=group, filters=filters
    )
    assert figures is not None
    if fmt == "csv":
        return exports.csv_response(figures)
    return exports.xlsx_response(figures)


@requires("surveys.view_results")
def breakdown(request: HttpRequest, pk: int) -> HttpResponse:
    """One question compared across Kitas, social areas or languages."""
    survey_round = visible_round(request, pk)
    group, _filters, choices = _result_filters(request, survey_round)
    by = request.GET.get("by") if request.GET.get("by") in ("kita", "social_area", "language") else "kita"
    question, rows = evaluation.breakdown(
        user=request.user,
        survey_round=survey_round,
        actor_group=group,
        question_key=request.GET.get("question", ""),
        by=by,
    )
    if question is None:
        raise Http404
    return render(
        request,
        "surveys/breakdown.html",
        {
            "survey_round": survey_round,
            "question": question,
            "rows": rows,
            "by": by,
            "group": group,
            "choices": choices,
        },
    )


# --- Free texts, tags, findings ------------------------------------------------------------------------


@requires("surveys.tag")
def free_text(request: HttpRequest, pk: int) -> HttpResponse:
    """Free-text answers of one Kita (the worker's or, for the coordinator, any), never below the threshold."""
    survey_round = visible_round(request, pk)
    _check(request, "surveys.view_free_text", survey_round)
    kitas = selectors.free_text_kitas_for(user=request.user, survey_round=survey_round).order_by("name")
    kita = (
        get_object_or_404(kitas, pk=request.GET.get("kita") or 0)
        if request.GET.get("kita")
        else kitas.first()
    )
    groups = selectors.round_groups(survey_round)
    blocks = []
    for group, version in groups:
        text_questions = [q for q in definitions.questions(version.definition) if q.is_text]
        if not text_questions or kita is None:
            continue
        responses = Response.objects.filter(round=survey_round, kita=kita, actor_group=group)
        answers = evaluation.free_texts(responses=responses, question_keys=[q.key for q in text_questions])
        blocks.append(
            {
                "group": ActorGroup(group).label,
                "questions": {q.key: q.text for q in text_questions},
                "answers": answers,
            }
        )
    return render(
        request,
        "surveys/free_text.html",
        {
            "survey_round": survey_round,
            "kita": kita,
            "kitas": kitas,
            "blocks": blocks,
            "tag_form": forms.TagForm(),
            "finding_form": forms.FindingForm(kitas=kitas, initial={"kita": kita}),
        },
    )


@require_POST
@requires("surveys.tag")
def answer_tag(request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
    survey_round = visible_round(request, pk)
    _check(request, "surveys.view_free_text", survey_round)
    kitas = selectors.free_text_kitas_for(user=request.user, survey_round=survey_round)
    answer = get_object_or_404(
        Answer.objects.select_related("response"),
        pk=answer_id,
        response__round=survey_round,
        response__kita__in=kitas,
    )
    group = Response.objects.filter(
        round=survey_round, kita=answer.response.kita_id, actor_group=answer.response.actor_group
    )
    if evaluation.free_texts(responses=group, question_keys=[answer.question]) is None:
        raise Http404
    form = forms.TagForm(request.POST)
    if form.is_valid():
        try:
            services.answer_tag(actor=request.user, answer=answer, **form.cleaned_data)
            messages.success(request, _("Tag saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(
        f"{reverse('surveys:free_text', args=[pk])}?kita={answer.response.kita_id}#answer-{answer.pk}"
    )


@require_POST
@requires("surveys.tag")
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = visible_round(request, pk)
    _check(request, "surveys.view_free_text", survey_round)
    kitas = selectors.free_text_kitas_for(user=request.user, survey_round=survey_round)
    form = forms.FindingForm(request.POST, kitas=kitas)
    if form.is_valid():
        try:
            services.finding_create(actor=request.user, survey_round=survey_round, **form.cleaned_data)
            messages.success(request, _("Finding saved for planning."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('surveys:free_text', args=[pk])}?kita={form.cleaned_data['kita'].pk}")
    messages.error(request, _("Please fill in the kind and the text of the finding."))
    return redirect("surveys:free_text", pk=pk)


@requires("surveys.view_finding")
def finding_list(request: HttpRequest) -> HttpResponse:
    findings = selectors.finding_list_visible_to(user=request.user)
    return render(request, "surveys/finding_list.html", {"findings": findings})
