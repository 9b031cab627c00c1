"""Writes of the planning cycle. Every function takes keyword arguments, runs in a transaction and audits
its changes; invalid input raises ValidationError naming the field.

The cycle: `plan_create` (optionally with `plan_carry_over` of last year's unfinished goals), `plan_evaluate`,
`goal_create`/`goal_update`, `project_create`/`project_update`, `goal_review` for each goal and
`plan_complete_review` at the end. The coordinator keeps the goal catalogue (`catalogue_goal_create`/
`catalogue_goal_update`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kisa.core.audit import audit_record, diff, snapshot
from kisa.core.models import AuditEntry
from kisa.core.services import audited_create, audited_update
from kisa.planning.defaults import DEFAULT_CATALOGUE
from kisa.planning.models import ATTAINMENT_MAX, ATTAINMENT_MIN, CatalogueGoal, Goal, Plan, Project
from kisa.planning.selectors import finding_years

GOAL_FIELDS = frozenset(
    {
        "title",
        "target_group",
        "indicator",
        "indicator_source",
        "baseline",
        "target_value",
        "target_date",
        "level_minus_2",
        "level_minus_1",
        "level_0",
        "level_plus_1",
        "level_plus_2",
    }
)
SCALE_FIELDS = ("level_minus_2", "level_minus_1", "level_0", "level_plus_1", "level_plus_2")
PROJECT_FIELDS = frozenset(
    {
        "title",
        "description",
        "dimension",
        "starts_on",
        "ends_on",
        "responsible",
        "planned_hours",
        "planned_costs",
        "actual_costs",
        "status",
    }
)
CATALOGUE_FIELDS = frozenset({"level", "audience", "title", "description", "position", "active"})


def _ids(objects: Iterable[Any]) -> list[int]:
    return sorted(o.pk for o in objects)


def _save_with_relations(
    *, actor: Any, instance: models.Model, data: dict[str, Any], relations: dict[str, list[Any]]
) -> Any:
    """Apply `data`, validate, save, set the many-to-many `relations` and audit fields and relations
    (relations by their ids)."""
    creating = instance.pk is None
    before: dict[str, Any] = {}
    if not creating:
        before = snapshot(instance)
        before.update({name: _ids(getattr(instance, name).all()) for name in relations})
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    for name, objects in relations.items():
        getattr(instance, name).set(objects)
    after = snapshot(instance)
    after.update({name: _ids(objects) for name, objects in relations.items()})
    if creating:
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=instance, changes=after)
    else:
        changes = diff(before, after)
        if changes:
            audit_record(actor=actor, action=AuditEntry.Action.UPDATE, instance=instance, changes=changes)
    return instance


def _unknown_fields(data: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


# --- Catalogue ------------------------------------------------------------------------------------------


@transaction.atomic
def catalogue_install_defaults(*, actor: Any, youth_office: Any) -> int:
    """Install the seed's rough and fine goals for an office; goals it already has are kept. Returns how
    many were added."""
    existing = set(CatalogueGoal.objects.filter(youth_office=youth_office).values_list("title", flat=True))
    added = 0
    for position, (level, audience, title) in enumerate(DEFAULT_CATALOGUE):
        if title in existing:
            continue
        audited_create(
            actor=actor,
            instance=CatalogueGoal(
                youth_office=youth_office, level=level, audience=audience, title=title, position=position
            ),
        )
        added += 1
    return added


def _check_catalogue_title(*, youth_office_id: int, title: str, exclude_pk: int | None = None) -> None:
    clash = CatalogueGoal.objects.filter(youth_office_id=youth_office_id, title__iexact=title.strip())
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"title": _("The catalogue already has a goal with this title.")})


@transaction.atomic
def catalogue_goal_create(*, actor: Any, youth_office: Any, **data: Any) -> CatalogueGoal:
    """Add a rough or fine goal to the office's goal framework (coordinator)."""
    _unknown_fields(data, CATALOGUE_FIELDS)
    data["title"] = str(data.get("title", "")).strip()
    _check_catalogue_title(youth_office_id=youth_office.pk, title=data["title"])
    return audited_create(actor=actor, instance=CatalogueGoal(youth_office=youth_office, **data))


