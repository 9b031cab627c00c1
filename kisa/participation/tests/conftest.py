from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_rate_limits() -> Any:
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()
