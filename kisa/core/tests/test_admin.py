"""The Django admin is for system administration, and what it changes is audited like any other write."""

import pytest
from django.urls import reverse

from kisa.accounts.models import ApiToken, Role
from kisa.core.models import AuditEntry
from kisa.registry.models import Provider


@pytest.fixture
def superuser_client(world, client):
    user = world.users["admin"]
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def test_admin_change_to_a_youth_office_is_audited_with_old_and_new_value(world, superuser_client):
    url = reverse("admin:registry_youthoffice_change", args=[world.office.pk])

    response = superuser_client.post(url, {"name": "Kreisjugendamt MYK", "district": world.district.pk})

    assert response.status_code == 302
    entry = AuditEntry.objects.get(model_label="registry.YouthOffice", action="update")
    assert entry.changes == {"name": ["Kreisjugendamt Mayen-Koblenz", "Kreisjugendamt MYK"]}
    assert entry.actor_name == "admin"


def test_admin_role_change_is_audited_without_the_password_hash(world, superuser_client):
    user = world.users["read_only"]
    url = reverse("admin:accounts_user_change", args=[user.pk])
    membership = user.membership
    data = {
        "username": user.username,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "membership-TOTAL_FORMS": "1",
        "membership-INITIAL_FORMS": "1",
        "membership-MIN_NUM_FORMS": "0",
        "membership-MAX_NUM_FORMS": "1",
        "membership-0-id": membership.pk,
        "membership-0-user": user.pk,
        "membership-0-youth_office": world.office.pk,
        "membership-0-role": Role.COORDINATOR,
    }

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].errors if response.context else ""
    user.membership.refresh_from_db()
    assert user.membership.role == Role.COORDINATOR
    entries = AuditEntry.objects.filter(object_id__in=[str(user.pk), str(membership.pk)])
    membership_entry = entries.get(model_label="accounts.Membership")
    assert membership_entry.changes["role"] == "coordinator"
    assert all("password" not in entry.changes for entry in entries)


def test_providers_are_read_only_in_the_admin(world, superuser_client):
    url = reverse("admin:registry_provider_change", args=[world.church.pk])

    superuser_client.post(url, {"name": "Umbenannt", "kind": "church", "youth_office": world.office.pk})

    assert Provider.objects.get(pk=world.church.pk).name == "Kath. Kita gGmbH"


@pytest.mark.parametrize("persona", ["coordinator", "worker_a", "read_only"])
def test_roles_without_staff_status_cannot_open_the_admin(world, persona):
    response = world.client_for(persona).get(reverse("admin:index"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_api_tokens_cannot_be_added_in_the_admin(world, superuser_client):
    response = superuser_client.get(reverse("admin:accounts_apitoken_add"))

    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_admin_change_to_another_offices_user_stays_out_of_this_offices_audit_log(world, superuser_client):
    outsider = world.users["outsider"]
    url = reverse("admin:accounts_user_change", args=[outsider.pk])
    membership = outsider.membership
    superuser_client.post(
        url,
        {
            "username": outsider.username,
            "email": "neu@example.org",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "membership-TOTAL_FORMS": "1",
            "membership-INITIAL_FORMS": "1",
            "membership-MIN_NUM_FORMS": "0",
            "membership-MAX_NUM_FORMS": "1",
            "membership-0-id": membership.pk,
            "membership-0-user": outsider.pk,
            "membership-0-youth_office": world.other_office.pk,
            "membership-0-role": Role.COORDINATOR,
        },
    )
    assert AuditEntry.objects.get(model_label="accounts.User").youth_office == world.other_office

    page = world.client_for("coordinator").get(reverse("core:audit")).content.decode()

    assert "neu@example.org" not in page
    assert "fremd" not in page


def test_admin_revokes_a_token_through_the_action_and_it_stays_revoked(world, superuser_client):
    from kisa.accounts.services import api_token_create

    token, _raw = api_token_create(user=world.users["read_only"], name="Skript")

    superuser_client.post(
        reverse("admin:accounts_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    token.refresh_from_db()
    response = superuser_client.post(
        reverse("admin:accounts_apitoken_change", args=[token.pk]), {"revoked_at_0": "", "revoked_at_1": ""}
    )

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert response.status_code in {200, 302}
