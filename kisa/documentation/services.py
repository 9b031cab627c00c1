"""Writes of the documentation app: activities and the coordinator's catalogues.

Every write validates the complete record, including the rules that span rows (the worker's assignment
to the Kita on that day, the case the worker is responsible for), saves it with its Kitas, topics,
partners and referrals and writes the audit entry, all in one transaction: nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Model, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from kisa.cases.models import Case
from kisa.core.audit import audit_record, diff, snapshot
from kisa.core.models import AuditEntry
from kisa.core.services import audited_create, audited_update
from kisa.directory.categories import ServiceCategory
from kisa.directory.models import Service
from kisa.documentation.models import (
    Activity,
    ActivityFigure,
    ActivityType,
    Dimension,
    Referral,
    TargetGroup,
    Topic,
)
from kisa.planning.models import Project
from kisa.planning.selectors import project_list_visible_to
from kisa.registry.models import Assignment, Kita, StaffMember, YouthOffice

# The Fachkonzept's kinds of work (DOMAIN.md §4). Catalogue entries are office data the coordinator
# renames, so they are stored in German, the office's working language; `key` keeps them recognisable.
DEFAULT_ACTIVITY_TYPES: dict[str, list[tuple[str, str]]] = {
    Dimension.CASE: [
        ("counselling", "Beratung"),
        ("consultation_hour", "Offene Sprechstunde"),
        ("door_and_corner", "Tür-und-Angel-Gespräch"),
        ("home_visit", "Hausbesuch"),
        ("accompanying", "Begleitung zu Behörden"),
        ("applications", "Hilfe bei Anträgen"),
        ("referral", "Vermittlung in ein Angebot (Lotsenfunktion)"),
        ("crisis", "Krisenintervention"),
    ],
    Dimension.CROSS_CASE: [
        ("parent_cafe", "Elterncafé"),
        ("parent_child_group", "Eltern-Kind-Gruppe"),
        ("parent_evening", "Elternabend"),
        ("family_education", "Familienbildungsveranstaltung"),
        ("peer_network", "Selbsthilfe- und Elternnetzwerk"),
    ],
    Dimension.NON_CASE: [
        ("network_meeting", "Netzwerktreffen"),
        ("counselling_centres", "Kooperation mit Beratungsstellen"),
        ("cooperation", "Kooperation mit Vereinen, Schulen, Ärzten, Gemeinde"),
        ("committee", "Gremienarbeit"),
        ("area_resources", "Ressourcen im Sozialraum erkunden"),
        ("public_relations", "Öffentlichkeitsarbeit"),
    ],
    Dimension.KITA_STAFF: [
        ("team_counselling", "Teamberatung"),
        ("case_consultation", "Anonyme Fallberatung"),
        ("staff_training", "Fortbildung für das Kita-Team"),
    ],
    Dimension.ORGANISATION: [
        ("planning", "Planung"),
        ("documentation", "Dokumentation"),
        ("travel", "Fahrzeit"),
        ("supervision", "Supervision und Fortbildung"),
    ],
}

DEFAULT_TOPICS: list[tuple[str, str]] = [
    ("child_development", "Kindliche Entwicklung"),
    ("upbringing", "Erziehung"),
    ("health", "Gesundheit"),
    ("language_migration", "Sprache und Migration"),
    ("separation", "Trennung und Scheidung"),
    ("money_debt", "Geld und Schulden"),
    ("housing", "Wohnen"),
    ("authorities", "Behörden und Anträge"),
    ("parental_stress", "Elterliche Belastung und psychische Gesundheit"),
    ("child_protection", "Kinderschutz (§ 8a SGB VIII)"),
]

# Relations set after the row is saved; the rest are model fields.
RELATIONS = ("kitas", "topics", "partner_providers", "referrals")
EDITABLE_FIELDS = (
    "date",
    "start_time",
    "duration_minutes",
    "travel_minutes",
    "municipality",
    "social_area",
    "dimension",
    "activity_type",
    "target_groups",
    "adults",
    "children",
    "professionals",
    "language",
    "interpreter_needed",
    "partner_names",
    "note",
    "case",
    "project",
)
# Notes may hold sensitive details and are anonymised by retention: the audit trail records that a note
# changed, never its text, so a deleted note does not live on in the trail.
NOTE_MARK = "…"


@transaction.atomic
def catalogue_ensure_defaults(*, youth_office: YouthOffice) -> None:
    """Create the default activity types and topics for an office that has none yet (idempotent)."""
    if not ActivityType.objects.filter(youth_office=youth_office).exists():
        ActivityType.objects.bulk_create(
            ActivityType(youth_office=youth_office, dimension=dimension, key=key, name=name, position=i)
            for dimension, entries in DEFAULT_ACTIVITY_TYPES.items()
            for i, (key, name) in enumerate(entries)
        )
    if not Topic.objects.filter(youth_office=youth_office).exists():
        Topic.objects.bulk_create(
            Topic(youth_office=youth_office, key=key, name=name, position=i)
            for i, (key, name) in enumerate(DEFAULT_TOPICS)
        )


@transaction.atomic
def catalogue_entry_create(*, actor: Any, instance: ActivityType | Topic) -> ActivityType | Topic:
    """Add an activity type or topic to the office's catalogue (coordinator)."""
    return audited_create(actor=actor, instance=instance)


