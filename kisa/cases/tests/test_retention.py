"""`manage.py apply_retention`: removes what is due and nothing else, logs counts, dry-run writes nothing."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from kisa.cases import services
from kisa.cases.models import Case, Consent, DeletionLog
from kisa.cases.tests.factories import CaseFactory, ConsentFactory
from kisa.core.models import AuditEntry
from kisa.core.retention import retention_rules

TODAY = "2036-06-15"  # ten years after the cases below were closed


def _closed(world, kita, responsible, closed_on, **extra):
    return CaseFactory(
        kita=kita,
        responsible=responsible,
        opened_on=dt.date(2025, 1, 1),
        status="closed",
        closed_on=closed_on,
        outcome="resolved",
        **extra,
    )


@pytest.fixture
def cases(world):
    due = _closed(world, world.kita_a, world.worker_a, dt.date(2026, 5, 31), contact="Familie Alt")
    ConsentFactory(case=due)
    return {
        "due": due,
        "young": _closed(world, world.kita_a, world.worker_a, dt.date(2026, 6, 20)),
        "held": _closed(
            world,
            world.kita_b,
            world.worker_b,
            dt.date(2025, 6, 1),
            legal_hold=True,
            legal_hold_reason="Gericht",
        ),
        "open": CaseFactory(kita=world.kita_a, responsible=world.worker_a, opened_on=dt.date(2020, 1, 1)),
        "other_office": _closed(world, world.other_kita, world.other_worker, dt.date(2025, 6, 1)),
    }


def _run(*args):
    out = io.StringIO()
    call_command("apply_retention", f"--today={TODAY}", *args, stdout=out)
    return out.getvalue()


def test_apply_retention_deletes_due_closed_cases_with_consents_and_nothing_else(world, cases):
    _run(f"--office={world.office.pk}")
    remaining = set(Case.objects.values_list("code", flat=True))
    assert remaining == {cases[name].code for name in ("young", "held", "open", "other_office")}
    assert not Consent.objects.exists()
    log = DeletionLog.objects.get()
    assert (log.youth_office, log.record_type, log.action, log.count) == (
        world.office,
        "cases.case",
        "delete",
        1,
    )
    assert (log.months, log.cutoff, log.actor_name, log.command) == (
        120,
        dt.date(2026, 6, 15),
        "system",
        "apply_retention",
    )
    purge = AuditEntry.objects.get(action=AuditEntry.Action.PURGE)
    assert "Familie Alt" not in str(purge.changes) and cases["due"].code not in str(purge.changes)


def test_apply_retention_for_every_office_by_default(world, cases):
    _run()
    assert not Case.objects.filter(pk=cases["other_office"].pk).exists()
    assert DeletionLog.objects.filter(youth_office=world.other_office, count=1).exists()


def test_dry_run_lists_what_would_go_and_writes_nothing(world, cases):
    before = AuditEntry.objects.count()
    out = _run("--dry-run")
    assert f"{world.office.name}: cases.case (120 months, before 2026-06-15): would delete 1" in out
    assert "Dry run: nothing was changed." in out
    assert Case.objects.count() == 5
    assert not DeletionLog.objects.exists()
    assert AuditEntry.objects.count() == before


def test_office_period_overrides_the_default(world, cases):
    services.retention_period_set(actor=None, youth_office=world.office, record_type="cases.case", months=119)
    _run(f"--office={world.office.pk}")
    assert not Case.objects.filter(pk=cases["young"].pk).exists()
    assert DeletionLog.objects.get().count == 2


def test_withdrawn_and_expired_consents_go_after_36_months(world, case_a):
    old_withdrawn = ConsentFactory(case=case_a, withdrawn_on=dt.date(2030, 1, 1))
    old_expired = ConsentFactory(case=case_a, expires_on=dt.date(2033, 6, 1))
    recent_withdrawn = ConsentFactory(case=case_a, withdrawn_on=dt.date(2033, 7, 1))
    running = ConsentFactory(case=case_a)
    held_case = CaseFactory(
        kita=world.kita_a, responsible=world.worker_a, legal_hold=True, legal_hold_reason="x"
    )
    held = ConsentFactory(case=held_case, withdrawn_on=dt.date(2030, 1, 1))
    _run()
    assert set(Consent.objects.values_list("pk", flat=True)) == {recent_withdrawn.pk, running.pk, held.pk}
    assert not Consent.objects.filter(pk__in=[old_withdrawn.pk, old_expired.pk]).exists()
    assert DeletionLog.objects.get(record_type="cases.consent").count == 2


def test_nothing_due_writes_no_log(world, case_a):
    out = _run()
    assert "did delete 0" in out
    assert not DeletionLog.objects.exists()


def test_unknown_office_is_an_error(world):
    with pytest.raises(CommandError, match="No youth office"):
        _run("--office=999999")


def test_cases_rules_are_registered():
    assert [rule.record_type for rule in retention_rules()][:2] == ["cases.case", "cases.consent"]
    assert {rule.default_months for rule in retention_rules()[:2]} == {120, 36}


def test_deleting_cases_does_not_need_the_encryption_keys(world, cases, settings):
    settings.KISA_FIELD_ENCRYPTION_KEYS = []
    _run(f"--office={world.office.pk}")
    assert not Case.objects.filter(pk=cases["due"].pk).exists()
