"""`manage.py load_demo`: demo logins per role, idempotence, and refusal on a production configuration.

A whole load takes a minute or more: the tests of what a load writes read the demo loaded once for all tests
(fixture `loaded_demo`); the refusals run on an empty database.
"""

import io

import pytest
from django.core.management import CommandError, call_command

from kisa.accounts.models import Membership, Role, User
from kisa.core.models import AuditEntry
from kisa.registry.models import Municipality, StaffMember

DEMO_ROLES = {
    "koordination": Role.COORDINATOR,
    "fachkraft1": Role.SOCIAL_WORKER,
    "kitaleitung1": Role.KITA_LEAD,
    "traeger1": Role.PROVIDER,
    "jha": Role.READ_ONLY,
    "admin": Role.ADMIN,
}


def _load_demo(**options: object) -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def test_load_demo_creates_one_login_per_role_with_the_demo_password(loaded_demo, client):
    output = loaded_demo.output

    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert {username: roles[username] for username in DEMO_ROLES} == DEMO_ROLES
    workers = StaffMember.objects.filter(function=StaffMember.Function.SOCIAL_WORKER)
    assert sorted(workers.values_list("user__username", flat=True)) == sorted(
        f"fachkraft{n}" for n in range(1, workers.count() + 1)
    )
    assert StaffMember.objects.get(function=StaffMember.Function.COORDINATOR).user.username == "koordination"
    lead = Membership.objects.get(user__username="kitaleitung1")
    led_kita = lead.kitas.get()
    assert led_kita.assignments.filter(staff_member__user__username="fachkraft1").exists()
    assert Membership.objects.get(user__username="traeger1").provider == led_kita.provider
    admin = User.objects.get(username="admin")
    assert (admin.is_staff, admin.is_superuser) == (True, True)
    for username in DEMO_ROLES:
        assert client.login(username=username, password=loaded_demo.password), username
    assert "87 municipalities, 817.67 km², 215,446 inhabitants (31.12.2021)" in output
    assert "85 municipalities, 706.14 km², 165,985 inhabitants (31.12.2021), 98 Kitas" in output
    assert "kitaleitung1" in output
    assert f"fachkraft{workers.count()} " in output
    assert loaded_demo.password in output
    assert "http://127.0.0.1:8000/" in output


def test_load_demo_forced_then_run_again_writes_nothing_new(loaded_demo):
    """The shared demo was loaded with --force on DEBUG=false, then loaded again on DEBUG=true."""
    assert loaded_demo.after_again == loaded_demo.before_again
    assert loaded_demo.before_again["registry.Kita"] == 98
    assert "Registry: already loaded, nothing new." in loaded_demo.again


@pytest.mark.django_db
def test_load_demo_refuses_a_production_configuration_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        _load_demo()

    assert Municipality.objects.count() == 0
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_load_demo_with_a_weak_demo_password_loads_nothing(settings):
    settings.DEBUG = True
    settings.KISA_DEMO_PASSWORD = "demo"

    with pytest.raises(CommandError, match="password"):
        _load_demo()

    assert Municipality.objects.count() == 0
    assert User.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_load_demo_never_takes_over_a_real_account_with_a_demo_login_name(settings):
    settings.DEBUG = True
    real_admin = User.objects.create_user(username="admin", password="real-admin-passphrase-2026")

    with pytest.raises(CommandError, match="'admin' exists"):
        _load_demo()

    real_admin.refresh_from_db()
    assert real_admin.check_password("real-admin-passphrase-2026")
    assert Municipality.objects.count() == 0
