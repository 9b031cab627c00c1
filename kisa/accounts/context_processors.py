from typing import Any

from django.http import HttpRequest

from kisa.accounts.selectors import membership_of


def membership(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's membership (role, office) for the page header and navigation."""
    return {"membership": membership_of(getattr(request, "user", None))}
