"""A stand-in for another app's section on the case page (used by test_views)."""

from kisa.core.selectors import HomeSection


def linked_things_section(*, user, case):
    return HomeSection("cases/tests/_section.html", {"code": case.code, "reader": user.get_username()})
