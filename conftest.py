"""Shared test world: two youth offices and one persona per role (STYLE.md, "Tests").

Office A ("home"): Kitas kita_a (provider church, worker A assigned), kita_b (municipal provider,
worker B assigned) and kita_c (church provider, nobody assigned). Office B ("other"): its own district,
Kita, worker and coordinator, which no persona of office A may ever see.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from kisa.accounts.models import Role
from kisa.accounts.tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory
from kisa.registry.models import Provider
from kisa.registry.tests.factories import (
    AssignmentFactory,
    DistrictFactory,
    KitaFactory,
    MunicipalityFactory,
    ProviderFactory,
    ResponsibilityAreaFactory,
    SocialAreaFactory,
    StaffMemberFactory,
    YouthOfficeFactory,
)


@dataclass
class World:
    office: Any
    other_office: Any
    district: Any
    municipality_in_area: Any
    municipality_outside_area: Any
    social_area: Any
    church: Any
    municipal: Any
    kita_a: Any
    kita_b: Any
    kita_c: Any
    other_kita: Any
    worker_a: Any
    worker_b: Any
    other_worker: Any
    assignment_a: Any
    assignment_b: Any
    other_assignment: Any
    users: dict[str, Any]

    def client_for(self, persona: str) -> Client:
        """A client signed in as `persona` who has passed the second factor, as after a real sign-in."""
        return verified_client(self.users[persona])


def verified_client(user: Any) -> Client:
    """Sign `user` in and mark the session as verified with a (created if missing) TOTP device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kisa.accounts.middleware import LAST_SEEN_KEY

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LAST_SEEN_KEY] = int(time.time())  # as the first request would, so it writes no session
    session.save()
    return client


def _user(
    username: str,
    office: Any,
    role: str,
    is_staff: bool = False,
    is_superuser: bool = False,
    **membership: Any,
) -> Any:
    user = UserFactory(username=username, is_staff=is_staff, is_superuser=is_superuser)
    MembershipFactory(user=user, youth_office=office, role=role, **membership)
    return user


@pytest.fixture
def world(db: Any) -> World:
    district = DistrictFactory(key="07137", name="Mayen-Koblenz")
    office = YouthOfficeFactory(name="Kreisjugendamt Mayen-Koblenz", district=district)
    inside = MunicipalityFactory(district=district, ags="07137055", name="Kottenheim", population=2900)
    second = MunicipalityFactory(district=district, ags="07137068", name="Polch", population=6800)
    outside = MunicipalityFactory(district=district, ags="07137003", name="Andernach", population=30126)
    for municipality in (inside, second):
        ResponsibilityAreaFactory(
            youth_office=office, municipality=municipality, valid_from=dt.date(2021, 7, 1)
        )
    social_area = SocialAreaFactory(youth_office=office, name="Maifeld")
    social_area.municipalities.set([inside, second])

    church = ProviderFactory(youth_office=office, name="Kath. Kita gGmbH", kind=Provider.Kind.CHURCH)
    municipal = ProviderFactory(youth_office=office, name="VG Maifeld", kind=Provider.Kind.MUNICIPAL)
    kita_a = KitaFactory(
        youth_office=office,
        number="A1",
        name="Kita St. Martin",
        municipality=inside,
        provider=church,
        social_area=social_area,
        approved_places=80,
    )
    kita_b = KitaFactory(
        youth_office=office,
        number="B1",
        name="Kita Regenbogen",
        municipality=second,
        provider=municipal,
        social_area=social_area,
        approved_places=60,
    )
    kita_c = KitaFactory(
        youth_office=office,
        number="C1",
        name="Kita Arche Noah",
        municipality=second,
        provider=church,
        approved_places=45,
    )

    other_district = DistrictFactory(key="07131", name="Ahrweiler")
    other_office = YouthOfficeFactory(name="Kreisjugendamt Ahrweiler", district=other_district)
    other_kita = KitaFactory(youth_office=other_office, number="X1", name="Kita Fremd")

    users = {
        "coordinator": _user("koordination", office, Role.COORDINATOR),
        "worker_a": _user("fachkraft_a", office, Role.SOCIAL_WORKER),
        "worker_b": _user("fachkraft_b", office, Role.SOCIAL_WORKER),
        "kita_lead": _user("kitaleitung", office, Role.KITA_LEAD, kitas=[kita_a]),
        "provider": _user("traeger", office, Role.PROVIDER, provider=church),
        "read_only": _user("jha", office, Role.READ_ONLY),
        # Like the demo's admin: a Django superuser, who must still get only the admin role's rights.
        "admin": _user("admin", office, Role.ADMIN, is_staff=True, is_superuser=True),
        "outsider": _user("fremd", other_office, Role.COORDINATOR),
    }
    worker_a = StaffMemberFactory(
        youth_office=office, first_name="Anna", last_name="Adler", employer=municipal, user=users["worker_a"]
    )
    worker_b = StaffMemberFactory(
        youth_office=office, first_name="Ben", last_name="Berg", employer=church, user=users["worker_b"]
    )
    other_worker = StaffMemberFactory(youth_office=other_office, first_name="Olga", last_name="Other")
    return World(
        office=office,
        other_office=other_office,
        district=district,
        municipality_in_area=inside,
        municipality_outside_area=outside,
        social_area=social_area,
        church=church,
        municipal=municipal,
        kita_a=kita_a,
        kita_b=kita_b,
        kita_c=kita_c,
        other_kita=other_kita,
        worker_a=worker_a,
        worker_b=worker_b,
        other_worker=other_worker,
        assignment_a=AssignmentFactory(youth_office=office, staff_member=worker_a, kita=kita_a),
        assignment_b=AssignmentFactory(youth_office=office, staff_member=worker_b, kita=kita_b),
        other_assignment=AssignmentFactory(
            youth_office=other_office, staff_member=other_worker, kita=other_kita
        ),
        users=users,
    )


