"""Participation services: receipt codes, routing, the status workflow, child protection, escalation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kisa.core.models import AuditEntry
from kisa.participation import services
from kisa.participation.models import ChildVoiceEntry, FeedbackItem, FeedbackNote, ParticipationSettings
from kisa.participation.tests.factories import FeedbackItemFactory

Status = FeedbackItem.Status


def submit(kita, **overrides):
    data = {"kind": "complaint", "topic": "food", "message": "Das Essen ist kalt.", "language": "de"}
    return services.feedback_submit(kita=kita, **{**data, **overrides})


def test_submit_returns_a_receipt_code_whose_hash_alone_is_stored(world):
    item, code = submit(world.kita_a)

    assert len(code) == 14 and code.count("-") == 2
    assert code not in str(FeedbackItem.objects.filter(pk=item.pk).values().get())
    assert services.feedback_for_receipt_code(code=code) == item
    assert services.feedback_for_receipt_code(code=code.lower().replace("-", " ")) == item
    assert services.feedback_for_receipt_code(code="AAAA-AAAA-AAAA") is None


def test_receipt_codes_differ_for_each_item(world):
    codes = {submit(world.kita_a)[1] for _ in range(20)}
    assert len(codes) == 20


def test_submit_sets_the_due_date_from_the_office_setting(world):
    today = dt.date(2026, 3, 2)
    item, _code = submit(world.kita_a, today=today)
    assert item.due_on == dt.date(2026, 3, 16)

    services.participation_settings_update(
        actor=world.users["coordinator"], youth_office=world.office, due_days=7, child_protection_procedure=""
    )
    item, _code = submit(world.kita_a, today=today)
    assert item.due_on == dt.date(2026, 3, 9)


@pytest.mark.parametrize(
    ("topic", "wants", "routed"),
    [("food", False, False), ("food", True, True), ("safety", False, True), ("fees", False, True)],
)
def test_routing_to_the_social_worker(world, topic, wants, routed):
    item, _code = submit(world.kita_a, topic=topic, wants_social_worker=wants)
    assert item.routed_to_social_worker is routed


def test_submit_refuses_an_empty_or_oversized_message_and_saves_nothing(world):
    with pytest.raises(ValidationError) as empty:
        submit(world.kita_a, message="   ")
    assert "message" in empty.value.message_dict
    with pytest.raises(ValidationError) as too_long:
        submit(world.kita_a, message="x" * 4001)
    assert "message" in too_long.value.message_dict
    assert FeedbackItem.objects.count() == 0
    assert not AuditEntry.objects.filter(model_label="participation.FeedbackItem").exists()


def test_submit_keeps_personal_data_out_of_the_audit_trail(world):
    item, _code = submit(world.kita_a, message="Mein Sohn Max wird geärgert", contact="0171 123456")
    entry = AuditEntry.objects.get(model_label="participation.FeedbackItem", object_id=str(item.pk))
    assert entry.actor is None
    text = str(entry.changes)
    assert "Max" not in text and "0171" not in text
    assert entry.changes["topic"] == "food"


def test_the_ordinary_workflow_and_refused_steps(world):
    lead = world.users["kita_lead"]
    item = FeedbackItemFactory(kita=world.kita_a)
    with pytest.raises(ValidationError) as skip:
        services.feedback_status_change(actor=lead, item=item, status=Status.CLOSED)
    assert "status" in skip.value.message_dict
    with pytest.raises(ValidationError):
        services.feedback_status_change(actor=lead, item=item, status=Status.ANSWERED)

    services.feedback_status_change(actor=lead, item=item, status=Status.IN_PROGRESS)
    services.feedback_answer(
        actor=lead, item=item, answer_text="Wir prüfen die Wärmebehälter.", channel="published"
    )
    item.refresh_from_db()
    assert item.status == Status.ANSWERED
    assert item.answered_by == lead
    assert item.answered_in_time is True
    services.feedback_status_change(actor=lead, item=item, status=Status.CLOSED)
    item.refresh_from_db()
    assert item.status == Status.CLOSED and item.closed_at is not None
    with pytest.raises(ValidationError):
        services.feedback_answer(actor=lead, item=item, answer_text="Noch etwas", channel="published")
    assert (
        AuditEntry.objects.filter(model_label="participation.FeedbackItem", object_id=str(item.pk)).count()
        == 3
    )


def test_answer_needs_text_and_a_contact_to_be_sent(world):
    lead = world.users["kita_lead"]
    item = FeedbackItemFactory(kita=world.kita_a, contact="")
    with pytest.raises(ValidationError) as empty:
        services.feedback_answer(actor=lead, item=item, answer_text="  ", channel="published")
    assert "answer_text" in empty.value.message_dict
    with pytest.raises(ValidationError) as no_contact:
        services.feedback_answer(actor=lead, item=item, answer_text="Danke", channel="sent")
    assert "answer_channel" in no_contact.value.message_dict
    item.refresh_from_db()
    assert item.status == Status.RECEIVED and item.answer_text == ""


def test_child_protection_leaves_the_ordinary_workflow(world):
    lead = world.users["kita_lead"]
    item = FeedbackItemFactory(kita=world.kita_a, due_on=timezone.localdate() - dt.timedelta(days=3))
    services.feedback_flag_child_protection(actor=lead, item=item)
    item.refresh_from_db()
    assert item.child_protection and item.routed_to_social_worker
    assert not item.is_overdue
    with pytest.raises(ValidationError):
        services.feedback_status_change(actor=lead, item=item, status=Status.IN_PROGRESS)
    with pytest.raises(ValidationError):
        services.feedback_answer(actor=lead, item=item, answer_text="Danke", channel="published")
    assert services.feedback_escalate_overdue() == 0
    with pytest.raises(ValidationError):
        services.feedback_child_protection_close(actor=lead, item=item, note=" ")

    services.feedback_child_protection_close(actor=lead, item=item, note="An den ASD übergeben (Frau K.)")
    item.refresh_from_db()
    assert item.status == Status.CLOSED
    assert FeedbackNote.objects.get(item=item).text == "An den ASD übergeben (Frau K.)"


def test_procedure_text_defaults_and_is_configurable(world):
    default = ParticipationSettings(youth_office=world.office).procedure_text
    assert "8a" in default
    saved = services.participation_settings_update(
        actor=world.users["coordinator"],
        youth_office=world.office,
        due_days=10,
        child_protection_procedure="Sofort Frau K. im ASD anrufen: 0261 000.",
    )
    assert saved.procedure_text == "Sofort Frau K. im ASD anrufen: 0261 000."
    with pytest.raises(ValidationError) as bad:
        services.participation_settings_update(
            actor=world.users["coordinator"],
            youth_office=world.office,
            due_days=0,
            child_protection_procedure="",
        )
    assert "due_days" in bad.value.message_dict


def test_escalation_marks_overdue_open_items_once(world):
    today = timezone.localdate()
    overdue = FeedbackItemFactory(kita=world.kita_a, due_on=today - dt.timedelta(days=1))
    FeedbackItemFactory(kita=world.kita_a, due_on=today)
    FeedbackItemFactory(
        kita=world.kita_a,
        due_on=today - dt.timedelta(days=5),
        status=Status.ANSWERED,
        answer_text="Erledigt",
        answer_channel="published",
    )
    assert services.feedback_escalate_overdue() == 1
    overdue.refresh_from_db()
    assert overdue.escalated_at is not None
    assert services.feedback_escalate_overdue() == 0


def test_escalate_command(world):
    from io import StringIO

    from django.core.management import call_command

    FeedbackItemFactory(kita=world.kita_a, due_on=timezone.localdate() - dt.timedelta(days=2))
    out = StringIO()
    call_command("escalate_overdue_feedback", stdout=out)
    assert out.getvalue().startswith("1 overdue")


def test_child_voice_record_refuses_a_future_date(world):
    lead = world.users["kita_lead"]
    with pytest.raises(ValidationError) as future:
        services.child_voice_record(
            actor=lead,
            kita=world.kita_a,
            category="play",
            words="Mehr Bauklötze",
            age_band="3_4",
            source="conference",
            recorded_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert "recorded_on" in future.value.message_dict
    entry = services.child_voice_record(
        actor=lead,
        kita=world.kita_a,
        category="play",
        words="Mehr Bauklötze",
        age_band="3_4",
        source="conference",
        recorded_on=timezone.localdate(),
    )
    assert ChildVoiceEntry.objects.get() == entry
    audit = AuditEntry.objects.get(model_label="participation.ChildVoiceEntry")
    assert "Bauklötze" not in str(audit.changes)
