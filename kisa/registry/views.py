from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kisa.accounts.selectors import membership_of
from kisa.core.permissions import requires
from kisa.registry.selectors import overview_for


@requires("registry.view_overview")
def overview(request: HttpRequest) -> HttpResponse:
    """The social-space overview: district and responsibility area side by side."""
    office = membership_of(request.user).youth_office
    return render(request, "registry/overview.html", {"overview": overview_for(youth_office=office)})