@transaction.atomic
def catalogue_entry_update(
    *, actor: Any, instance: ActivityType | Topic, data: Mapping[str, Any]
) -> ActivityType | Topic:
    """Rename or (de)activate a catalogue entry. Deactivated entries stay on past activities."""
    allowed = {k: v for k, v in data.items() if k in {"name", "is_active", "position"}}
    return audited_update(actor=actor, instance=instance, data=allowed)


# --- Activities ---------------------------------------------------------------------------------------------


def _labels(values: Iterable[Any]) -> list[str]:
    return sorted(str(v) for v in values)


def _activity_snapshot(activity: Activity) -> dict[str, Any]:
    data = snapshot(activity)
    data["note"] = NOTE_MARK if activity.note else ""
    data["client_id"] = str(activity.client_id)
    data["start_time"] = str(activity.start_time) if activity.start_time else None
    data["case"] = activity.case_id
    data["kitas"] = _labels(activity.kitas.all())
    data["topics"] = _labels(activity.topics.all())
    data["partner_providers"] = _labels(activity.partner_providers.all())
    data["referrals"] = sorted(
        f"{category}:{service_id}" if service_id else category
        for category, service_id in activity.referrals.values_list("category", "service_id")
    )
    return data


def _check_office(errors: dict[str, str], field: str, values: Iterable[Model | None], office_id: int) -> None:
    for value in values:
        if value is not None and getattr(value, "youth_office_id", office_id) != office_id:
            errors[field] = _("Belongs to another youth office.")


def _check_assignments(errors: dict[str, str], worker: StaffMember, day: dt.date, kitas: list[Kita]) -> None:
    """Each Kita needs an assignment of the worker valid on `day`; say "before it began" where it did later."""
    assignments = list(Assignment.objects.filter(staff_member=worker, kita__in=kitas).select_related("kita"))
    for kita in kitas:
        own = [a for a in assignments if a.kita_id == kita.pk]
        if any(a.valid_from <= day and (a.valid_to is None or a.valid_to >= day) for a in own):
            continue
        starts = [a.valid_from for a in own if a.valid_from > day]
        if starts:
            errors["date"] = _("The date is before your assignment to %(kita)s began (%(start)s).") % {
                "kita": kita.name,
                "start": f"{min(starts):%d.%m.%Y}",
            }
        else:
            errors["kitas"] = _("You are not assigned to %(kita)s on this date.") % {"kita": kita.name}


