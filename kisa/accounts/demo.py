"""Demo logins: one account per role, all with the demo password, on top of the demo registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from kisa.accounts.models import Role, User
from kisa.accounts.services import user_create_with_membership
from kisa.registry import services as registry_services
from kisa.registry.demo import DemoRegistry
from kisa.registry.models import Assignment, Kita, StaffMember


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    password: str
    sees: str


def _link_staff_member(staff_member: StaffMember, user: Any) -> None:
    if staff_member.user_id != user.pk:
        registry_services.staff_member_update(actor=None, staff_member=staff_member, data={"user": user})


def _kita_names(staff_member: StaffMember) -> list[str]:
    assignments = Assignment.objects.filter(staff_member=staff_member).current().select_related("kita")
    return sorted(a.kita.name for a in assignments)


class DemoAccountConflict(Exception):
    """A demo login's name belongs to an account outside the demo office; it is never taken over."""


def _existing_demo_login(username: str, office: Any, password_hash: str) -> Any:
    """The demo login `username` from an earlier run, with its password set again; None if there is none.

    An account of that name that is not a member of the demo office is someone's real account: refuse.
    """
    user = User.objects.filter(username=username).select_related("membership").first()
    if user is None:
        return None
    if getattr(user, "membership", None) is None or user.membership.youth_office_id != office.pk:
        raise DemoAccountConflict(
            f"User {username!r} exists and is not a demo login of {office}; the demo does not take it over."
        )
    user.password = password_hash
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_accounts_demo(*, registry: DemoRegistry, password: str) -> list[DemoLogin]:
    """Create one demo login per role (or set the password of those from an earlier run again), linked to
    the demo registry.

    `fachkraft1`… are linked to the demo's social workers in order. `kitaleitung1` leads the first Kita of
    `fachkraft1` and `traeger1` stands for its provider, so these three logins meet at one Kita.
    """
    office = registry.youth_office
    # One shared password: hash it once instead of once per account (hashing is slow by design).
    account: dict[str, Any] = {
        "password": password,
        "password_hash": make_password(password),
        "youth_office": office,
    }
    logins: list[DemoLogin] = []

    def add(username: str, role: str, sees: str, **extra: Any) -> Any:
        user = _existing_demo_login(
            username, office, account["password_hash"]
        ) or user_create_with_membership(username=username, role=role, **account, **extra)
        logins.append(DemoLogin(username, str(Role(role).label), password, sees))
        return user

    coordinator = registry.coordinator
    user = add(
        "koordination",
        Role.COORDINATOR,
        f"everything of {office.name}: registry, staff, assignments, audit trail",
        first_name=coordinator.first_name,
        last_name=coordinator.last_name,
    )
    _link_staff_member(coordinator, user)
    for number, worker in enumerate(registry.social_workers, start=1):
        kitas = _kita_names(worker)
        user = add(
            f"fachkraft{number}",
            Role.SOCIAL_WORKER,
            f"{worker}, assigned to " + ", ".join(kitas),
            first_name=worker.first_name,
            last_name=worker.last_name,
        )
        _link_staff_member(worker, user)
    first_kita = (
        Kita.objects.filter(assignments__staff_member=registry.social_workers[0])
        .select_related("provider")
        .order_by("number")[0]
    )
    add("kitaleitung1", Role.KITA_LEAD, f"own Kita: {first_kita.name}", kitas=[first_kita])
    provider = first_kita.provider
    add("traeger1", Role.PROVIDER, f"Kitas and staff of {provider.name}", provider=provider)
    add("jha", Role.READ_ONLY, "all Kitas and the overview of the office; no staff data")
    add(
        "admin",
        Role.ADMIN,
        "users and configuration (Django admin), the audit trail; no registry edits",
        is_staff=True,
        is_superuser=True,
    )
    return logins
