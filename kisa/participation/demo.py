"""Demo feedback and children's voice: a few dozen items across several Kitas in every state.

Deterministic (seeded) and idempotent (skipped when the office already has feedback). Everything is
written through the services; only the dates are moved into the past afterwards (the demo spreads a year
of feedback over the trend view, which real items get by arriving over a year).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from kisa.accounts.models import User
from kisa.participation import services
from kisa.participation.models import ChildVoiceEntry, FeedbackItem
from kisa.registry.models import Assignment, Kita

SEED = 9
ITEMS = 40

MESSAGES = [
    ("complaint", "food", "de", "Das Mittagessen kommt oft lauwarm an."),
    ("wish", "opening_hours", "de", "Könnte die Kita freitags bis 15 Uhr offen bleiben?"),
    ("praise", "care", "de", "Vielen Dank für das schöne Sommerfest!"),
    ("idea", "communication", "de", "Eine Info-Tafel am Eingang mit den Terminen der Woche wäre hilfreich."),
    ("complaint", "safety", "de", "Das Tor zum Parkplatz schließt nicht richtig."),
    ("wish", "fees", "de", "Ich brauche Hilfe beim Antrag auf Bildung und Teilhabe."),
    ("complaint", "communication", "tr", "Veli toplantısının tarihi çok geç duyuruldu."),
    ("wish", "food", "tr", "Domuz eti içermeyen yemek seçeneği her gün olabilir mi?"),
    ("praise", "care", "ar", "شكرًا للمربيات على الصبر مع ابني."),
    ("complaint", "opening_hours", "ru", "Сад закрывается слишком рано для работающих родителей."),
    ("idea", "care", "uk", "Можна організувати ранкове заняття українською мовою?"),
    ("wish", "communication", "de-x-ls", "Ich will die Briefe von der Kita in einfacher Sprache."),
    ("complaint", "other", "de", "Im Flur fehlt ein Platz für Kinderwagen."),
    ("idea", "food", "de", "Gemeinsam mit den Kindern ein Hochbeet anlegen?"),
]

ANSWERS = {
    "food": "Danke für den Hinweis. Wir haben mit dem Caterer neue Warmhalteboxen vereinbart.",
    "opening_hours": "Wir prüfen den Bedarf mit einer kurzen Elternabfrage und melden uns im nächsten Elternbrief.",
    "care": "Vielen Dank! Wir haben Ihre Rückmeldung an das Team weitergegeben.",
    "communication": "Guter Vorschlag: Ab nächstem Monat hängt der Wochenplan am Eingang.",
    "safety": "Der Träger hat die Reparatur des Tors beauftragt.",
    "fees": "Die Kita-Sozialarbeit meldet sich bei Ihnen und hilft beim Antrag.",
    "other": "Wir suchen gemeinsam mit dem Träger nach einer Lösung.",
}

CHILD_VOICES = [
    ("outdoors", "Ich will mehr im Wald spielen.", "5_6", "conference"),
    ("food", "Die Nudeln sind lecker, aber der Fisch nicht.", "3_4", "conference"),
    ("rest", "Ich will mittags nicht schlafen, nur ausruhen.", "5_6", "complaint_box"),
    ("friends", "Die Großen lassen uns nicht mitspielen.", "3_4", "conversation"),
    ("rules", "Warum dürfen wir nicht auf die Bäume klettern?", "5_6", "conference"),
    ("play", "Mehr Bauklötze in der Bauecke!", "3_4", "complaint_box"),
    ("feelings", "Ich bin traurig, wenn Mama schnell geht.", "under_3", "observation"),
    ("outdoors", "Eine Matschküche im Garten!", "5_6", "conference"),
]


def _demo_kitas(office: Any) -> list[Kita]:
    """Six Kitas with a current assignment, the demo Kita lead's first, then the first demo worker's, so the
    demo logins (kitaleitung1, fachkraft1, traeger1) meet the items."""
    today = timezone.localdate()
    current = Assignment.objects.current(today).filter(youth_office=office)
    led = list(Kita.objects.filter(youth_office=office, lead_memberships__user__username="kitaleitung1"))
    first_worker = [a.kita_id for a in current.filter(staff_member__user__username="fachkraft1")]
    others = list(current.order_by("kita__number").values_list("kita_id", flat=True))
    ordered: list[int] = []
    for pk in [kita.pk for kita in led] + first_worker + others:
        if pk not in ordered:
            ordered.append(pk)
    by_pk = Kita.objects.in_bulk(ordered[:6])
    kitas = [by_pk[pk] for pk in ordered[:6]]
    return kitas or list(Kita.objects.filter(youth_office=office).order_by("number")[:6])


def _backdate(item: FeedbackItem, created: dt.datetime) -> None:
    FeedbackItem.objects.filter(pk=item.pk).update(created_at=created)


def load_participation_demo(*, youth_office: Any, stdout: Any = None) -> int:
    """Load the demo feedback for `youth_office`; returns how many items were written (0: already there)."""
    if FeedbackItem.objects.filter(youth_office=youth_office).exists():
        return 0
    kitas = _demo_kitas(youth_office)
    if not kitas:
        return 0
    rng = random.Random(SEED)  # noqa: S311 - demo data, reproducible on purpose
    today = timezone.localdate()
    handler = User.objects.filter(username="kitaleitung1").first()
    targets = ["received", "in_progress", "answered", "closed", "answered_late", "overdue"]
    written = 0
    for index in range(ITEMS):
        kind, topic, language, message = MESSAGES[index % len(MESSAGES)]
        kita = kitas[0] if index % 3 == 0 else kitas[index % len(kitas)]
        target = targets[index % len(targets)]
        if target == "overdue":
            days_ago = rng.randint(20, 60)
        elif target in ("received", "in_progress"):
            days_ago = rng.randint(0, 10)
        else:
            days_ago = rng.randint(20, 330)
        submitted = today - dt.timedelta(days=days_ago)
        item, _code = services.feedback_submit(
            kita=kita,
            kind=kind,
            topic=topic,
            message=message,
            language=language,
            contact="eltern.demo@example.org" if index % 4 == 0 else "",
            wants_social_worker=index % 5 == 0,
            today=submitted,
        )
        _backdate(item, timezone.make_aware(dt.datetime.combine(submitted, dt.time(9 + index % 8, 15))))
        if target in ("in_progress", "answered", "closed", "answered_late"):
            services.feedback_status_change(actor=handler, item=item, status="in_progress")
        if target in ("answered", "closed", "answered_late"):
            channel = "both" if item.contact else "published"
            services.feedback_answer(actor=handler, item=item, answer_text=ANSWERS[topic], channel=channel)
            delay = rng.randint(16, 25) if target == "answered_late" else rng.randint(1, 12)
            answered = min(submitted + dt.timedelta(days=delay), today)
            FeedbackItem.objects.filter(pk=item.pk).update(
                answered_at=timezone.make_aware(dt.datetime.combine(answered, dt.time(14, 0)))
            )
        if target == "closed":
            item.refresh_from_db()
            services.feedback_status_change(actor=handler, item=item, status="closed")
        written += 1
    # One report touching child protection, taken out of the ordinary workflow.
    item, _code = services.feedback_submit(
        kita=kitas[0],
        kind="complaint",
        topic="safety",
        message="Ein Kind hat erzählt, dass es zu Hause geschlagen wird.",
        today=today - dt.timedelta(days=2),
    )
    services.feedback_flag_child_protection(actor=handler, item=item)
    written += 1
    services.feedback_escalate_overdue(today=today)

    for index in range(16):
        category, words, age_band, source = CHILD_VOICES[index % len(CHILD_VOICES)]
        services.child_voice_record(
            actor=handler,
            kita=kitas[index % 2 if len(kitas) > 1 else 0],
            category=category,
            words=words,
            age_band=age_band,
            source=source,
            recorded_on=today - dt.timedelta(days=rng.randint(0, 200)),
        )
    if stdout is not None:
        voices = ChildVoiceEntry.objects.filter(youth_office=youth_office).count()
        stdout.write(
            f"Participation: {written} feedback items in {len(kitas)} Kitas, {voices} children's voices.\n"
        )
    return written