def _validate(activity: Activity, relations: Mapping[str, Any], *, is_new: bool) -> None:
    """The rules across rows, then the model's own validation; every error names its field."""
    errors: dict[str, str] = {}
    office_id = activity.youth_office_id
    today = timezone.localdate()
    if activity.date and activity.date > today:
        errors["date"] = _("The date must not be in the future.")
    kitas: list[Kita] = relations["kitas"]
    _check_office(errors, "kitas", kitas, office_id)
    _check_office(errors, "topics", relations["topics"], office_id)
    _check_office(errors, "partner_providers", relations["partner_providers"], office_id)
    _check_office(errors, "social_area", [activity.social_area], office_id)
    if activity.date and kitas and "kitas" not in errors and "date" not in errors:
        _check_assignments(errors, activity.worker, activity.date, kitas)
    if (
        activity.dimension != Dimension.ORGANISATION
        and not kitas
        and activity.municipality_id is None
        and activity.social_area_id is None
    ):
        errors["kitas"] = _("Choose a Kita, a municipality or a social area where the work took place.")
    activity_type = activity.activity_type if activity.activity_type_id else None
    if activity_type is not None:
        if activity_type.youth_office_id != office_id:
            errors["activity_type"] = _("Belongs to another youth office.")
        elif activity_type.dimension != activity.dimension:
            errors["activity_type"] = _("This type belongs to another dimension.")
        elif not activity_type.is_active and (is_new or "activity_type" in relations.get("changed", ())):
            errors["activity_type"] = _("This type is no longer in use.")
    _validate_case(errors, activity)
    if "date" not in errors and "kitas" not in errors:
        _validate_project(errors, activity, kitas)
    groups = activity.target_groups
    if not isinstance(groups, list) or any(g not in TargetGroup.values for g in groups):
        errors["target_groups"] = _("Choose target groups from the list.")
    names = activity.partner_names
    if not isinstance(names, list) or any(not isinstance(n, str) or len(n) > 150 for n in names):
        errors["partner_names"] = _("Enter institutions as a list of names of up to 150 characters.")
    _validate_referrals(errors, activity, relations["referrals"])
    try:
        activity.full_clean(exclude=list(errors))
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages[0])
    if errors:
        raise ValidationError(errors)


def _validate_referrals(
    errors: dict[str, str], activity: Activity, referrals: list[tuple[str, Service | None]]
) -> None:
    """Known kinds of offer, at most one offer per kind, and each offer of the office and of its kind."""
    categories = [category for category, _service in referrals]
    if any(c not in ServiceCategory.values for c in categories):
        errors["referrals"] = _("Choose kinds of offer from the list.")
        return
    if len(set(categories)) != len(categories):
        errors["referrals"] = _("Choose at most one offer per kind of offer.")
        return
    for category, service in referrals:
        try:
            Referral(youth_office_id=activity.youth_office_id, category=category, service=service).clean()
        except ValidationError as error:
            errors["referrals"] = error.message_dict["service"][0]
            return


def _referral_pairs(items: Iterable[Any]) -> list[tuple[str, Service | None]]:
    """Referrals as (kind of offer, offer or None); items are kinds (str) or {"category", "service"}."""
    pairs: list[tuple[str, Service | None]] = []
    for item in items:
        if isinstance(item, Mapping):
            pairs.append((str(item.get("category") or ""), item.get("service")))
        else:
            pairs.append((str(item), None))
    # The same kind named twice without a differing offer is one referral.
    unique: dict[tuple[str, int | None], tuple[str, Service | None]] = {}
    for category, service in pairs:
        unique.setdefault((category, service.pk if service else None), (category, service))
    with_offer = {category for category, service in unique.values() if service is not None}
    return [(c, s) for c, s in unique.values() if s is not None or c not in with_offer]


def _validate_case(errors: dict[str, str], activity: Activity) -> None:
    if activity.case_id is None:
        return
    if activity.dimension != Dimension.CASE:
        errors["case"] = _("Only case-specific work can be linked to a case.")
        return
    case: Case = activity.case  # type: ignore[assignment]
    worker_id = activity.worker_id
    if case.youth_office_id != activity.youth_office_id or worker_id not in (
        case.responsible_id,
        case.deputy_id,
    ):
        errors["case"] = _("Link only cases you are responsible for or the deputy of.")
    elif case.status != Case.Status.OPEN:
        errors["case"] = _("This case is closed.")


def _validate_project(errors: dict[str, str], activity: Activity, kitas: list[Kita]) -> None:
    """A project of a plan the worker may see, of one of the activity's Kitas and of the activity's year."""
    if activity.project_id is None:
        return
    project: Project = activity.project  # type: ignore[assignment]
    user = activity.worker.user if activity.worker.user_id else None
    if project.youth_office_id != activity.youth_office_id or (
        user is not None and not project_list_visible_to(user=user).filter(pk=project.pk).exists()
    ):
        errors["project"] = _("Link only projects of the plans of your Kitas.")
    elif project.plan.kita_id not in {kita.pk for kita in kitas}:
        errors["project"] = _("This project belongs to %(kita)s; choose that Kita for the activity too.") % {
            "kita": project.plan.kita.name
        }
    elif activity.date and project.plan.year != activity.date.year:
        errors["project"] = _(
            "This project belongs to the plan for %(plan_year)s; the activity is dated %(year)s."
        ) % {"plan_year": project.plan.year, "year": activity.date.year}


