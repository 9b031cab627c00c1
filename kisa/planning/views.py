"""Planning pages: the plan index, a Kita's yearly plan with its phases, goals, projects and review, the
forms that write them, the goal catalogue, the five principles and the plan as PDF.

Kitas come from the planning scopes (selectors), so another office's Kita answers 404; a role without the
page's permission gets 403. Writes go through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm, Form
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kisa.accounts.selectors import membership_of
from kisa.core.permissions import requires
from kisa.directory.models import Service
from kisa.documentation.models import Activity
from kisa.planning import defaults, forms, pdf, selectors, services
from kisa.planning.costs import with_booked_costs
from kisa.planning.models import CatalogueGoal, Goal, Plan, Project
from kisa.registry.models import Kita, StaffMember
from kisa.registry.selectors import provider_list_visible_to
from kisa.surveys.selectors import finding_list_visible_to, kita_findings


def _add_errors(form: BaseForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        if field == "catalogue_goals":
            field = "catalogue_rough"
        form.add_error(field if field in form.fields else None, errors)


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


def _kita(request: HttpRequest, kita_id: int, *, edit: bool = False) -> Kita:
    """The Kita if the user may read (or, with `edit`, write) its plans: 404 if unseen, 403 if read-only."""
    kita = get_object_or_404(selectors.plan_kitas_visible_to(user=request.user), pk=kita_id)
    if not request.user.has_perm("planning.edit_plan" if edit else "planning.view_plan", kita):
        raise PermissionDenied
    return kita


def _plan(request: HttpRequest, kita_id: int, year: int, *, edit: bool = False) -> Plan:
    kita = _kita(request, kita_id, edit=edit)
    return get_object_or_404(Plan.objects.select_related("kita"), kita=kita, year=year)


def _plan_url(plan: Plan) -> str:
    return reverse("planning:plan_detail", args=[plan.kita_id, plan.year])


def _findings(request: HttpRequest, plan_or_kita: Any, year: int) -> Any:
    kita_id = plan_or_kita.kita_id if isinstance(plan_or_kita, Plan) else plan_or_kita.pk
    return kita_findings(user=request.user, kita_id=kita_id).filter(
        round__starts_on__year__in=selectors.finding_years(year)
    )


def _staff(plan: Plan) -> Any:
    return (
        StaffMember.objects.filter(youth_office_id=plan.youth_office_id)
        .active()
        .order_by("last_name", "first_name")
    )


def _form_page(
    request: HttpRequest, form: BaseForm, title: str, cancel_url: str, **extra: Any
) -> HttpResponse:
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "title": title, "cancel_url": cancel_url, **extra}
    return render(request, "planning/form.html", context, status=status)


# --- Index and plan ------------------------------------------------------------------------------------------


@requires("planning.view_plan")
def plan_index(request: HttpRequest) -> HttpResponse:
    """The Kitas whose plans the user sees, with the chosen year's plan and where it stands."""
    year = _year(request)
    today = timezone.localdate()
    kitas = selectors.plan_kitas_visible_to(user=request.user).order_by("name")
    editable = set(selectors.plan_kitas_editable_by(user=request.user).values_list("pk", flat=True))
    rows = selectors.plan_statuses(kitas=kitas, year=year, today=today)
    context = {
        "rows": rows,
        "editable": editable,
        "year": year,
        "years": range(today.year - 3, today.year + 2),
    }
    return render(request, "planning/plan_index.html", context)


@requires("planning.view_plan")
def plan_detail(request: HttpRequest, kita_id: int, year: int) -> HttpResponse:
    kita = _kita(request, kita_id)
    plan = Plan.objects.filter(kita=kita, year=year).first()
    can_edit = request.user.has_perm("planning.edit_plan", kita)
    if plan is None:
        return render(
            request, "planning/plan_missing.html", {"kita": kita, "year": year, "can_edit": can_edit}
        )
    return _plan_page(request, plan, can_edit=can_edit)


