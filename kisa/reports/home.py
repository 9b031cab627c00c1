from __future__ import annotations

from typing import Any


def home_section(*, user: Any) -> None:
    return None