def _set_relations(activity: Activity, relations: Mapping[str, Any]) -> None:
    activity.kitas.set(relations["kitas"])
    activity.topics.set(relations["topics"])
    activity.partner_providers.set(relations["partner_providers"])
    wanted = dict(relations["referrals"])
    activity.referrals.exclude(category__in=wanted).delete()
    existing = {referral.category: referral for referral in activity.referrals.all()}
    for category, referral in existing.items():
        service_id = wanted[category].pk if wanted[category] else None
        if referral.service_id != service_id:
            referral.service_id = service_id
            referral.save(update_fields=["service"])
    Referral.objects.bulk_create(
        Referral(
            youth_office_id=activity.youth_office_id,
            activity=activity,
            category=category,
            service=wanted[category],
        )
        for category in sorted(set(wanted) - set(existing))
    )


def _split(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    fields = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    relations: dict[str, Any] = {name: list(data.get(name) or []) for name in RELATIONS}
    relations["referrals"] = _referral_pairs(relations["referrals"])
    return fields, relations


def activity_create(
    *, actor: Any, worker: StaffMember, data: Mapping[str, Any], client_id: uuid.UUID | None = None
) -> tuple[Activity, bool]:
    """Record an activity of `worker`; returns (activity, created).

    `client_id` makes the call idempotent: the device that recorded an entry offline sends it again until
    it hears back, so an id seen before returns the saved activity (created False) instead of a duplicate.
    An id used by another worker is refused, naming `client_id`.
    """
    client_id = client_id or uuid.uuid4()
    existing = _existing(worker, client_id)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return _create(actor=actor, worker=worker, data=data, client_id=client_id), True
    except IntegrityError:
        # The same entry arrived twice at once: the other request saved it.
        existing = _existing(worker, client_id)
        if existing is None:
            raise
        return existing, False


def _existing(worker: StaffMember, client_id: uuid.UUID) -> Activity | None:
    found = Activity.objects.filter(client_id=client_id).first()
    if found is not None and found.worker_id != worker.pk:
        raise ValidationError({"client_id": _("This id belongs to another entry.")})
    return found


def _create(*, actor: Any, worker: StaffMember, data: Mapping[str, Any], client_id: uuid.UUID) -> Activity:
    fields, relations = _split(data)
    activity = Activity(youth_office_id=worker.youth_office_id, worker=worker, client_id=client_id, **fields)
    _validate(activity, relations, is_new=True)
    activity.save()
    _set_relations(activity, relations)
    _figures_add(activity, sign=1)
    audit_record(
        actor=actor, action=AuditEntry.Action.CREATE, instance=activity, changes=_activity_snapshot(activity)
    )
    return activity


@transaction.atomic
def activity_update(*, actor: Any, activity: Activity, data: Mapping[str, Any]) -> Activity:
    """Correct an activity. Only its author may; the audit trail keeps what it said before.

    `data` is the complete entry, as the form shows it. Anonymised entries stay as retention left them.
    """
    if activity.worker.user_id is None or activity.worker.user_id != getattr(actor, "pk", None):
        raise ValidationError(_("Only the author can correct an entry."))
    if activity.anonymised_on is not None:
        raise ValidationError(_("This entry has been anonymised and can no longer be changed."))
    before = _activity_snapshot(activity)
    _figures_add(activity, sign=-1)
    fields, relations = _split(data)
    relations["changed"] = [k for k, v in fields.items() if getattr(activity, k) != v]
    for name, value in fields.items():
        setattr(activity, name, value)
    _validate(activity, relations, is_new=False)
    activity.save()
    _set_relations(activity, relations)
    _figures_add(activity, sign=1)
    changes = diff(before, _activity_snapshot(activity))
    if changes:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, instance=activity, changes=changes)
    return activity


# --- Monthly figures (ActivityFigure) ---------------------------------------------------------------------

FIGURE_VALUES = ("activities", "minutes", "adults", "children", "professionals")
_NO_KEY = {"dimension": "", "activity_type_id": 0, "kita_id": 0, "topic_id": 0}


def _figure_add(
    *, youth_office_id: int, year: int, month: int, facet: str, key: dict[str, Any], values: dict[str, int]
) -> None:
    lookup = {
        "youth_office_id": youth_office_id,
        "year": year,
        "month": month,
        "facet": facet,
        **_NO_KEY,
        **key,
    }
    increments = {name: F(name) + value for name, value in values.items()}
    if ActivityFigure.objects.filter(**lookup).update(**increments):
        return
    try:
        with transaction.atomic():
            ActivityFigure.objects.create(**lookup, **values)
    except IntegrityError:  # created meanwhile by a concurrent write
        ActivityFigure.objects.filter(**lookup).update(**increments)


