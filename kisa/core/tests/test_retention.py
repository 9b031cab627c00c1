import datetime as dt

from kisa.core.retention import RetentionRule


def _rule(months: int) -> RetentionRule:
    return RetentionRule(
        record_type="test.note",
        label="note",
        default_months=months,
        action="delete",
        find_due=lambda **_: None,
        apply=lambda **_: 0,
    )


def test_cutoff_counts_whole_months_back_across_years():
    assert _rule(120).cutoff(today=dt.date(2026, 11, 26)) == dt.date(2016, 11, 26)
    assert _rule(13).cutoff(today=dt.date(2026, 1, 15)) == dt.date(2024, 12, 15)


def test_office_override_and_short_months():
    assert _rule(120).cutoff(today=dt.date(2026, 3, 31), months=1) == dt.date(2026, 2, 28)
