"""Demo planning cycle: 2025 plans of the surveyed demo Kitas, from findings to review, and 2026 plans in
early phases.

Four of five Kitas of the demo survey rounds (the needs survey of seven Kitas and the staff survey of the
others) get a 2025 plan: evaluated,
has two or three goals answering the Kita's findings (and a fitting goal of the catalogue) with a five-level
goal-attainment scale, one or two projects of the Kita's social worker serving them, the worker's 2025
activities at that Kita linked to the projects, and the review at the start of 2026. Unfinished goals of a
few Kitas are carried into 2026 plans that stand in different phases (implementation, projects, evaluation,
goals), so the coordinator's overview shows the cycle at every step.

The survey demo keeps findings for one Kita only; the other surveyed Kitas get the findings their team would
have written down when evaluating their 2025 round (through `surveys.services.finding_create`).

The demo activities cover 1 January of last year until yesterday (`kisa.documentation.demo`): loaded in
2026, the 2025 projects link a year of work and the running 2026 projects the work of 2026 so far.
Deterministic (seeded random) and idempotent (skips when
the office has plans). Rows are written with `audited_create` (actor None) and bulk updates for the links.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kisa.core.services import audited_create
from kisa.directory.models import Service
from kisa.documentation.models import Activity, Dimension
from kisa.planning.models import CatalogueGoal, Goal, Plan, Project
from kisa.planning.selectors import documented_value, finding_years
from kisa.planning.services import catalogue_install_defaults
from kisa.registry.models import Assignment, Kita, Provider, StaffMember
from kisa.surveys import services as survey_services
from kisa.surveys.demo import ROUND_2024, ROUND_2025, ROUND_2025_STAFF
from kisa.surveys.models import Finding, SurveyRound
from kisa.surveys.selectors import round_kitas

SEED = 5025
PLAN_YEAR = 2025
NEXT_YEAR = 2026
PLAN_EVERY = 5  # every fifth surveyed Kita has no 2025 plan: four of five do
EVALUATED_ON = dt.date(2025, 6, 30)
PROJECTS_FROM = dt.date(2025, 7, 1)
REVIEWED_ON = dt.date(2026, 1, 20)
# Dimensions whose work may also serve a project when none of its own dimension was documented.
RELATED_DIMENSIONS = {
    Dimension.CROSS_CASE: (Dimension.NON_CASE, Dimension.KITA_STAFF),
    Dimension.NON_CASE: (Dimension.CROSS_CASE, Dimension.KITA_STAFF),
}
FALLBACK_LINKS = 3
# Attainment of the goals not measured by documented work, in turn: every level occurs, most are on target.
ATTAINMENT_CYCLE = (0, 1, -1, 2, 0, -2, 1, 0, -1, 0, 2, 1, 0, -1)


@dataclass(frozen=True)
class Theme:
    """A kind of finding and how a Kita answers it: the goal, its indicator and the project."""

    topic: str
    kind: str
    finding: str
    goal: str
    catalogue: str
    target_group: str
    indicator: str
    source: str
    baseline: int
    target: int
    project: str
    description: str
    dimension: str
    categories: tuple[str, ...] = ()


THEMES: dict[str, Theme] = {
    theme.topic: theme
    for theme in (
        Theme(
            topic="Mobilität",
            kind=Finding.Kind.NEED,
            finding="Familien ohne Auto erreichen Beratung in der Stadt kaum; Sprechstunde in der Kita gewünscht.",
            goal="Beratung ohne Anfahrt: Familien nutzen die Sprechstunde in der Kita",
            catalogue="Familien werden im Umgang mit Behörden unterstützt",
            target_group="families",
            indicator="Familien, die in der Sprechstunde beraten wurden",
            source=Goal.IndicatorSource.FAMILIES_REACHED,
            baseline=0,
            target=12,
            project="Offene Sprechstunde in der Kita",
            description="Jeden zweiten Dienstag Sprechstunde im Elternraum, mit Hilfe bei Anträgen und "
            "Vermittlung in die Beratungsstellen.",
            dimension=Dimension.CASE,
            categories=("social_benefits", "parenting_counselling"),
        ),
        Theme(
            topic="Vernetzung",
            kind=Finding.Kind.RESOURCE,
            finding="Mehrsprachige Eltern bieten an, bei Elternabenden zu übersetzen.",
            goal="Mehrsprachige Eltern gestalten Elterncafé und Elternabende mit",
            catalogue="Familien vernetzen sich untereinander",
            target_group="parents",
            indicator="Teilnehmende (Erwachsene und Kinder) an Elterncafé und Elternabenden",
            source=Goal.IndicatorSource.PARTICIPANTS,
            baseline=20,
            target=60,
            project="Mehrsprachiges Elterncafé",
            description="Monatliches Elterncafé, von Eltern mit anderen Familiensprachen mitgestaltet; "
            "Übersetzung bei Elternabenden.",
            dimension=Dimension.CROSS_CASE,
            categories=("migration_counselling", "family_education"),
        ),
        Theme(
            topic="Sprache",
            kind=Finding.Kind.NEED,
            finding="Eltern mit wenig Deutschkenntnissen fühlen sich bei Elterngesprächen unsicher und "
            "wünschen einen Deutschkurs mit Kinderbetreuung.",
            goal="Eltern mit anderer Familiensprache finden einen Sprachkurs mit Kinderbetreuung",
            catalogue="Strukturelle Benachteiligungen ausgleichen",
            target_group="parents",
            indicator="Eltern, die einen Sprachkurs mit Kinderbetreuung besuchen",
            source=Goal.IndicatorSource.MANUAL,
            baseline=0,
            target=8,
            project="Sprachkurs mit Kinderbetreuung in der Kita",
            description="Mit der Volkshochschule ein Deutschkurs am Vormittag in der Kita, die Kinder werden "
            "nebenan betreut.",
            dimension=Dimension.NON_CASE,
            categories=("language_course",),
        ),
        Theme(
            topic="Freizeit",
            kind=Finding.Kind.NEED,
            finding="Im Ort gibt es kaum Angebote für Kinder am Nachmittag und am Wochenende.",
            goal="Vereine im Ort öffnen Angebote für Kita-Kinder und ihre Familien",
            catalogue="Neue Kooperationen mit Nachbarschaft, Vereinen und Schulen entstehen",
            target_group="institutions",
            indicator="Netzwerktreffen und Kooperationen mit Vereinen im Ort",
            source=Goal.IndicatorSource.ACTIVITIES,
            baseline=1,
            target=6,
            project="Runder Tisch „Kinder im Ort“",
            description="Sportverein, Bücherei, Kirchengemeinde und Ortsgemeinde planen mit der Kita "
            "Nachmittagsangebote für Kinder.",
            dimension=Dimension.NON_CASE,
            categories=("club_leisure",),
        ),
        Theme(
            topic="Schulstart",
            kind=Finding.Kind.NEED,
            finding="Eltern wünschen Informationen zum Schulstart früher und in mehreren Sprachen.",
            goal="Familien sind gut auf den Übergang in die Grundschule vorbereitet",
            catalogue="Zusammenarbeit von Familien, Kita und den Angeboten im Sozialraum ausbauen",
            target_group="families",
            indicator="Anteil der Eltern der Vorschulkinder, die sich gut informiert fühlen (%)",
            source=Goal.IndicatorSource.SURVEY,
            baseline=45,
            target=75,
            project="Infoabende Schulstart mit der Grundschule",
            description="Zwei Infoabende mit der Grundschule, Material in mehreren Sprachen, Besuch der "
            "Schule mit den Vorschulkindern.",
            dimension=Dimension.CROSS_CASE,
            categories=("family_education",),
        ),
        Theme(
            topic="Erziehung",
            kind=Finding.Kind.NEED,
            finding="Eltern wünschen Austausch zu Erziehungsfragen am Abend, wenn sie nicht arbeiten.",
            goal="Eltern fühlen sich in Erziehungsfragen gestärkt",
            catalogue="Eltern werden beraten – für mehr Chancengleichheit",
            target_group="parents",
            indicator="Anteil der Eltern, die sich in Erziehungsfragen gut unterstützt fühlen (%)",
            source=Goal.IndicatorSource.SURVEY,
            baseline=55,
            target=70,
            project="Elternabend-Reihe „Starke Eltern“",
            description="Vier Elternabende zu Erziehungsfragen mit der Erziehungsberatungsstelle.",
            dimension=Dimension.CROSS_CASE,
            categories=("parenting_counselling",),
        ),
        Theme(
            topic="Elternbeteiligung",
            kind=Finding.Kind.RESOURCE,
            finding="Ein engagierter Elternbeirat und ein großer Garten stehen für Treffen zur Verfügung.",
            goal="Eltern gestalten einen Familientreff im Kita-Garten",
            catalogue="Ressourcen und Bedarfe von Familien und Sozialraum erkennen und niedrigschwellige "
            "Unterstützung (re)aktivieren",
            target_group="families",
            indicator="Familientreffen, die Eltern selbst ausrichten",
            source=Goal.IndicatorSource.MANUAL,
            baseline=0,
            target=4,
            project="Familientreff im Kita-Garten",
            description="Der Elternbeirat lädt zu Gartentreffen ein; die Fachkraft unterstützt beim Start.",
            dimension=Dimension.CROSS_CASE,
            categories=("family_education",),
        ),
    )
}
NEEDS = [t for t in THEMES.values() if t.kind == Finding.Kind.NEED and t.topic != "Mobilität"]
RESOURCES = [t for t in THEMES.values() if t.kind == Finding.Kind.RESOURCE and t.topic != "Vernetzung"]
FALLBACK_THEMES = [THEMES["Erziehung"], THEMES["Freizeit"], THEMES["Elternbeteiligung"]]


def _thresholds(baseline: int, target: int) -> list[Decimal]:
    """Where the levels −1, 0, +1 and +2 begin: a quarter, three quarters, 110 % and 140 % of the way."""
    span = Decimal(target - baseline)
    return [Decimal(baseline) + span * Decimal(share) for share in ("0.25", "0.75", "1.1", "1.4")]


def _number(value: Decimal) -> str:
    return f"{value:.0f}"


def _scale(theme: Theme, baseline: int, target: int) -> dict[str, str]:
    t = [_number(v) for v in _thresholds(baseline, target)]
    unit = theme.indicator
    return {
        "level_minus_2": f"{unit}: weniger als {t[0]} (kaum Veränderung)",
        "level_minus_1": f"{unit}: {t[0]} bis unter {t[1]}",
        "level_0": f"{unit}: {t[1]} bis unter {t[2]} (Ziel {target})",
        "level_plus_1": f"{unit}: {t[2]} bis unter {t[3]}",
        "level_plus_2": f"{unit}: {t[3]} und mehr",
    }


def _level_of(value: Decimal, baseline: int, target: int) -> int:
    if target == baseline:
        return 0
    return sum(1 for threshold in _thresholds(baseline, target) if value >= threshold) - 2


def _value_for(level: int, baseline: int, target: int) -> Decimal:
    """A value inside the band of `level`."""
    span = Decimal(target - baseline)
    share = {-2: "0.1", -1: "0.5", 0: "1", 1: "1.2", 2: "1.5"}[level]
    return (Decimal(baseline) + span * Decimal(share)).quantize(Decimal("1"))


DEMO_ROUNDS = (ROUND_2024, ROUND_2025, ROUND_2025_STAFF)


def _surveyed_kitas(office: Any) -> list[Kita]:
    rounds = SurveyRound.objects.filter(youth_office=office, name__in=DEMO_ROUNDS)
    kitas: dict[int, Kita] = {}
    for survey_round in rounds.order_by("starts_on"):
        for kita in round_kitas(survey_round).order_by("number"):
            kitas.setdefault(kita.pk, kita)
    return sorted(kitas.values(), key=lambda k: (k.number, k.pk))


def _ensure_findings(rng: random.Random, office: Any, kita: Kita) -> list[Finding]:
    """The Kita's findings of the plan's rounds; a Kita without any gets what its team found in 2025."""
    findings = list(
        Finding.objects.filter(
            youth_office=office, kita=kita, round__starts_on__year__in=finding_years(PLAN_YEAR)
        ).order_by("id")
    )
    if findings:
        return findings
    rounds = SurveyRound.objects.filter(youth_office=office, name__in=DEMO_ROUNDS, starts_on__year=PLAN_YEAR)
    survey_round = next((r for r in rounds if round_kitas(r).filter(pk=kita.pk).exists()), None)
    if survey_round is None:
        return []
    themes = rng.sample(NEEDS, 2) + rng.sample(RESOURCES, 1)
    return [
        survey_services.finding_create(
            actor=None, survey_round=survey_round, kita=kita, kind=t.kind, topic=t.topic, text=t.finding
        )
        for t in themes
    ]


def _worker_of(kita: Kita, workers: list[StaffMember]) -> StaffMember | None:
    assignment = (
        Assignment.objects.filter(kita=kita, staff_member__in=workers)
        .order_by("valid_from", "pk")
        .select_related("staff_member")
        .first()
    )
    return assignment.staff_member if assignment else None


class _Loader:
    def __init__(self, office: Any, rng: random.Random) -> None:
        self.office = office
        self.rng = rng
        self.catalogue = {g.title: g for g in CatalogueGoal.objects.filter(youth_office=office)}
        self.providers = list(Provider.objects.filter(youth_office=office).order_by("name"))
        self.services = list(Service.objects.filter(youth_office=office, is_active=True).order_by("pk"))
        self.turn = 0
        self.linked = 0

    def _attainment(self) -> int:
        level = ATTAINMENT_CYCLE[self.turn % len(ATTAINMENT_CYCLE)]
        self.turn += 1
        return level

    def goal(
        self, *, plan: Plan, theme: Theme, worker: StaffMember, findings: list[Finding], baseline: int
    ) -> Goal:
        goal = audited_create(
            actor=None,
            instance=Goal(
                youth_office=self.office,
                plan=plan,
                title=theme.goal,
                target_group=theme.target_group,
                indicator=theme.indicator,
                indicator_source=theme.source,
                baseline=Decimal(baseline),
                target_value=Decimal(theme.target),
                target_date=plan.ends_on,
                **_scale(theme, baseline, theme.target),
            ),
        )
        goal.findings.set(findings)
        if theme.catalogue in self.catalogue:
            goal.catalogue_goals.set([self.catalogue[theme.catalogue]])
        goal.responsible.set([worker])
        return goal

    def project(
        self,
        *,
        plan: Plan,
        theme: Theme,
        goals: list[Goal],
        worker: StaffMember,
        starts_on: dt.date,
        status: str,
    ) -> Project:
        planned = Decimal(self.rng.randrange(30, 90, 5))
        project = audited_create(
            actor=None,
            instance=Project(
                youth_office=self.office,
                plan=plan,
                title=theme.project,
                description=theme.description,
                dimension=theme.dimension,
                starts_on=starts_on,
                ends_on=plan.ends_on,
                responsible=worker,
                planned_hours=planned,
                planned_costs=Decimal(self.rng.choice((0, 150, 300, 500))),
                actual_costs=Decimal(self.rng.choice((0, 120, 280))) if status == Project.Status.DONE else 0,
                status=status,
            ),
        )
        project.goals.set(goals)
        fitting = [s for s in self.services if set(s.categories) & set(theme.categories)]
        if fitting:
            project.partner_services.set([self.rng.choice(fitting)])
        others = [p for p in self.providers if p.pk != plan.kita.provider_id]
        if others and theme.dimension == Dimension.NON_CASE:
            project.partner_providers.set([self.rng.choice(others)])
        return project

    def link(self, *, projects: list[Project], worker: StaffMember, kita: Kita) -> None:
        """Link the worker's unlinked activities at the Kita within each project's period: those of the
        project's dimension, shared in turn between projects of the same dimension; a project left without
        any takes a few of a related dimension (a network meeting preparing a parents' café)."""
        by_dimension: dict[str, list[Project]] = {}
        for project in projects:
            by_dimension.setdefault(project.dimension, []).append(project)
        linked: dict[int, int] = {project.pk: 0 for project in projects}
        for dimension, own in by_dimension.items():
            changed = []
            for index, activity in enumerate(self._unlinked(own, worker, kita, (dimension,))):
                project = own[index % len(own)]
                if project.starts_on <= activity.date <= project.ends_on:
                    activity.project = project
                    changed.append(activity)
                    linked[project.pk] += 1
            Activity.objects.bulk_update(changed, ["project"], batch_size=1000)
            self.linked += len(changed)
        for project in projects:
            related = RELATED_DIMENSIONS.get(project.dimension, ())
            if linked[project.pk] or not related:
                continue
            changed = self._unlinked([project], worker, kita, related)[:FALLBACK_LINKS]
            for activity in changed:
                activity.project = project
            Activity.objects.bulk_update(changed, ["project"], batch_size=1000)
            self.linked += len(changed)

    @staticmethod
    def _unlinked(
        projects: list[Project], worker: StaffMember, kita: Kita, dimensions: tuple[str, ...]
    ) -> list[Activity]:
        return list(
            Activity.objects.filter(
                worker=worker,
                kitas=kita,
                dimension__in=dimensions,
                project__isnull=True,
                date__gte=min(p.starts_on for p in projects),
                date__lte=max(p.ends_on for p in projects),
            )
            .only("pk", "date")
            .order_by("date", "pk")
        )

    def review(self, goal: Goal, *, carry: bool = False, level: int | None = None) -> None:
        """Rate the goal: from documented work where its indicator comes from there, else the next level of
        the cycle (or `level`); `carry` marks it as carried into the next year."""
        baseline, target = int(goal.baseline), int(goal.target_value)
        counted = documented_value(goal=goal)
        if counted is not None:
            actual = Decimal(counted)
            level = _level_of(actual, baseline, target)
            evidence = f"Laut Dokumentation der verknüpften Vorhaben: {counted} ({goal.indicator})."
        else:
            level = self._attainment() if level is None else level
            actual = _value_for(level, baseline, target)
            source = "Bedarfserhebung" if goal.indicator_source == Goal.IndicatorSource.SURVEY else "Zählung"
            evidence = f"{source}: {_number(actual)} ({goal.indicator}); Ziel war {target}."
        lessons = {
            -2: "Der Start kam zu spät im Jahr; Termine früher mit der Kita-Leitung abstimmen.",
            -1: "Mehr Vorlauf und persönliche Einladungen über die Erzieherinnen helfen.",
            0: "Das Vorgehen hat sich bewährt und wird beibehalten.",
            1: "Eltern haben selbst weitere Familien mitgebracht.",
            2: "Die Partner vor Ort tragen das Angebot inzwischen mit; es läuft ohne uns weiter.",
        }
        goal.attainment = level
        goal.actual_value = actual
        goal.evidence = evidence
        goal.lesson = lessons[level]
        goal.reviewed_on = REVIEWED_ON
        goal.status = Goal.Status.CARRIED_OVER if carry else Goal.Status.REVIEWED
        goal.full_clean()
        goal.save()


def load_planning_demo(*, registry: Any, stdout: Any) -> None:
    office = registry.youth_office
    catalogue_install_defaults(actor=None, youth_office=office)
    if Plan.objects.filter(youth_office=office).exists():
        stdout.write("Planning: demo plans exist already.\n")
        return
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    loader = _Loader(office, rng)
    workers = list(registry.social_workers)
    surveyed = _surveyed_kitas(office)
    planned = [kita for index, kita in enumerate(surveyed) if index % PLAN_EVERY != PLAN_EVERY - 1]
    plans_2025: list[tuple[Plan, StaffMember, list[Goal]]] = []
    for kita in planned:
        worker = _worker_of(kita, workers)
        findings = _ensure_findings(rng, office, kita)
        if worker is None or not findings:
            continue
        plan, goals = _plan_2025(loader, kita, worker, findings)
        plans_2025.append((plan, worker, goals))
    plans_2026 = 0
    for index, (plan, worker, goals) in enumerate(plans_2025):
        phase = NEXT_PHASES[index] if index < len(NEXT_PHASES) else None
        carried = _review(loader, plan, goals, carry=phase not in (None, "goals"))
        if phase is not None:
            _plan_2026(loader, plan.kita, worker, carried, phase)
            plans_2026 += 1
    stdout.write(
        f"Planning: {len(plans_2025)} plans for {PLAN_YEAR} reviewed, {plans_2026} plans for {NEXT_YEAR}, "
        f"{loader.linked} activities linked to projects.\n"
    )


# The phase each of the first 2026 plans is in (the rest of the Kitas have no 2026 plan yet).
NEXT_PHASES = ("implementation", "projects", "evaluation", "goals")


def _themes_for(rng: random.Random, findings: list[Finding]) -> list[tuple[Theme, list[Finding]]]:
    """Two or three themes the findings call for, each with the findings it answers."""
    chosen: dict[str, list[Finding]] = {}
    for finding in findings:
        theme = THEMES.get(finding.topic)
        if theme is not None:
            chosen.setdefault(theme.topic, []).append(finding)
    wanted = rng.choice((2, 3))
    if len(chosen) > wanted:
        chosen = dict(list(chosen.items())[:wanted])
    # Findings of a topic without a theme of its own are answered by a general goal.
    rest = [f for f in findings if f.topic not in THEMES]
    for theme in FALLBACK_THEMES:
        if len(chosen) >= 2 or not rest:
            break
        chosen.setdefault(theme.topic, rest)
    return [(THEMES[topic], found) for topic, found in chosen.items()]


def _plan_2025(
    loader: _Loader, kita: Kita, worker: StaffMember, findings: list[Finding]
) -> tuple[Plan, list[Goal]]:
    rng = loader.rng
    themes = _themes_for(rng, findings)
    plan = audited_create(
        actor=None,
        instance=Plan(
            youth_office=loader.office,
            kita=kita,
            year=PLAN_YEAR,
            starts_on=dt.date(PLAN_YEAR, 1, 1),
            ends_on=dt.date(PLAN_YEAR, 12, 31),
            evaluation="Das Team hat die Ergebnisse der Bedarfserhebung mit der Fachkraft ausgewertet. "
            "Vorrang haben: " + "; ".join(t.topic for t, _f in themes) + ".",
            evaluated_on=EVALUATED_ON,
        ),
    )
    goals = [
        loader.goal(plan=plan, theme=theme, worker=worker, findings=found, baseline=theme.baseline)
        for theme, found in themes
    ]
    # One or two projects; case work (the consultation hour) gets a project of its own.
    case_work = any(theme.dimension == Dimension.CASE for theme, _found in themes)
    count = 1 if len(goals) == 1 else 2 if case_work else rng.choice((1, 2))
    projects = []
    for index in range(count):
        served = goals[index::count]
        theme = themes[index][0]
        projects.append(
            loader.project(
                plan=plan,
                theme=theme,
                goals=served,
                worker=worker,
                starts_on=PROJECTS_FROM,
                status=Project.Status.DONE,
            )
        )
    loader.link(projects=projects, worker=worker, kita=kita)
    return plan, goals


def _review(loader: _Loader, plan: Plan, goals: list[Goal], *, carry: bool) -> list[Goal]:
    """Review every goal; with `carry`, the weakest one or two are carried into the next year."""
    for goal in goals:
        loader.review(goal)
    carried: list[Goal] = []
    if carry:
        weakest = sorted(goals, key=lambda g: (g.attainment or 0, g.pk))[: 2 if len(goals) > 2 else 1]
        for goal in weakest:
            # An unfinished goal: one rated on target or better is rated again, a level below.
            level = goal.attainment if (goal.attainment or 0) < 0 else -1
            loader.review(goal, carry=True, level=level)
            carried.append(goal)
    levels = [g.attainment for g in goals if g.attainment is not None]
    plan.review_summary = (
        f"{len(goals)} Ziele bewertet, Zielerreichung im Mittel {sum(levels) / len(levels):+.1f}. "
        + (
            f"{len(carried)} Ziel(e) werden {NEXT_YEAR} weiterverfolgt."
            if carried
            else "Alle Ziele abgeschlossen."
        )
    )
    plan.reviewed_on = REVIEWED_ON
    plan.full_clean()
    plan.save()
    return carried


def _plan_2026(loader: _Loader, kita: Kita, worker: StaffMember, carried: list[Goal], phase: str) -> None:
    evaluated = phase != "evaluation"
    plan = audited_create(
        actor=None,
        instance=Plan(
            youth_office=loader.office,
            kita=kita,
            year=NEXT_YEAR,
            starts_on=dt.date(NEXT_YEAR, 1, 1),
            ends_on=dt.date(NEXT_YEAR, 12, 31),
            evaluation="Die Ergebnisse der Bedarfserhebung 2025 gelten weiter; offene Ziele aus "
            f"{PLAN_YEAR} werden fortgeführt."
            if evaluated
            else "",
            evaluated_on=dt.date(NEXT_YEAR, 2, 15) if evaluated else None,
        ),
    )
    new_goals = []
    for old in carried:
        goal = audited_create(
            actor=None,
            instance=Goal(
                youth_office=loader.office,
                plan=plan,
                title=old.title,
                target_group=old.target_group,
                indicator=old.indicator,
                indicator_source=old.indicator_source,
                baseline=old.actual_value if old.actual_value is not None else old.baseline,
                target_value=old.target_value,
                target_date=plan.ends_on,
                level_minus_2=old.level_minus_2,
                level_minus_1=old.level_minus_1,
                level_0=old.level_0,
                level_plus_1=old.level_plus_1,
                level_plus_2=old.level_plus_2,
                carried_from=old,
            ),
        )
        # Only findings the new year may answer (rounds of 2025 and 2026).
        goal.findings.set(old.findings.filter(round__starts_on__year__in=finding_years(NEXT_YEAR)))
        goal.catalogue_goals.set(old.catalogue_goals.all())
        goal.responsible.set(old.responsible.all())
        new_goals.append(goal)
    if phase != "implementation" or not new_goals:
        return
    theme = next((t for t in THEMES.values() if t.goal == new_goals[0].title), THEMES["Erziehung"])
    project = loader.project(
        plan=plan,
        theme=theme,
        goals=new_goals,
        worker=worker,
        starts_on=dt.date(NEXT_YEAR, 3, 1),
        status=Project.Status.RUNNING,
    )
    loader.link(projects=[project], worker=worker, kita=kita)