def _figures_add(activity: Activity, *, sign: int) -> None:
    """Count `activity` into (sign 1) or out of (sign -1) its office's monthly figures, as stored now."""
    values = {
        "activities": sign,
        "minutes": sign * activity.duration_minutes,
        "adults": sign * activity.adults,
        "children": sign * activity.children,
        "professionals": sign * activity.professionals,
    }
    where = {
        "youth_office_id": activity.youth_office_id,
        "year": activity.date.year,
        "month": activity.date.month,
    }
    keys: list[tuple[str, dict[str, Any]]] = [
        ("all", {"dimension": activity.dimension, "activity_type_id": activity.activity_type_id})
    ]
    keys += [("kita", {"kita_id": pk}) for pk in activity.kitas.values_list("pk", flat=True)]
    keys += [("topic", {"topic_id": pk}) for pk in activity.topics.values_list("pk", flat=True)]
    for facet, key in keys:
        _figure_add(**where, facet=facet, key=key, values=values)


def _grouped(qs: QuerySet[Any], prefix: str, key_fields: dict[str, str]) -> list[dict[str, Any]]:
    """Monthly sums of `qs` (activities, or Kita/topic links with `prefix` "activity__") per key."""
    return list(
        qs.annotate(y=ExtractYear(f"{prefix}date"), m=ExtractMonth(f"{prefix}date"))
        .values("y", "m", *key_fields.values())
        .annotate(
            n=Count("pk"),
            minutes_sum=Coalesce(Sum(f"{prefix}duration_minutes"), 0),
            adults_sum=Coalesce(Sum(f"{prefix}adults"), 0),
            children_sum=Coalesce(Sum(f"{prefix}children"), 0),
            professionals_sum=Coalesce(Sum(f"{prefix}professionals"), 0),
        )
        .order_by()
    )


def _figure_groups(records: QuerySet[Activity]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(facet, key, sums) of `records`, one per figure row they contribute to; the key has the office,
    year, month and the facet's own columns."""
    facets = [
        (
            "all",
            records,
            "",
            {
                "youth_office_id": "youth_office_id",
                "dimension": "dimension",
                "activity_type_id": "activity_type_id",
            },
        ),
        (
            "kita",
            Activity.kitas.through.objects.filter(activity__in=records),
            "activity__",
            {"youth_office_id": "activity__youth_office_id", "kita_id": "kita_id"},
        ),
        (
            "topic",
            Activity.topics.through.objects.filter(activity__in=records),
            "activity__",
            {"youth_office_id": "activity__youth_office_id", "topic_id": "topic_id"},
        ),
    ]
    result = []
    for facet, qs, prefix, key_fields in facets:
        for row in _grouped(qs, prefix, key_fields):
            key = {name: row[column] for name, column in key_fields.items()}
            result.append((facet, {"year": row["y"], "month": row["m"], **key}, row))
    return result


@transaction.atomic
def figures_subtract(*, records: QuerySet[Activity]) -> None:
    """Take `records` out of the monthly figures before they are deleted (retention), in grouped queries."""
    for facet, key, row in _figure_groups(records):
        values = {
            "activities": -row["n"],
            "minutes": -row["minutes_sum"],
            "adults": -row["adults_sum"],
            "children": -row["children_sum"],
            "professionals": -row["professionals_sum"],
        }
        where = {name: key.pop(name) for name in ("youth_office_id", "year", "month")}
        _figure_add(**where, facet=facet, key=key, values=values)


@transaction.atomic
def figures_rebuild(*, youth_office: YouthOffice) -> int:
    """Recompute an office's monthly figures from its activities (after bulk loads); returns the row count."""
    ActivityFigure.objects.filter(youth_office=youth_office).delete()
    records = Activity.objects.filter(youth_office=youth_office)
    rows = [
        ActivityFigure(
            facet=facet,
            **{**_NO_KEY, **key},
            activities=row["n"],
            minutes=row["minutes_sum"],
            adults=row["adults_sum"],
            children=row["children_sum"],
            professionals=row["professionals_sum"],
        )
        for facet, key, row in _figure_groups(records)
    ]
    ActivityFigure.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
