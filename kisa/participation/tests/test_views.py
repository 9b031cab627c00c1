"""Handling pages: who may open what, what each role sees, and the actions through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kisa.core.models import AuditEntry
from kisa.core.tests.ui import queries_for, ui
from kisa.participation import selectors
from kisa.participation.models import ChildVoiceEntry, FeedbackItem, ParticipationSettings
from kisa.participation.tests.factories import ChildVoiceEntryFactory, FeedbackItemFactory

Status = FeedbackItem.Status


def url(name: str, *args) -> str:
    return reverse(f"participation:{name}", args=args)


@pytest.fixture
def items(world):
    """kita_a: an ordinary complaint with a contact, a safety item (routed), an escalated one; kita_b: one."""
    today = timezone.localdate()
    return {
        "plain": FeedbackItemFactory(kita=world.kita_a, message="Essen kalt", contact="0171 555"),
        "routed": FeedbackItemFactory(
            kita=world.kita_a, topic="safety", routed_to_social_worker=True, message="Zaun kaputt"
        ),
        "escalated": FeedbackItemFactory(
            kita=world.kita_a,
            message="Seit Wochen keine Antwort",
            contact="mail@example.org",
            due_on=today - dt.timedelta(days=3),
            escalated_at=timezone.now(),
        ),
        "kita_b": FeedbackItemFactory(
            kita=world.kita_b, routed_to_social_worker=True, message="Regenbogen-Sache"
        ),
        "other": FeedbackItemFactory(kita=world.other_kita, message="Fremdes Amt"),
    }


def test_anonymous_is_sent_to_login(world, items):
    response = Client().get(url("feedback_list"))
    assert response.status_code == 302 and "/konto/anmelden/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("kita_lead", {"Essen kalt", "Zaun kaputt", "Seit Wochen keine Antwort"}),
        ("worker_a", {"Zaun kaputt"}),
        ("worker_b", {"Regenbogen-Sache"}),
        ("provider", {"Seit Wochen keine Antwort"}),
    ],
)
def test_inbox_shows_each_role_its_items(world, items, persona, visible):
    response = world.client_for(persona).get(url("feedback_list"))
    assert response.status_code == 200
    shown = {item.message for item in response.context["items"]}
    assert shown == visible


@pytest.mark.parametrize("persona", ["coordinator", "read_only", "admin", "outsider"])
def test_inbox_is_refused_to_aggregate_roles(world, items, persona):
    assert world.client_for(persona).get(url("feedback_list")).status_code == 403


def test_former_worker_loses_the_items(world, items):
    world.assignment_a.valid_to = timezone.localdate() - dt.timedelta(days=1)
    world.assignment_a.valid_from = timezone.localdate() - dt.timedelta(days=100)
    world.assignment_a.save()
    response = world.client_for("worker_a").get(url("feedback_list"))
    assert list(response.context["items"]) == []
    assert world.client_for("worker_a").get(url("feedback_detail", items["routed"].pk)).status_code == 404


def test_detail_shows_contact_to_handlers_only(world, items):
    lead = world.client_for("kita_lead").get(url("feedback_detail", items["escalated"].pk))
    assert "mail@example.org" in lead.content.decode()
    provider = world.client_for("provider").get(url("feedback_detail", items["escalated"].pk))
    assert provider.status_code == 200
    html = provider.content.decode()
    assert "Seit Wochen keine Antwort" in html and "mail@example.org" not in html


@pytest.mark.parametrize(
    ("persona", "item", "status"),
    [
        ("worker_a", "plain", 404),
        ("worker_b", "routed", 404),
        ("provider", "plain", 404),
        ("kita_lead", "kita_b", 404),
        ("kita_lead", "other", 404),
        ("coordinator", "plain", 403),
        ("outsider", "other", 403),
    ],
)
def test_detail_refused(world, items, persona, item, status):
    assert world.client_for(persona).get(url("feedback_detail", items[item].pk)).status_code == status


def test_lead_answers_and_closes_through_the_page(world, items):
    client = world.client_for("kita_lead")
    item = items["plain"]
    response = client.post(url("feedback_status", item.pk), {"status": "in_progress"})
    assert response.status_code == 302
    response = client.post(
        url("feedback_answer", item.pk),
        {"answer_text": "Wir sprechen mit dem Caterer.", "answer_channel": "both"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.answer_channel) == (Status.ANSWERED, "both")
    client.post(url("feedback_status", item.pk), {"status": "closed"})
    item.refresh_from_db()
    assert item.status == Status.CLOSED


def test_refused_transition_shows_the_error_and_keeps_the_item(world, items):
    client = world.client_for("kita_lead")
    response = client.post(url("feedback_status", items["plain"].pk), {"status": "closed"})
    assert response.status_code == 422
    assert ui(
        "An item that is “%(current)s” cannot become “%(new)s”.", current=ui("Received"), new=ui("Closed")
    ) in (response.content.decode())
    items["plain"].refresh_from_db()
    assert items["plain"].status == Status.RECEIVED


def test_empty_answer_keeps_the_form(world, items):
    response = world.client_for("kita_lead").post(
        url("feedback_answer", items["plain"].pk), {"answer_text": "", "answer_channel": "published"}
    )
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()


def test_provider_may_note_but_not_handle_an_escalated_item(world, items):
    client = world.client_for("provider")
    item = items["escalated"]
    assert client.post(url("feedback_status", item.pk), {"status": "in_progress"}).status_code == 403
    assert (
        client.post(
            url("feedback_answer", item.pk), {"answer_text": "x", "answer_channel": "published"}
        ).status_code
        == 403
    )
    assert client.post(url("feedback_flag", item.pk)).status_code == 403
    assert client.post(url("feedback_note", item.pk), {"text": "Leitung angerufen"}).status_code == 302
    assert item.notes.get().text == "Leitung angerufen"


def test_child_protection_flag_shows_the_configured_procedure(world, items):
    ParticipationSettings.objects.create(
        youth_office=world.office, child_protection_procedure="Sofort den ASD anrufen."
    )
    client = world.client_for("kita_lead")
    item = items["plain"]
    assert client.post(url("feedback_flag", item.pk)).status_code == 302
    detail = client.get(url("feedback_detail", item.pk)).content.decode()
    assert "Sofort den ASD anrufen." in detail
    assert ui("Save answer") not in detail
    # The Kita's social worker now sees it as well.
    assert world.client_for("worker_a").get(url("feedback_detail", item.pk)).status_code == 200
    response = client.post(url("feedback_status", item.pk), {"status": "in_progress"})
    assert response.status_code == 422
    client.post(url("feedback_note", item.pk), {"text": "ASD übernimmt", "close_child_protection": "1"})
    item.refresh_from_db()
    assert item.status == Status.CLOSED


def test_inbox_lists_child_protection_first_and_filters(world, items):
    items["routed"].child_protection = True
    items["routed"].save()
    client = world.client_for("kita_lead")
    response = client.get(url("feedback_list"))
    assert next(iter(response.context["items"])) == items["routed"]
    filtered = client.get(url("feedback_list"), {"status": "answered"})
    assert list(filtered.context["items"]) == []
    by_kita = client.get(url("feedback_list"), {"kita": str(world.kita_b.pk)})
    assert list(by_kita.context["items"]) == []


def test_inbox_query_count_does_not_grow_with_items(world):
    client = world.client_for("kita_lead")
    FeedbackItemFactory(kita=world.kita_a)
    one = queries_for(client, url("feedback_list"))
    FeedbackItemFactory.create_batch(2, kita=world.kita_a)
    assert queries_for(client, url("feedback_list")) == one


# --- Children's voice -----------------------------------------------------------------------------------


def test_lead_records_childrens_voice_for_own_kita_only(world):
    client = world.client_for("kita_lead")
    data = {
        "kita": world.kita_a.pk,
        "category": "outdoors",
        "words": "Ich will in den Wald!",
        "age_band": "5_6",
        "source": "conference",
        "recorded_on": timezone.localdate().isoformat(),
    }
    assert client.post(url("childvoice_create"), data).status_code == 302
    entry = ChildVoiceEntry.objects.get()
    assert (entry.kita, entry.recorded_by) == (world.kita_a, world.users["kita_lead"])
    refused = client.post(url("childvoice_create"), {**data, "kita": world.kita_b.pk})
    assert refused.status_code == 200 and ChildVoiceEntry.objects.count() == 1
    listing = client.get(url("childvoice_list")).content.decode()
    assert "Ich will in den Wald!" in listing


@pytest.mark.parametrize("persona", ["coordinator", "provider", "read_only", "admin"])
def test_childrens_voice_is_refused_to_other_roles(world, persona):
    client = world.client_for(persona)
    assert client.get(url("childvoice_list")).status_code == 403
    assert client.get(url("childvoice_create")).status_code == 403


def test_worker_sees_childrens_voice_of_current_kitas(world):
    ChildVoiceEntryFactory(kita=world.kita_a, words="A-Stimme")
    ChildVoiceEntryFactory(kita=world.kita_b, words="B-Stimme")
    html = world.client_for("worker_a").get(url("childvoice_list")).content.decode()
    assert "A-Stimme" in html and "B-Stimme" not in html


# --- Aggregates and summary -------------------------------------------------------------------------------


def _answered(kita, *, late=False, count=1):
    today = timezone.localdate()
    for _ in range(count):
        FeedbackItemFactory(
            kita=kita,
            status=Status.ANSWERED,
            answer_text="Danke",
            answer_channel="published",
            answered_at=timezone.now(),
            due_on=today - dt.timedelta(days=1) if late else today + dt.timedelta(days=3),
        )


def test_aggregates_show_in_time_share_per_kita_and_suppress_small_groups(world):
    _answered(world.kita_a, count=4)
    _answered(world.kita_a, late=True)
    _answered(world.kita_b, count=2)
    _answered(world.kita_c)
    _answered(world.other_kita, count=9)
    response = world.client_for("coordinator").get(url("aggregates"))
    assert response.status_code == 200
    rows = {row.kita.name: row for row in response.context["figures"].by_kita}
    assert set(rows) == {"Kita St. Martin", "Kita Regenbogen", "Kita Arche Noah"}
    assert (rows["Kita St. Martin"].total, rows["Kita St. Martin"].in_time) == (5, 4)
    assert rows["Kita St. Martin"].share_in_time == 80.0
    for small in ("Kita Regenbogen", "Kita Arche Noah"):
        assert (rows[small].total, rows[small].in_time, rows[small].share_in_time) == (None, None, None)
    html = response.content.decode()
    assert "&lt; 5" in html
    assert "80,0 %" in html
    assert "Danke" not in html


def test_a_single_small_group_gets_a_second_one_hidden_so_totals_reveal_nothing(world):
    _answered(world.kita_a, count=6)
    _answered(world.kita_b, count=2)
    figures = world.client_for("coordinator").get(url("aggregates")).context["figures"]
    rows = {row.kita.name: row.total for row in figures.by_kita}
    assert rows == {"Kita St. Martin": None, "Kita Regenbogen": None, "Kita Arche Noah": 0}
    assert figures.total == 8
    topics = {cell.label: cell.count for cell in figures.by_topic}
    assert topics["Essen"] == 8


def test_a_kita_without_items_shows_a_dash_not_a_suppressed_share(world):
    _answered(world.kita_a, count=6)
    html = world.client_for("coordinator").get(url("aggregates")).content.decode()
    row = html[html.index("Kita Arche Noah") :]
    row = row[: row.index("</tr>")]
    assert "&lt; 5" not in row and row.count(">0\n<") == 3 and ">–<" in row


def test_provider_sees_aggregates_of_its_own_kitas_only(world):
    _answered(world.kita_b, count=6)
    figures = world.client_for("provider").get(url("aggregates")).context["figures"]
    assert {row.kita.name for row in figures.by_kita} == {"Kita St. Martin", "Kita Arche Noah"}
    assert figures.total == 0


@pytest.mark.parametrize(
    ("persona", "status"), [("read_only", 200), ("kita_lead", 403), ("worker_a", 403), ("admin", 403)]
)
def test_aggregates_access(world, persona, status):
    assert world.client_for(persona).get(url("aggregates")).status_code == status


def test_yearly_summary_lists_main_wishes(world):
    for _ in range(5):
        FeedbackItemFactory(kita=world.kita_a, kind="wish", topic="opening_hours")
    FeedbackItemFactory(kita=world.kita_a, kind="idea", topic="food")
    ChildVoiceEntryFactory.create_batch(5, kita=world.kita_a, category="outdoors")
    lead = world.client_for("kita_lead").get(url("summary", world.kita_a.pk))
    findings = lead.context["summary"].main_wishes
    assert [(f.source, f.title, f.count) for f in findings] == [
        ("parents", "Öffnungszeiten", 5),
        ("parents", "Essen", 1),
        ("children", "Draußen", 5),
    ]
    coordinator = world.client_for("coordinator").get(url("summary", world.kita_a.pk))
    assert [(f.title, f.count) for f in coordinator.context["summary"].main_wishes] == [
        ("Öffnungszeiten", 5),
        ("Draußen", 5),
    ]


@pytest.mark.parametrize(
    ("persona", "kita", "status"),
    [
        ("worker_a", "kita_b", 404),
        ("kita_lead", "kita_b", 404),
        ("outsider", "kita_a", 404),
        ("read_only", "kita_a", 403),
    ],
)
def test_yearly_summary_refused(world, persona, kita, status):
    assert world.client_for(persona).get(url("summary", getattr(world, kita).pk)).status_code == status


# --- Posters and settings -------------------------------------------------------------------------------


def test_poster_page_qr_and_pdf(world):
    client = world.client_for("kita_lead")
    page = client.get(url("poster", world.kita_a.pk)).content.decode()
    assert f"/beteiligung/k/{world.kita_a.pk}/?lang=tr" in page
    qr = client.get(url("poster_qr", world.kita_a.pk) + "?lang=ar")
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.startswith(b"<?xml")
    for language in ("de", "ar", "uk", "de-x-ls"):
        pdf = client.get(url("poster_pdf", world.kita_a.pk) + f"?lang={language}")
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("persona", "kita", "status"),
    [
        ("coordinator", "kita_c", 200),
        ("worker_a", "kita_b", 404),
        ("provider", "kita_a", 403),
        ("read_only", "kita_a", 403),
    ],
)
def test_poster_access(world, persona, kita, status):
    assert world.client_for(persona).get(url("poster", getattr(world, kita).pk)).status_code == status


def test_coordinator_configures_due_days_and_procedure(world):
    client = world.client_for("coordinator")
    form = client.get(url("settings")).content.decode()
    assert "8a" in form
    response = client.post(url("settings"), {"due_days": "10", "child_protection_procedure": "ASD anrufen."})
    assert response.status_code == 302
    saved = ParticipationSettings.objects.get(youth_office=world.office)
    assert (saved.due_days, saved.procedure_text) == (10, "ASD anrufen.")
    assert AuditEntry.objects.filter(model_label="participation.ParticipationSettings").count() == 1
    bad = client.post(url("settings"), {"due_days": "0", "child_protection_procedure": ""})
    assert bad.status_code == 200 and 'aria-invalid="true"' in bad.content.decode()


@pytest.mark.parametrize("persona", ["kita_lead", "worker_a", "provider", "read_only", "admin"])
def test_settings_refused(world, persona):
    assert world.client_for(persona).get(url("settings")).status_code == 403


def test_start_page_shows_open_and_overdue_items_to_the_lead(world, items):
    html = world.client_for("kita_lead").get(reverse("core:home")).content.decode()
    assert ui("Feedback inbox") in html
    assert "3 offene Einträge" in html and "1 überfällig" in html


def test_child_voice_list_and_aggregates_query_counts_do_not_grow(world):
    lead = world.client_for("kita_lead")
    coordinator = world.client_for("coordinator")
    ChildVoiceEntryFactory(kita=world.kita_a)
    FeedbackItemFactory(kita=world.kita_a)
    voices, figures = queries_for(lead, url("childvoice_list")), queries_for(coordinator, url("aggregates"))
    ChildVoiceEntryFactory.create_batch(2, kita=world.kita_a)
    FeedbackItemFactory.create_batch(2, kita=world.kita_b)
    assert queries_for(lead, url("childvoice_list")) == voices
    assert queries_for(coordinator, url("aggregates")) == figures


def test_figures_link_to_the_yearly_summary_except_for_read_only(world):
    summary = url("summary", world.kita_a.pk)
    assert summary in world.client_for("coordinator").get(url("aggregates")).content.decode()
    assert summary not in world.client_for("read_only").get(url("aggregates")).content.decode()


def test_another_offices_kita_lead_gets_404_for_our_items_kitas_and_posters(world, items):
    from kisa.accounts.models import Role
    from kisa.accounts.tests.factories import MembershipFactory, UserFactory

    stranger = UserFactory(username="fremde_leitung")
    MembershipFactory(
        user=stranger, youth_office=world.other_office, role=Role.KITA_LEAD, kitas=[world.other_kita]
    )
    client = Client()
    client.force_login(stranger)
    assert client.get(url("feedback_detail", items["plain"].pk)).status_code == 404
    assert (
        client.post(
            url("feedback_answer", items["plain"].pk), {"answer_text": "x", "answer_channel": "published"}
        ).status_code
        == 404
    )
    assert client.get(url("summary", world.kita_a.pk)).status_code == 404
    assert client.get(url("poster", world.kita_a.pk)).status_code == 404
    assert {item.message for item in client.get(url("feedback_list")).context["items"]} == {"Fremdes Amt"}
    assert client.get(url("feedback_detail", items["other"].pk)).status_code == 200


def test_inbox_filter_offers_the_provider_its_own_kitas(world, items):
    form = world.client_for("provider").get(url("feedback_list")).context["filter_form"]
    offered = {label for value, label in form.fields["kita"].choices if value}
    assert offered == {"Kita St. Martin", "Kita Arche Noah"}


def test_summary_for_planning_per_role(world):
    """`participation_summary_visible_to`: handlers see exact counts, coordinator and provider "< 5",
    the rest nothing."""
    FeedbackItemFactory.create_batch(2, kita=world.kita_a, kind="wish", topic="food")
    year = timezone.localdate().year

    def summary(persona):
        return selectors.participation_summary_visible_to(
            user=world.users[persona], kita_id=world.kita_a.pk, year=year
        )

    assert summary("kita_lead").feedback_total == 2
    assert summary("kita_lead").main_wishes[0].count == 2
    assert summary("coordinator").feedback_total is None and summary("coordinator").main_wishes == []
    assert summary("provider").feedback_total is None
    assert summary("worker_b") is None and summary("read_only") is None and summary("outsider") is None


def test_kita_summaries_and_office_figures_give_no_small_group_away_by_subtraction(world):
    """Kita St. Martin: 6 food, 2 fees, 6 care; Kita Regenbogen: 7 food, 5 care. Before, the office's food
    total (13) minus Regenbogen's food (7) gave St. Martin's food (6), and its total (14) minus food and care
    the 2 fee items. Now the coordinator's summaries hide enough cells that this chain breaks."""
    for kita, topics in (
        (world.kita_a, {"food": 6, "fees": 2, "care": 6}),
        (world.kita_b, {"food": 7, "care": 5}),
    ):
        for topic, count in topics.items():
            FeedbackItemFactory.create_batch(count, kita=kita, topic=topic)
    year = timezone.localdate().year
    topics = FeedbackItem.Topic.values

    def topics_of(kita):
        summary = selectors.participation_summary_visible_to(
            user=world.users["coordinator"], kita_id=kita.pk, year=year
        )
        return summary.feedback_total, dict(
            zip(topics, (cell.count for cell in summary.by_topic), strict=True)
        )

    total_a, a = topics_of(world.kita_a)
    total_b, b = topics_of(world.kita_b)
    assert (total_a, total_b) == (14, 12)
    assert a["fees"] is None and a["food"] is None  # the small cell and its partner in the row
    assert b["food"] is None  # the food column would otherwise reveal St. Martin's food
    assert b["care"] is None and a["care"] is None  # and so on until no row or column has one
    # the Kita's own leadership still reads exact figures
    own = selectors.participation_summary_visible_to(
        user=world.users["kita_lead"], kita_id=world.kita_a.pk, year=year
    )
    assert dict(zip(topics, (cell.count for cell in own.by_topic), strict=True))["fees"] == 2
