"""`manage.py load_demo`: demo logins per role, idempotence, and refusal on a production configuration.

Each load takes a few seconds, so every test loads at most twice and checks all it can from that.
"""

import io

import pytest
from django.core.management import CommandError, call_command

from kisa.accounts.models import Membership, Role, User
from kisa.core.models import AuditEntry
from kisa.registry.models import (
    Assignment,
    Kita,
    Municipality,
    Provider,
    ResponsibilityArea,
    SocialArea,
    StaffMember,
)

DEMO_ROLES = {
    "koordination": Role.COORDINATOR,
    "fachkraft1": Role.SOCIAL_WORKER,
    "kitaleitung1": Role.KITA_LEAD,
    "traeger1": Role.PROVIDER,
    "jha": Role.READ_ONLY,
    "admin": Role.ADMIN,
}
DEMO_MODELS = (
    Municipality,
    ResponsibilityArea,
    SocialArea,
    Provider,
    Kita,
    StaffMember,
    Assignment,
    User,
    Membership,
    AuditEntry,
)


def _load_demo(**options: object) -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def _state() -> dict[str, object]:
    """Row counts and the latest change of every demo table: equal states mean nothing was written."""
    state: dict[str, object] = {model.__name__: model.objects.count() for model in DEMO_MODELS}
    for model in (Municipality, Kita, StaffMember, Assignment, Membership):
        state[f"{model.__name__} updated"] = model.objects.order_by("-updated_at").values_list(
            "updated_at", flat=True
        )[0]
    return state


@pytest.mark.django_db
def test_load_demo_creates_one_login_per_role_with_the_demo_password(settings, client):
    settings.DEBUG = True
    settings.KISA_DEMO_PASSWORD = "another-demo-pass-77"

    output = _load_demo()

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
        assert client.login(username=username, password="another-demo-pass-77"), username
    assert "87 municipalities, 817.67 km², 215,446 inhabitants (31.12.2021)" in output
    assert "85 municipalities, 706.14 km², 165,985 inhabitants (31.12.2021), 98 Kitas" in output
    assert "kitaleitung1" in output
    assert f"fachkraft{workers.count()} " in output
    assert "another-demo-pass-77" in output
    assert "http://127.0.0.1:8000/" in output


@pytest.mark.django_db
def test_load_demo_forced_then_run_again_writes_nothing_new(settings):
    settings.DEBUG = False
    _load_demo(force=True)
    before = _state()
    settings.DEBUG = True

    output = _load_demo()

    assert _state() == before
    assert "Registry: already loaded, nothing new." in output


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