@pytest.fixture
def test_password() -> str:
    return TEST_PASSWORD


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Real hashing costs ~0.3 s per user; tests create many users and check no hash strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def two_factor_not_enforced(settings: Any) -> None:
    """Tests sign in with `force_login`; those that check the second factor ask for `two_factor_enforced`."""
    settings.KISA_2FA_REQUIRED_ROLES = []


@pytest.fixture(autouse=True)
def denials_not_audited(settings: Any) -> None:
    """Tests assert that a refused request wrote nothing; the audit of refusals is tested on its own
    (fixture `denials_audited`)."""
    settings.KISA_AUDIT_DENIALS = False


@pytest.fixture
def denials_audited(settings: Any) -> None:
    settings.KISA_AUDIT_DENIALS = True


@pytest.fixture
def two_factor_enforced(settings: Any) -> list[str]:
    """Production's rule: a second factor for the roles that read case content or personal data."""
    settings.KISA_2FA_REQUIRED_ROLES = ["coordinator", "social_worker", "admin"]
    return settings.KISA_2FA_REQUIRED_ROLES


@pytest.fixture(autouse=True)
def force_login_is_not_audited(monkeypatch: Any) -> None:
    """`force_login` arranges a test, it is no sign-in: it leaves no LOGIN audit entry that tests counting
    audit entries would trip over. Sign-ins through the login form are audited as in production."""
    from django.contrib.auth.signals import user_logged_in
    from django.test.client import ClientMixin

    from kisa.accounts.signals import audit_login

    original = ClientMixin.force_login

    def force_login(self: Any, user: Any, backend: str | None = None) -> None:
        user_logged_in.disconnect(audit_login, dispatch_uid="kisa_audit_login")
        try:
            original(self, user, backend)
        finally:
            user_logged_in.connect(audit_login, dispatch_uid="kisa_audit_login")

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


# --- The whole demo, loaded once per test process -------------------------------------------------------
# `load_demo` takes a minute or more; the apps' demo tests share one load instead of loading it each. The
# load runs inside an outer transaction that every such test nests its own (rolled back) transaction in; the
# outer one is rolled back as soon as the next test does not ask for the demo, so no other test sees it.
# Demo tests run first and, under xdist, together on one worker (pytest_collection_modifyitems).

# The demo's activities run from 1 January of last year until yesterday and its survey rounds are 2024 and
# 2025: it is loaded as on this day, so 2025 is a complete year of documented work whenever the tests run.
DEMO_DAY = dt.date(2026, 11, 26)
DEMO_TEST_PASSWORD = "another-demo-pass-77"  # noqa: S105 - the demo logins of a test database


@dataclass(frozen=True)
class LoadedDemo:
    day: dt.date
    password: str
    output: str  # what `load_demo --force` printed on a production-like configuration (DEBUG=false)
    again: str  # what a second `load_demo` (DEBUG=true) printed
    before_again: dict[str, object]  # database_state() before and after that second load
    after_again: dict[str, object]


def database_state() -> dict[str, object]:
    """Row count and latest change of every table: equal states mean nothing was written."""
    state: dict[str, object] = {}
    for model in apps.get_models():
        state[model._meta.label] = model._default_manager.count()
        if any(field.name == "updated_at" for field in model._meta.concrete_fields):
            state[f"{model._meta.label} updated"] = (
                model._default_manager.order_by("-updated_at").values_list("updated_at", flat=True).first()
            )
    return state


def _load_demo(**options: Any) -> str:
    out = io.StringIO()
    with mock.patch.object(timezone, "localdate", lambda *args, **kwargs: DEMO_DAY):
        call_command("load_demo", stdout=out, **options)
    return out.getvalue()


class _SharedDemo:
    def __init__(self) -> None:
        self.atomic: Any = None
        self.blocker: Any = None
        self.loaded: LoadedDemo | None = None

    def open(self, blocker: Any) -> LoadedDemo:
        self.blocker = blocker
        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                self.loaded = self._load_twice()
            except BaseException:
                self.close()
                raise
        return self.loaded

    @staticmethod
    def _load_twice() -> LoadedDemo:
        base = {
            "KISA_DEMO_PASSWORD": DEMO_TEST_PASSWORD,
            "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        }
        with override_settings(DEBUG=False, **base):
            output = _load_demo(force=True)
        before = database_state()
        with override_settings(DEBUG=True, **base):
            again = _load_demo()
        return LoadedDemo(DEMO_DAY, DEMO_TEST_PASSWORD, output, again, before, database_state())

    def close(self) -> None:
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = self.loaded = None


_shared_demo = _SharedDemo()


@pytest.fixture
def _demo_transaction(django_db_setup: Any, django_db_blocker: Any) -> LoadedDemo:
    return _shared_demo.loaded or _shared_demo.open(django_db_blocker)


@pytest.fixture
def loaded_demo(_demo_transaction: LoadedDemo, db: Any) -> LoadedDemo:
    """The whole Mayen-Koblenz demo, loaded as on DEMO_DAY and then loaded a second time. The test's own
    writes are rolled back as usual. Ask for it instead of the `django_db` mark, which would open the test's
    transaction before the demo's."""
    return _demo_transaction


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    demo = [item for item in items if "loaded_demo" in item.fixturenames]
    for item in demo:
        item.add_marker(pytest.mark.xdist_group("demo"))
    items[:] = demo + [item for item in items if "loaded_demo" not in item.fixturenames]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: Any, nextitem: Any) -> Iterator[None]:
    yield
    if nextitem is None or "loaded_demo" not in nextitem.fixturenames:
        _shared_demo.close()