def plan_context(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    """What the plan page and the PDF show."""
    today = timezone.localdate()
    phases = selectors.plan_phases(plan=plan, today=today)
    goals = list(
        plan.goals.prefetch_related("findings", "catalogue_goals", "responsible", "projects").select_related(
            "carried_from__plan"
        )
    )
    findings = list(_findings(request, plan, plan.year).select_related("round"))
    visible = {finding.pk for finding in findings}
    for goal in goals:
        goal.documented = selectors.documented_value(goal=goal)  # type: ignore[attr-defined]
        # Findings are shown only to those who may read them (surveys' scope): not to provider or read_only.
        goal.visible_findings = [f for f in goal.findings.all() if f.pk in visible]  # type: ignore[attr-defined]
    projects = list(
        with_booked_costs(selectors.with_effort(plan.projects.all()))
        .select_related("responsible")
        .prefetch_related("goals", "partner_providers", "partner_services")
    )
    activities = (
        Activity.objects.filter(project__in=projects)
        .select_related("activity_type")
        .prefetch_related("kitas")
        .order_by("date", "id")
    )
    by_project: dict[int, list[Activity]] = {}
    for activity in activities:
        by_project.setdefault(activity.project_id, []).append(activity)  # type: ignore[arg-type]
    for project in projects:
        project.linked_activities = by_project.get(project.pk, [])  # type: ignore[attr-defined]
        project.actual_hours = round(project.actual_minutes / 60, 1)  # type: ignore[attr-defined]
    return {
        "plan": plan,
        "kita": plan.kita,
        "phases": phases,
        "current_phase": selectors.current_phase(phases),
        "findings_needs": [f for f in findings if f.kind == "need"],
        "findings_resources": [f for f in findings if f.kind == "resource"],
        "finding_years": selectors.finding_years(plan.year),
        "sees_findings": not finding_list_visible_to(user=request.user).query.is_empty(),
        "goals": goals,
        "projects": projects,
        "open_goals": [goal for goal in goals if goal.status == Goal.Status.OPEN],
        "period_ended": plan.period_has_ended(today),
    }


def _plan_page(
    request: HttpRequest, plan: Plan, *, can_edit: bool, status: int = 200, **forms_: Form
) -> HttpResponse:
    context = plan_context(request, plan)
    context["can_edit"] = can_edit
    context["evaluation_form"] = forms_.get("evaluation_form") or forms.EvaluationForm(
        initial={"evaluation": plan.evaluation}
    )
    context["review_form"] = forms_.get("review_form") or forms.CompleteReviewForm(
        initial={"review_summary": plan.review_summary}
    )
    return render(request, "planning/plan_detail.html", context, status=status)


@requires("planning.edit_plan")
def plan_create(request: HttpRequest, kita_id: int, year: int) -> HttpResponse:
    """Start a Kita's plan for a year, choosing which unfinished goals of the previous year come along."""
    kita = _kita(request, kita_id, edit=True)
    if not 2000 <= year <= 2100:
        raise Http404
    if Plan.objects.filter(kita=kita, year=year).exists():
        return redirect("planning:plan_detail", kita_id=kita.pk, year=year)
    candidates = services.carry_over_candidates(kita=kita, year=year)
    form = forms.CarryOverForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                actor=request.user,
                kita=kita,
                year=year,
                carry_over_goal_ids=[goal.pk for goal in form.cleaned_data["goals"]],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Plan created."))
            return redirect(_plan_url(plan))
    context = {
        "form": form,
        "kita": kita,
        "year": year,
        "has_candidates": candidates.exists(),
        "previous": services.previous_plan(plan_or_kita=kita, year=year),
    }
    return render(request, "planning/plan_create.html", context, status=422 if form.errors else 200)


@require_POST
@requires("planning.edit_plan")
def plan_evaluate(request: HttpRequest, kita_id: int, year: int) -> HttpResponse:
    plan = _plan(request, kita_id, year, edit=True)
    form = forms.EvaluationForm(request.POST)
    if form.is_valid():
        try:
            services.plan_evaluate(
                actor=request.user,
                plan=plan,
                evaluation=form.cleaned_data["evaluation"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Evaluation saved."))
            return redirect(_plan_url(plan))
    plan.refresh_from_db()
    return _plan_page(request, plan, can_edit=True, status=422, evaluation_form=form)


@require_POST
@requires("planning.edit_plan")
def plan_complete_review(request: HttpRequest, kita_id: int, year: int) -> HttpResponse:
    plan = _plan(request, kita_id, year, edit=True)
    form = forms.CompleteReviewForm(request.POST)
    if form.is_valid():
        try:
            services.plan_complete_review(
                actor=request.user,
                plan=plan,
                summary=form.cleaned_data["review_summary"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Review completed."))
            return redirect(_plan_url(plan))
    plan.refresh_from_db()
    return _plan_page(request, plan, can_edit=True, status=422, review_form=form)


# --- Goals ----------------------------------------------------------------------------------------------


def _goal_form(request: HttpRequest, plan: Plan, **kwargs: Any) -> forms.GoalForm:
    return forms.GoalForm(
        request.POST or None,
        findings=_findings(request, plan, plan.year).select_related("round"),
        catalogue=selectors.catalogue_for(youth_office_id=plan.youth_office_id),
        staff=_staff(plan),
        **kwargs,
    )


@requires("planning.edit_plan")
def goal_create(request: HttpRequest, kita_id: int, year: int) -> HttpResponse:
    plan = _plan(request, kita_id, year, edit=True)
    form = _goal_form(request, plan, initial={"target_date": plan.ends_on, "baseline": 0})
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_create(actor=request.user, plan=plan, **form.service_arguments())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Goal added."))
            return redirect(_plan_url(plan))
    return _form_page(request, form, _("New goal"), _plan_url(plan), plan=plan)


def _goal(request: HttpRequest, kita_id: int, year: int, pk: int) -> Goal:
    plan = _plan(request, kita_id, year, edit=True)
    return get_object_or_404(Goal.objects.select_related("plan", "plan__kita"), plan=plan, pk=pk)


@requires("planning.edit_plan")
def goal_edit(request: HttpRequest, kita_id: int, year: int, pk: int) -> HttpResponse:
    goal = _goal(request, kita_id, year, pk)
    plan = goal.plan
    if goal.status != Goal.Status.OPEN:
        messages.warning(request, _("Only open goals can be changed."))
        return redirect(_plan_url(plan))
    form = _goal_form(request, plan, initial=forms.GoalForm.initial_for(goal))
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(actor=request.user, goal=goal, **form.service_arguments())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Goal saved."))
            return redirect(_plan_url(plan))
    return _form_page(request, form, _("Edit goal"), _plan_url(plan), plan=plan)


@requires("planning.edit_plan")
def goal_review(request: HttpRequest, kita_id: int, year: int, pk: int) -> HttpResponse:
    goal = _goal(request, kita_id, year, pk)
    plan = goal.plan
    documented = selectors.documented_value(goal=goal)
    initial = {
        "attainment": goal.attainment,
        "actual_value": goal.actual_value if goal.actual_value is not None else documented,
        "evidence": goal.evidence,
        "lesson": goal.lesson,
        "early_review_reason": goal.early_review_reason,
    }
    form = forms.ReviewForm(request.POST or None, goal=goal, initial=initial)
    today = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_review(
                actor=request.user,
                goal=goal,
                attainment=data["attainment"],
                actual_value=data["actual_value"],
                evidence=data["evidence"],
                lesson=data["lesson"],
                reason=data["early_review_reason"],
                today=today,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Goal reviewed."))
            return redirect(_plan_url(plan))
    context = {
        "form": form,
        "goal": goal,
        "plan": plan,
        "documented": documented,
        "period_ended": plan.period_has_ended(today),
    }
    return render(request, "planning/goal_review.html", context, status=422 if form.errors else 200)


# --- Projects -------------------------------------------------------------------------------------------


def _project_form(request: HttpRequest, plan: Plan, **kwargs: Any) -> forms.ProjectForm:
    return forms.ProjectForm(
        request.POST or None,
        goals=plan.goals.all(),
        providers=provider_list_visible_to(user=request.user).order_by("name"),
        services=Service.objects.filter(youth_office_id=plan.youth_office_id).order_by("name"),
        staff=_staff(plan),
        **kwargs,
    )


@requires("planning.edit_plan")
def project_create(request: HttpRequest, kita_id: int, year: int) -> HttpResponse:
    plan = _plan(request, kita_id, year, edit=True)
    own = StaffMember.objects.filter(user=request.user, youth_office_id=plan.youth_office_id).first()
    initial = {"starts_on": plan.starts_on, "ends_on": plan.ends_on, "responsible": own}
    form = _project_form(request, plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_create(actor=request.user, plan=plan, **form.service_arguments())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Project added."))
            return redirect(_plan_url(plan))
    return _form_page(request, form, _("New project"), _plan_url(plan), plan=plan)


@requires("planning.edit_plan")
def project_edit(request: HttpRequest, kita_id: int, year: int, pk: int) -> HttpResponse:
    plan = _plan(request, kita_id, year, edit=True)
    project = get_object_or_404(Project, plan=plan, pk=pk)
    form = _project_form(request, plan, initial=forms.ProjectForm.initial_for(project))
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(actor=request.user, project=project, **form.service_arguments())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Project saved."))
            return redirect(_plan_url(plan))
    return _form_page(request, form, _("Edit project"), _plan_url(plan), plan=plan)


# --- PDF ------------------------------------------------------------------------------------------------


@requires("planning.view_plan")
def plan_pdf(request: HttpRequest, kita_id: int, year: int) -> HttpResponse:
    """The plan for the Kita team and the provider (audited as an export by ExportAuditMiddleware)."""
    plan = _plan(request, kita_id, year)
    content = pdf.plan_pdf(plan_context(request, plan))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.kita.number}-{plan.year}.pdf"'
    return response


# --- Catalogue and principles ------------------------------------------------------------------------------


def _office(request: HttpRequest) -> Any:
    membership = membership_of(request.user)
    if membership is None:
        raise PermissionDenied
    return membership.youth_office


@requires("planning.view_catalogue")
def catalogue(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    can_manage = request.user.has_perm("planning.manage_catalogue")
    goals = selectors.catalogue_for(youth_office_id=office.pk, include_inactive=can_manage)
    context = {
        "rough": [g for g in goals if g.level == CatalogueGoal.Level.ROUGH],
        "fine": [g for g in goals if g.level == CatalogueGoal.Level.FINE],
        "can_manage": can_manage,
    }
    return render(request, "planning/catalogue.html", context)


@requires("planning.manage_catalogue")
def catalogue_goal_create(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    form = forms.CatalogueGoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.catalogue_goal_create(actor=request.user, youth_office=office, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Catalogue goal added."))
            return redirect("planning:catalogue")
    return _form_page(request, form, _("New catalogue goal"), reverse("planning:catalogue"))


@requires("planning.manage_catalogue")
def catalogue_goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    office = _office(request)
    goal = get_object_or_404(selectors.catalogue_for(youth_office_id=office.pk, include_inactive=True), pk=pk)
    fields = ["level", "audience", "title", "description", "position", "active"]
    # The form gets a copy of the values, not the goal: the service must see the goal unchanged (audit diff).
    form = forms.CatalogueGoalForm(request.POST or None, initial=model_to_dict(goal, fields=fields))
    if request.method == "POST" and form.is_valid():
        try:
            services.catalogue_goal_update(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Catalogue goal saved."))
            return redirect("planning:catalogue")
    return _form_page(request, form, _("Edit catalogue goal"), reverse("planning:catalogue"))


@requires("planning.view_catalogue")
def principles(request: HttpRequest) -> HttpResponse:
    return render(request, "planning/principles.html", {"principles": defaults.PRINCIPLES})
