"""The role × endpoint access matrix, as data (kisa/core/tests/test_access_matrix.py runs it).

Each app lists its endpoints in `kisa/<app>/tests/access.py` as `ROWS = [Access(...), ...]`; the test
collects every installed app's rows and asks each endpoint as every persona of the shared test world
(plus an anonymous caller). An endpoint names the status each persona must get; personas not named get
`otherwise` (by default 403). Another office's objects are asked for by id like one's own and must answer
404 (`outsider` is the coordinator of the other office).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = ("coordinator", "worker_a", "worker_b", "kita_lead", "provider", "read_only", "admin", "outsider")
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Access:
    name: str
    path: Callable[[Any], str]
    expect: dict[str, int]
    otherwise: int = 403
    method: str = "get"
    data: Callable[[Any], Any] | None = None
    json: bool = False
    anonymous: int | None = None  # default: 302 to the login for pages, 401 for the API
    extra: dict[str, Any] = field(default_factory=dict)

    def status_for(self, persona: str) -> int:
        if persona == ANONYMOUS:
            if self.anonymous is not None:
                return self.anonymous
            return 401 if self.is_api else 302
        return self.expect.get(persona, self.otherwise)

    @property
    def is_api(self) -> bool:
        return self.json or "/api/" in self.name


def everyone(status: int = 200, **overrides: int) -> dict[str, int]:
    """The same status for every persona, with exceptions."""
    return {**dict.fromkeys(PERSONAS, status), **overrides}
