import pytest

from kisa.core.suppression import is_suppressed, suppressed


@pytest.mark.parametrize(("count", "hidden"), [(0, False), (1, True), (4, True), (5, False), (40, False)])
def test_groups_below_the_default_threshold_are_hidden(count: int, hidden: bool) -> None:
    assert is_suppressed(count) is hidden
    assert (suppressed("42 %", count=count) is None) is hidden


def test_the_office_can_raise_the_threshold(settings) -> None:
    settings.KISA_SMALL_NUMBER_THRESHOLD = 10
    assert suppressed(7, count=7) is None
    assert suppressed(7, count=7, threshold=3) == 7
