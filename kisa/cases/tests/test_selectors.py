"""Consent predicates, the referral warning, and case counts per role with small-number suppression."""

import datetime as dt

import pytest

from kisa.cases.selectors import case_counts_for, consent_covers, consent_warning_for_referral
from kisa.cases.tests.factories import CaseFactory, ConsentFactory
from kisa.directory.categories import ServiceCategory

COUNSELLING = ServiceCategory.PARENTING_COUNSELLING


@pytest.mark.parametrize(
    ("consent", "on", "covered"),
    [
        ({}, dt.date(2025, 3, 10), True),
        ({}, dt.date(2025, 3, 9), False),  # not yet given
        ({"expires_on": dt.date(2025, 6, 30)}, dt.date(2025, 6, 30), True),
        ({"expires_on": dt.date(2025, 6, 30)}, dt.date(2025, 7, 1), False),
        ({"withdrawn_on": dt.date(2025, 5, 1)}, dt.date(2025, 4, 30), True),
        ({"withdrawn_on": dt.date(2025, 5, 1)}, dt.date(2025, 5, 1), False),
        ({"recipient_category": ServiceCategory.HEALTH}, dt.date(2025, 4, 1), False),
    ],
)
def test_consent_covers_by_date_and_recipient_kind(world, case_a, consent, on, covered):
    ConsentFactory(case=case_a, **consent)
    assert consent_covers(case=case_a, recipient=COUNSELLING, on=on) is covered


def test_consent_covers_a_named_institution_only_when_named(world, case_a):
    ConsentFactory(case=case_a, recipient_institution="Erziehungsberatung Mayen")
    on = dt.date(2025, 4, 1)
    assert consent_covers(case=case_a, recipient="erziehungsberatung mayen", on=on)
    assert not consent_covers(case=case_a, recipient="Beratungsstelle Koblenz", on=on)


def test_consent_of_another_case_covers_nothing(world, case_a):
    other = CaseFactory(kita=world.kita_b, responsible=world.worker_b)
    ConsentFactory(case=other)
    assert not consent_covers(case=case_a, recipient=COUNSELLING, on=dt.date(2025, 4, 1))


def test_consent_warning_for_referral(world, case_a):
    on = dt.date(2025, 4, 1)
    warning = consent_warning_for_referral(case=case_a, category=COUNSELLING, on=on)
    assert case_a.code in warning
    assert "Parenting and family counselling" in warning or "Erziehungs" in warning
    ConsentFactory(case=case_a)
    assert consent_warning_for_referral(case=case_a, category=COUNSELLING, on=on) is None
    assert consent_warning_for_referral(case=case_a, category=ServiceCategory.DEBT_COUNSELLING, on=on)


@pytest.fixture
def many_cases(world):
    """Kita A: 6 cases of worker A (5 opened 2025, 1 in 2026, 1 closed); Kita B: 2 cases of worker B."""
    cases = [CaseFactory(kita=world.kita_a, responsible=world.worker_a) for _ in range(5)]
    cases.append(CaseFactory(kita=world.kita_a, responsible=world.worker_a, opened_on=dt.date(2026, 1, 5)))
    cases[0].status, cases[0].closed_on, cases[0].outcome = "closed", dt.date(2025, 9, 1), "resolved"
    cases[0].save()
    cases += [CaseFactory(kita=world.kita_b, responsible=world.worker_b) for _ in range(2)]
    CaseFactory(kita=world.other_kita, responsible=world.other_worker)
    return cases


def _by_key(counts):
    """Kitas by name, statuses and years by their key."""
    return {(row.label if counts.group_by == "kita" else row.key): row.count for row in counts.rows}


def test_coordinator_counts_the_office_exactly(world, many_cases):
    counts = case_counts_for(user=world.users["coordinator"], group_by="kita")
    assert _by_key(counts) == {"Kita Regenbogen": 2, "Kita St. Martin": 6}
    assert counts.total == 8 and not counts.suppressed
    by_status = case_counts_for(user=world.users["coordinator"], group_by="status")
    assert _by_key(by_status) == {"closed": 1, "open": 7}
    by_year = case_counts_for(user=world.users["coordinator"], group_by="year", year=2025)
    assert _by_key(by_year) == {"2025": 7}


def test_read_only_counts_are_suppressed_below_the_threshold(world, many_cases):
    counts = case_counts_for(user=world.users["read_only"], group_by="kita")
    assert _by_key(counts) == {"Kita Regenbogen": None, "Kita St. Martin": 6}
    assert counts.suppressed and counts.total == 8
    by_year = case_counts_for(user=world.users["read_only"], group_by="year")
    assert _by_key(by_year) == {"2025": 7, "2026": None}


def test_kita_lead_and_provider_count_only_their_kitas_suppressed(world, many_cases):
    lead = case_counts_for(user=world.users["kita_lead"], group_by="kita")
    assert _by_key(lead) == {"Kita St. Martin": 6}
    provider = case_counts_for(user=world.users["provider"], group_by="status")
    # The church provider runs Kita A (6 cases: 5 open, 1 closed) and Kita C (none).
    assert _by_key(provider) == {"closed": None, "open": 5}


def test_worker_counts_own_cases_exactly_and_admin_nothing(world, many_cases):
    counts = case_counts_for(user=world.users["worker_b"], group_by="kita")
    assert _by_key(counts) == {"Kita Regenbogen": 2}
    assert case_counts_for(user=world.users["admin"]).rows == []
