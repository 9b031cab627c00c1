"""Cases API: own cases, one case (logged), counts; the same refusals as the UI."""

import pytest

from kisa.cases.tests.factories import CaseFactory, ConsentFactory
from kisa.core.models import AuditEntry

API = "/api/v1"
CONTACT = "Familie Muster, 0151 1234567"


def test_case_list_gives_the_callers_own_cases_without_contact(world, case_a):
    CaseFactory(kita=world.kita_b, responsible=world.worker_b)
    body = world.client_for("worker_a").get(f"{API}/cases").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["code"] == case_a.code
    assert item["kita"] == {"id": world.kita_a.pk, "name": "Kita St. Martin"}
    assert "contact" not in item
    assert not AuditEntry.objects.filter(action="view").exists()


def test_case_detail_returns_content_and_consents_and_logs_the_read(world, case_a):
    ConsentFactory(case=case_a)
    response = world.client_for("worker_a").get(f"{API}/cases/{case_a.pk}")
    body = response.json()
    assert response.status_code == 200
    assert body["contact"] == CONTACT
    assert [c["recipient_category"] for c in body["consents"]] == ["parenting_counselling"]
    assert body["consents"][0]["valid_today"] is True
    assert (
        AuditEntry.objects.filter(action="view", object_id=str(case_a.pk), actor_name="fachkraft_a").count()
        == 1
    )


def test_case_detail_for_another_worker_is_404(world, case_a):
    response = world.client_for("worker_b").get(f"{API}/cases/{case_a.pk}")
    assert response.status_code == 404
    assert CONTACT not in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["coordinator", "kita_lead", "provider", "read_only", "admin", "outsider"]
)
def test_case_endpoints_refuse_other_roles(world, case_a, persona):
    client = world.client_for(persona)
    for path in ["/cases", f"/cases/{case_a.pk}"]:
        response = client.get(f"{API}{path}")
        assert response.status_code == 403, path
        assert CONTACT not in response.content.decode()


def test_case_stats_for_the_coordinator_exact_and_read_only_suppressed(world, case_a):
    coordinator = world.client_for("coordinator").get(f"{API}/stats/cases", {"group_by": "kita"}).json()
    assert coordinator["rows"] == [{"key": str(world.kita_a.pk), "label": "Kita St. Martin", "count": 1}]
    assert coordinator["total"] == 1 and coordinator["suppressed"] is False
    read_only = world.client_for("read_only").get(f"{API}/stats/cases", {"group_by": "status"}).json()
    assert read_only["rows"] == [{"key": "open", "label": "offen", "count": None}]
    assert read_only["total"] is None and read_only["threshold"] == 5


def test_case_stats_refuses_admin_and_bad_parameters(world):
    assert world.client_for("admin").get(f"{API}/stats/cases").status_code == 403
    client = world.client_for("coordinator")
    assert client.get(f"{API}/stats/cases", {"group_by": "family"}).status_code == 422
    assert client.get(f"{API}/stats/cases", {"year": "99999"}).status_code == 422


def test_case_stats_without_authentication_is_401(client, world):
    assert client.get(f"{API}/stats/cases").status_code == 401
