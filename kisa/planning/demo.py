from typing import Any


def load_planning_demo(*, registry: Any, stdout: Any) -> None:
    return None