@transaction.atomic
def catalogue_goal_update(*, actor: Any, goal: CatalogueGoal, **data: Any) -> CatalogueGoal:
    """Change a catalogue goal; `active=False` retires it (plans that use it keep it)."""
    _unknown_fields(data, CATALOGUE_FIELDS)
    if "title" in data:
        data["title"] = str(data["title"]).strip()
        _check_catalogue_title(youth_office_id=goal.youth_office_id, title=data["title"], exclude_pk=goal.pk)
    return audited_update(actor=actor, instance=goal, data=data)


# --- Plan -----------------------------------------------------------------------------------------------


def previous_plan(*, plan_or_kita: Any, year: int) -> Plan | None:
    kita_id = plan_or_kita.kita_id if isinstance(plan_or_kita, Plan) else plan_or_kita.pk
    return Plan.objects.filter(kita_id=kita_id, year=year - 1).first()


def carry_over_candidates(*, kita: Any, year: int) -> QuerySet[Goal]:
    """The goals of the Kita's plan of `year − 1` that can be carried into `year`: still open, or reviewed
    as reached less than expected (attainment below 0)."""
    return (
        Goal.objects.filter(plan__kita_id=kita.pk, plan__year=year - 1)
        .filter(Q(status=Goal.Status.OPEN) | Q(status=Goal.Status.REVIEWED, attainment__lt=0))
        .order_by("target_date", "id")
    )


@transaction.atomic
def plan_create(*, actor: Any, kita: Any, year: int, carry_over_goal_ids: Iterable[int] = ()) -> Plan:
    """Start the Kita's plan for `year` (1 January to 31 December) and carry the ticked unfinished goals of
    the previous year's plan into it."""
    if Plan.objects.filter(kita_id=kita.pk, year=year).exists():
        raise ValidationError({"year": _("This Kita already has a plan for %(year)s.") % {"year": year}})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Choose a year between 2000 and 2100.")})
    plan = audited_create(
        actor=actor,
        instance=Plan(
            youth_office_id=kita.youth_office_id,
            kita=kita,
            year=year,
            starts_on=dt.date(year, 1, 1),
            ends_on=dt.date(year, 12, 31),
        ),
    )
    goal_ids = list(carry_over_goal_ids)
    if goal_ids:
        plan_carry_over(actor=actor, plan=plan, goal_ids=goal_ids)
    return plan


@transaction.atomic
def plan_carry_over(*, actor: Any, plan: Plan, goal_ids: Iterable[int]) -> list[Goal]:
    """Carry unfinished goals of the previous year's plan into `plan`: each becomes a new open goal (with
    `carried_from`), the old goal is marked CARRIED_OVER. Findings come along only if they belong to the new
    plan's finding years."""
    wanted = set(goal_ids)
    candidates = {goal.pk: goal for goal in carry_over_candidates(kita=plan.kita, year=plan.year)}
    if not wanted <= set(candidates):
        raise ValidationError(
            {"goals": _("Only open or missed goals of the previous year's plan can be carried over.")}
        )
    years = finding_years(plan.year)
    carried = []
    for goal_id in sorted(wanted, key=lambda pk: (candidates[pk].target_date, pk)):
        old = candidates[goal_id]
        copy = Goal(
            youth_office_id=plan.youth_office_id,
            plan=plan,
            carried_from=old,
            target_date=max(old.target_date, plan.ends_on),
            baseline=old.actual_value if old.actual_value is not None else old.baseline,
            **{name: getattr(old, name) for name in GOAL_FIELDS - {"target_date", "baseline"}},
        )
        findings = [f for f in old.findings.select_related("round") if f.round.starts_on.year in years]
        _save_with_relations(
            actor=actor,
            instance=copy,
            data={},
            relations={
                "findings": findings,
                "catalogue_goals": list(old.catalogue_goals.all()),
                "responsible": list(old.responsible.all()),
            },
        )
        audited_update(actor=actor, instance=old, data={"status": Goal.Status.CARRIED_OVER})
        carried.append(copy)
    return carried


@transaction.atomic
def plan_evaluate(*, actor: Any, plan: Plan, evaluation: str, today: dt.date) -> Plan:
    """Record what the team concluded from the findings; the evaluation phase is then done."""
    evaluation = evaluation.strip()
    if not evaluation:
        raise ValidationError({"evaluation": _("Write down what you concluded from the findings.")})
    return audited_update(
        actor=actor,
        instance=plan,
        data={"evaluation": evaluation, "evaluated_on": plan.evaluated_on or today},
    )


