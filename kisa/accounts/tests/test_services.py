import pytest
from django.core.exceptions import ValidationError

from kisa.accounts.models import Membership, Role, User
from kisa.accounts.services import user_create_with_membership
from kisa.core.models import AuditEntry
from kisa.registry.tests.factories import KitaFactory, YouthOfficeFactory

PASSWORD = "lange-sichere-passphrase-42"


@pytest.mark.django_db
def test_user_create_with_membership_creates_the_account_and_audits_the_role():
    kita = KitaFactory()

    user = user_create_with_membership(
        username="leitung",
        password=PASSWORD,
        role=Role.KITA_LEAD,
        youth_office=kita.youth_office,
        kitas=[kita],
    )

    assert user.check_password(PASSWORD)
    assert (user.membership.role, list(user.membership.kitas.all())) == (Role.KITA_LEAD, [kita])
    entry = AuditEntry.objects.get(model_label="accounts.Membership")
    assert (entry.actor_name, entry.changes["role"]) == ("system", Role.KITA_LEAD)
    assert "password" not in entry.changes


@pytest.mark.django_db
def test_user_create_with_membership_rejects_a_weak_password_and_saves_nothing():
    office = YouthOfficeFactory()

    with pytest.raises(ValidationError) as error:
        user_create_with_membership(username="jha", password="jha", role=Role.READ_ONLY, youth_office=office)

    assert list(error.value.message_dict) == ["password"]
    assert User.objects.count() == 0
    assert Membership.objects.count() == 0


@pytest.mark.django_db
def test_user_create_with_membership_refuses_an_existing_username_and_changes_nothing():
    office = YouthOfficeFactory()
    first = user_create_with_membership(
        username="jha", password=PASSWORD, role=Role.READ_ONLY, youth_office=office
    )

    with pytest.raises(ValidationError) as error:
        user_create_with_membership(
            username="jha", password="eine-andere-passphrase-7", role=Role.COORDINATOR, youth_office=office
        )

    assert list(error.value.message_dict) == ["username"]
    first.refresh_from_db()
    assert first.check_password(PASSWORD)
    assert first.membership.role == Role.READ_ONLY
    assert AuditEntry.objects.filter(model_label="accounts.Membership").count() == 1


@pytest.mark.django_db
def test_user_create_with_membership_audits_the_kitas_a_kita_lead_leads():
    kita = KitaFactory(name="Kita Pusteblume")

    user_create_with_membership(
        username="leitung",
        password=PASSWORD,
        role=Role.KITA_LEAD,
        youth_office=kita.youth_office,
        kitas=[kita],
    )

    entry = AuditEntry.objects.get(model_label="accounts.Membership")
    assert entry.changes["kitas"] == ["Kita Pusteblume"]
    assert entry.changes["role"] == "kita_lead"
