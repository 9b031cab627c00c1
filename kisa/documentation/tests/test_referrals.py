"""Activities meet cases and the offer directory: case choices, consent warnings, referrals to concrete
offers, the directory's "document referral" link and referral statistics."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid

import pytest

from kisa.cases.models import Case
from kisa.cases.tests.factories import ConsentFactory
from kisa.core.tests.ui import ui
from kisa.directory.tests.factories import ServiceFactory
from kisa.documentation.models import Activity, Dimension, Referral
from kisa.documentation.tests.factories import ActivityFactory, make_case

ENTRY = "/dokumentation/erfassen/"
API = "/api/v1/activities"
STATS = "/api/v1/stats/referrals"


@pytest.fixture
def offers(world):
    return {
        "debt": ServiceFactory(
            youth_office=world.office, name="Schuldnerberatung Caritas Mayen", categories=["debt_counselling"]
        ),
        "both": ServiceFactory(
            youth_office=world.office,
            name="Familienzentrum Polch",
            categories=["parenting_counselling", "family_education"],
        ),
        "other_office": ServiceFactory(
            youth_office=world.other_office,
            name="Schuldnerberatung Ahrweiler",
            categories=["debt_counselling"],
        ),
    }


@pytest.fixture
def cases(world):
    return {
        "own": make_case(worker=world.worker_a, kita=world.kita_a),
        "deputy": make_case(worker=world.worker_b, kita=world.kita_b, deputy=world.worker_a),
        "closed": make_case(worker=world.worker_a, kita=world.kita_a, status=Case.Status.CLOSED),
        "foreign": make_case(worker=world.worker_b, kita=world.kita_b),
    }


def _form(world, catalogue, **overrides):
    data = {
        "client_id": str(uuid.uuid4()),
        "date": "2025-03-05",
        "duration_minutes": "30",
        "dimension": "case",
        "activity_type": str(catalogue["types"][Dimension.CASE].pk),
        "kitas": [str(world.kita_a.pk)],
        "language": "de",
        "note": "",
    }
    data.update(overrides)
    return data


def _payload(world, catalogue, **overrides):
    data = {
        "client_id": str(uuid.uuid4()),
        "date": "2025-03-05",
        "duration_minutes": 30,
        "dimension": "case",
        "activity_type_id": catalogue["types"][Dimension.CASE].pk,
        "kita_ids": [world.kita_a.pk],
    }
    data.update(overrides)
    return data


def _post(client, payload):
    return client.post(API, json.dumps(payload), content_type="application/json")


def _warning(case, category_label, date="05.03.2025"):
    return ui(
        "Case %(code)s has no valid consent or release from confidentiality for %(recipient)s on %(date)s. "
        "Do not pass on any data about the family without it.",
        code=case.code,
        recipient=ui(category_label),
        date=date,
    )


# --- Case choices ------------------------------------------------------------------------------------------


def test_entry_form_offers_only_the_workers_open_own_and_deputy_cases(world, catalogue, cases):
    page = world.client_for("worker_a").get(ENTRY).content.decode()

    assert cases["own"].code in page and cases["deputy"].code in page
    assert cases["closed"].code not in page and cases["foreign"].code not in page


def test_entry_form_refuses_another_workers_case(world, catalogue, cases):
    response = world.client_for("worker_a").post(
        ENTRY, _form(world, catalogue, case=str(cases["foreign"].pk))
    )

    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert "case" in response.context["form"].errors


def test_api_accepts_own_and_deputy_cases_and_refuses_others_without_telling_they_exist(
    world, catalogue, cases
):
    client = world.client_for("worker_a")

    assert _post(client, _payload(world, catalogue, case_id=cases["own"].pk)).status_code == 201
    assert _post(client, _payload(world, catalogue, case_id=cases["deputy"].pk)).status_code == 201
    foreign = _post(client, _payload(world, catalogue, case_id=cases["foreign"].pk))
    closed = _post(client, _payload(world, catalogue, case_id=cases["closed"].pk))

    assert foreign.status_code == 422
    assert foreign.json()["detail"] == [
        {"field": "case_id", "message": ui("No record with id %(id)s.", id=cases["foreign"].pk)}
    ]
    assert closed.status_code == 422
    assert closed.json()["detail"] == [{"field": "case_id", "message": ui("This case is closed.")}]
    assert Activity.objects.count() == 2


# --- Consent warnings --------------------------------------------------------------------------------------


def test_saving_a_referral_on_a_case_without_consent_warns_after_saving(world, catalogue, cases):
    client = world.client_for("worker_a")
    data = _form(world, catalogue, case=str(cases["own"].pk), referrals=["debt_counselling"])

    response = client.post(ENTRY, data, follow=True)

    assert Activity.objects.get().referrals.get().category == "debt_counselling"  # saved, not blocked
    assert [m.level_tag for m in response.context["messages"]] == ["success", "warning"]
    assert _warning(cases["own"], "Debt counselling") in response.content.decode()


def test_no_warning_when_a_consent_covers_the_referral_or_there_is_no_case(world, catalogue, cases):
    ConsentFactory(case=cases["own"], recipient_category="debt_counselling", given_on=dt.date(2025, 1, 2))
    client = world.client_for("worker_a")

    covered = client.post(
        ENTRY, _form(world, catalogue, case=str(cases["own"].pk), referrals=["debt_counselling"]), follow=True
    )
    without_case = client.post(ENTRY, _form(world, catalogue, referrals=["health"]), follow=True)

    for response in (covered, without_case):
        assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert _warning(cases["own"], "Debt counselling") not in covered.content.decode()
    assert Activity.objects.count() == 2


def test_api_returns_the_consent_warning_also_to_a_resend_from_the_outbox(world, catalogue, cases):
    client = world.client_for("worker_a")
    payload = _payload(world, catalogue, case_id=cases["deputy"].pk, referrals=["parenting_counselling"])

    first = _post(client, payload)
    resend = _post(client, payload)

    expected = [_warning(cases["deputy"], "Parenting and family counselling")]
    assert (first.status_code, resend.status_code) == (201, 200)
    assert first.json()["warnings"] == expected
    assert resend.json()["warnings"] == expected


def test_api_has_no_warnings_for_a_consent_given_before_the_activity(world, catalogue, cases):
    ConsentFactory(case=cases["own"], recipient_category="debt_counselling", given_on=dt.date(2025, 3, 1))
    response = _post(
        world.client_for("worker_a"),
        _payload(world, catalogue, case_id=cases["own"].pk, referrals=["debt_counselling"]),
    )
    assert response.json()["warnings"] == []


# --- Referrals to concrete offers ----------------------------------------------------------------------------


def test_entry_form_records_the_offer_chosen_under_its_kind(world, catalogue, offers):
    client = world.client_for("worker_a")
    page = client.get(ENTRY).content.decode()
    assert f'value="debt_counselling:{offers["debt"].pk}"' in page
    assert f'value="family_education:{offers["both"].pk}"' in page  # listed under each of its kinds
    assert "Schuldnerberatung Ahrweiler" not in page

    client.post(ENTRY, _form(world, catalogue, referral_offers=[f"debt_counselling:{offers['debt'].pk}"]))

    referral = Referral.objects.get()
    assert (referral.category, referral.service) == ("debt_counselling", offers["debt"])


def test_entry_form_refuses_another_offices_offer(world, catalogue, offers):
    response = world.client_for("worker_a").post(
        ENTRY, _form(world, catalogue, referral_offers=[f"debt_counselling:{offers['other_office'].pk}"])
    )
    assert "referral_offers" in response.context["form"].errors
    assert not Referral.objects.exists()


def test_api_accepts_offer_ids_and_takes_the_kind_from_an_offer_with_one(world, catalogue, offers):
    response = _post(
        world.client_for("worker_a"),
        _payload(
            world,
            catalogue,
            referrals=[
                {"service": offers["debt"].pk},
                {"category": "family_education", "service": offers["both"].pk},
            ],
        ),
    )

    assert response.status_code == 201
    assert response.json()["referrals"] == ["debt_counselling", "family_education"]
    assert response.json()["referred_offers"] == [
        {
            "category": "debt_counselling",
            "service_id": offers["debt"].pk,
            "service_name": offers["debt"].name,
        },
        {
            "category": "family_education",
            "service_id": offers["both"].pk,
            "service_name": offers["both"].name,
        },
    ]


def test_api_refuses_offers_of_another_office_another_kind_or_without_a_kind(world, catalogue, offers):
    client = world.client_for("worker_a")
    cases_ = {
        "other office": [{"service": offers["other_office"].pk}],
        "wrong kind": [{"category": "health", "service": offers["debt"].pk}],
        "two kinds": [{"service": offers["both"].pk}],
    }
    messages = {}
    for name, referrals in cases_.items():
        response = _post(client, _payload(world, catalogue, referrals=referrals))
        assert response.status_code == 422, name
        (error,) = response.json()["detail"]
        assert error["field"] == "referrals"
        messages[name] = error["message"]

    assert messages["other office"] == ui("No offer with id %(id)s.", id=offers["other_office"].pk)
    assert offers["debt"].name in messages["wrong kind"]
    assert messages["two kinds"] == ui("Name the kind of offer for %(offer)s.", offer=offers["both"].name)
    assert not Activity.objects.exists()


def test_correcting_an_entry_changes_the_offer_and_keeps_it_in_the_history(world, catalogue, offers):
    client = world.client_for("worker_a")
    client.post(ENTRY, _form(world, catalogue, referral_offers=[f"debt_counselling:{offers['debt'].pk}"]))
    activity = Activity.objects.get()

    edit = client.get(f"/dokumentation/{activity.pk}/korrigieren/").content.decode()
    assert f'value="debt_counselling:{offers["debt"].pk}" selected' in edit
    client.post(
        f"/dokumentation/{activity.pk}/korrigieren/",
        _form(world, catalogue, referral_offers=[f"parenting_counselling:{offers['both'].pk}"]),
    )

    assert list(activity.referrals.values_list("category", "service")) == [
        ("parenting_counselling", offers["both"].pk)
    ]


# --- The directory's link to the fast entry -------------------------------------------------------------------


def test_directory_search_links_workers_to_a_prefilled_fast_entry(world, catalogue, offers):
    worker = world.client_for("worker_a")
    listing = worker.get("/angebote/verwaltung/", {"category": "debt_counselling"}).content.decode()
    link = f"/dokumentation/erfassen/?referral=debt_counselling&amp;offer={offers['debt'].pk}"
    assert link in listing and ui("Document referral") in listing

    page = worker.get(ENTRY, {"referral": "debt_counselling", "offer": offers["debt"].pk}).content.decode()

    assert f'value="debt_counselling:{offers["debt"].pk}" selected' in page
    assert re.search(r'name="referrals" value="debt_counselling"[^>]*checked', page)
    assert re.search(r'name="dimension" value="case"[^>]*checked', page)
    assert '<details class="entry-details" open>' in page


def test_coordinator_sees_no_document_referral_link_and_foreign_offers_are_not_prefilled(
    world, catalogue, offers
):
    listing = world.client_for("coordinator").get("/angebote/verwaltung/").content.decode()
    assert ui("Document referral") not in listing

    page = (
        world.client_for("worker_a")
        .get(ENTRY, {"referral": "debt_counselling", "offer": offers["other_office"].pk})
        .content.decode()
    )
    assert " selected" not in page.split('name="referral_offers"')[1].split("</select>")[0]


# --- Referral statistics --------------------------------------------------------------------------------------


@pytest.fixture
def referrals(world, offers):
    """Worker A: 6 to the debt offer, 1 to parenting counselling without offer; worker B: 2 to the debt
    offer; the other office: 3."""

    def refer(worker, category, service=None, n=1, date=dt.date(2025, 3, 4)):
        for _ in range(n):
            activity = ActivityFactory(worker=worker, date=date, kitas=[])
            Referral.objects.create(
                youth_office=activity.youth_office, activity=activity, category=category, service=service
            )

    refer(world.worker_a, "debt_counselling", offers["debt"], n=6)
    refer(world.worker_a, "parenting_counselling")
    refer(world.worker_a, "debt_counselling", offers["debt"], date=dt.date(2024, 3, 4))
    refer(world.worker_b, "debt_counselling", offers["debt"], n=2)
    refer(world.other_worker, "debt_counselling", offers["other_office"], n=3)


def test_referral_statistics_per_kind_and_offer_for_coordinator_and_worker(world, offers, referrals):
    def items(persona, group_by):
        response = world.client_for(persona).get(STATS, {"year": 2025, "group_by": group_by})
        assert response.status_code == 200
        return [(row["key"], row["referrals"]) for row in response.json()["items"]]

    assert items("coordinator", "category") == [("debt_counselling", 8), ("parenting_counselling", 1)]
    assert items("coordinator", "service") == [(str(offers["debt"].pk), 8), ("", 1)]
    assert items("worker_a", "service") == [(str(offers["debt"].pk), 6), ("", 1)]
    assert items("worker_b", "category") == [("debt_counselling", 2)]
    assert items("outsider", "category") == [("debt_counselling", 3)]


def test_referral_statistics_suppress_small_groups_for_the_committee_and_refuse_the_admin(world, referrals):
    committee = world.client_for("read_only").get(STATS, {"year": 2025}).json()
    assert committee["suppressed_below"] == 5
    assert committee["items"] == [
        {"key": "debt_counselling", "label": ui("Debt counselling"), "referrals": 8},
        {"key": "parenting_counselling", "label": ui("Parenting and family counselling"), "referrals": None},
    ]
    # Kita leadership counts only activities at its Kitas (these have none).
    assert world.client_for("kita_lead").get(STATS, {"year": 2025}).json()["items"] == []
    assert world.client_for("admin").get(STATS).status_code == 403
    assert world.client_for("admin").get("/dokumentation/statistik/vermittlungen/").status_code == 403


def test_referral_statistics_page_shows_offers_and_suppression(world, offers, referrals):
    page = world.client_for("coordinator").get(
        "/dokumentation/statistik/vermittlungen/", {"year": 2025, "group_by": "service"}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert ui("Referrals by offer") in text and offers["debt"].name in text and ui("no offer named") in text

    committee = world.client_for("read_only").get("/dokumentation/statistik/vermittlungen/", {"year": 2025})
    assert "&lt; 5" in committee.content.decode()