@transaction.atomic
def plan_complete_review(*, actor: Any, plan: Plan, summary: str, today: dt.date) -> Plan:
    """Close the year's review once every goal is reviewed or carried over."""
    goals = list(plan.goals.all())
    if not goals:
        raise ValidationError({"review_summary": _("The plan has no goals to review.")})
    open_goals = [goal for goal in goals if goal.status == Goal.Status.OPEN]
    if open_goals:
        raise ValidationError(
            {
                "review_summary": _("Review every goal first: %(count)s of %(total)s are still open.")
                % {"count": len(open_goals), "total": len(goals)}
            }
        )
    summary = summary.strip()
    if not summary:
        raise ValidationError({"review_summary": _("Summarise the year's review.")})
    return audited_update(actor=actor, instance=plan, data={"review_summary": summary, "reviewed_on": today})


# --- Goals ----------------------------------------------------------------------------------------------


def _goal_errors(
    *,
    plan: Plan,
    data: dict[str, Any],
    findings: list[Any],
    catalogue_goals: list[Any],
    responsible: list[Any],
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(data.get("indicator") or "").strip():
        errors["indicator"] = _(
            "A target without an indicator cannot be measured: name the indicator that shows the goal is "
            "reached."
        )
    if data.get("target_value") is None:
        errors["target_value"] = _("Give the value the indicator should reach.")
    years = finding_years(plan.year)
    if any(
        f.kita_id != plan.kita_id
        or f.youth_office_id != plan.youth_office_id
        or f.round.starts_on.year not in years
        for f in findings
    ):
        errors["findings"] = _(
            "Only findings of this Kita from the survey rounds of %(first)s and %(second)s can be linked."
        ) % {"first": years[0], "second": years[1]}
    if any(c.youth_office_id != plan.youth_office_id for c in catalogue_goals):
        errors["catalogue_goals"] = _("Only goals of your office's catalogue can be linked.")
    if any(s.youth_office_id != plan.youth_office_id for s in responsible):
        errors["responsible"] = _("Only staff of your office can be responsible.")
    for name in SCALE_FIELDS:
        if not str(data.get(name) or "").strip():
            errors[name] = _("Describe every level of the scale from −2 to +2.")
    target_date = data.get("target_date")
    if target_date is not None and target_date < plan.starts_on:
        errors["target_date"] = _("The target date cannot lie before the plan period starts (%(date)s).") % {
            "date": plan.starts_on.strftime("%d.%m.%Y")
        }
    return errors


def _goal_save(
    *,
    actor: Any,
    goal: Goal,
    data: dict[str, Any],
    findings: Iterable[Any],
    catalogue_goals: Iterable[Any],
    responsible: Iterable[Any],
) -> Goal:
    _unknown_fields(data, GOAL_FIELDS)
    relations = {
        "findings": list(findings),
        "catalogue_goals": list(catalogue_goals),
        "responsible": list(responsible),
    }
    for name in ("title", "indicator", *SCALE_FIELDS):
        if isinstance(data.get(name), str):
            data[name] = data[name].strip()
    merged = {name: getattr(goal, name) for name in GOAL_FIELDS} | data
    errors = _goal_errors(plan=goal.plan, data=merged, **relations)
    if errors:
        raise ValidationError(errors)
    return _save_with_relations(actor=actor, instance=goal, data=data, relations=relations)


@transaction.atomic
def goal_create(
    *,
    actor: Any,
    plan: Plan,
    findings: Iterable[Any] = (),
    catalogue_goals: Iterable[Any] = (),
    responsible: Iterable[Any] = (),
    **data: Any,
) -> Goal:
    """Add a measurable goal with its attainment scale to a plan."""
    goal = Goal(youth_office_id=plan.youth_office_id, plan=plan)
    return _goal_save(
        actor=actor,
        goal=goal,
        data=data,
        findings=findings,
        catalogue_goals=catalogue_goals,
        responsible=responsible,
    )


@transaction.atomic
def goal_update(
    *,
    actor: Any,
    goal: Goal,
    findings: Iterable[Any] = (),
    catalogue_goals: Iterable[Any] = (),
    responsible: Iterable[Any] = (),
    **data: Any,
) -> Goal:
    """Change an open goal (a reviewed or carried-over goal is history and stays as it is). `findings`,
    `catalogue_goals` and `responsible` replace the goal's current ones: pass them all, as the form does."""
    if goal.status != Goal.Status.OPEN:
        raise ValidationError({"title": _("Only open goals can be changed.")})
    return _goal_save(
        actor=actor,
        goal=goal,
        data=data,
        findings=findings,
        catalogue_goals=catalogue_goals,
        responsible=responsible,
    )


@transaction.atomic
def goal_review(
    *,
    actor: Any,
    goal: Goal,
    attainment: int | None,
    actual_value: Any,
    evidence: str,
    lesson: str,
    reason: str,
    today: dt.date,
) -> Goal:
    """Rate the goal on its scale (−2 … +2) with evidence and lesson. Before the plan period ends this needs
    a reason."""
    if goal.status == Goal.Status.CARRIED_OVER:
        raise ValidationError({"attainment": _("This goal was carried into the next year's plan.")})
    errors: dict[str, str] = {}
    if attainment is None or not ATTAINMENT_MIN <= int(attainment) <= ATTAINMENT_MAX:
        errors["attainment"] = _("Rate the goal on its scale from %(min)s to +%(max)s.") % {
            "min": ATTAINMENT_MIN,
            "max": ATTAINMENT_MAX,
        }
    reason = reason.strip()
    early = not goal.plan.period_has_ended(today)
    if early and not reason:
        errors["early_review_reason"] = _(
            "The plan period runs until %(date)s: give a reason for reviewing earlier."
        ) % {"date": goal.plan.ends_on.strftime("%d.%m.%Y")}
    if errors:
        raise ValidationError(errors)
    return audited_update(
        actor=actor,
        instance=goal,
        data={
            "attainment": int(attainment),  # type: ignore[arg-type]
            "actual_value": actual_value,
            "evidence": evidence.strip(),
            "lesson": lesson.strip(),
            "early_review_reason": reason if early else "",
            "status": Goal.Status.REVIEWED,
            "reviewed_on": today,
        },
    )


# --- Projects -------------------------------------------------------------------------------------------


def _project_save(
    *,
    actor: Any,
    project: Project,
    data: dict[str, Any],
    goals: Iterable[Any],
    partner_providers: Iterable[Any],
    partner_services: Iterable[Any],
) -> Project:
    _unknown_fields(data, PROJECT_FIELDS)
    plan = project.plan
    relations = {
        "goals": list(goals),
        "partner_providers": list(partner_providers),
        "partner_services": list(partner_services),
    }
    merged = {name: getattr(project, name, None) for name in PROJECT_FIELDS - {"responsible"}} | data
    if "responsible" not in data and project.responsible_id:
        merged["responsible"] = project.responsible
    errors: dict[str, str] = {}
    if any(goal.plan_id != plan.pk for goal in relations["goals"]):
        errors["goals"] = _("A project can only serve goals of its own plan.")
    if any(p.youth_office_id != plan.youth_office_id for p in relations["partner_providers"]):
        errors["partner_providers"] = _("Only institutions of your office can be partners.")
    if any(s.youth_office_id != plan.youth_office_id for s in relations["partner_services"]):
        errors["partner_services"] = _("Only offers of your office's directory can be partners.")
    starts_on, ends_on = merged.get("starts_on"), merged.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The project cannot end before it starts.")
    responsible = merged.get("responsible")
    if responsible is not None and responsible.youth_office_id != plan.youth_office_id:
        errors["responsible"] = _("Only staff of your office can be responsible.")
    if errors:
        raise ValidationError(errors)
    return _save_with_relations(actor=actor, instance=project, data=data, relations=relations)


@transaction.atomic
def project_create(
    *,
    actor: Any,
    plan: Plan,
    goals: Iterable[Any] = (),
    partner_providers: Iterable[Any] = (),
    partner_services: Iterable[Any] = (),
    **data: Any,
) -> Project:
    """Add a project (Vorhaben) serving goals of the plan."""
    return _project_save(
        actor=actor,
        project=Project(youth_office_id=plan.youth_office_id, plan=plan),
        data=data,
        goals=goals,
        partner_providers=partner_providers,
        partner_services=partner_services,
    )


@transaction.atomic
def project_update(
    *,
    actor: Any,
    project: Project,
    goals: Iterable[Any] = (),
    partner_providers: Iterable[Any] = (),
    partner_services: Iterable[Any] = (),
    **data: Any,
) -> Project:
    """Change a project: its goals, partners, period, effort, costs and status. `goals` and the partners
    replace the project's current ones: pass them all, as the form does."""
    return _project_save(
        actor=actor,
        project=project,
        data=data,
        goals=goals,
        partner_providers=partner_providers,
        partner_services=partner_services,
    )
