from urllib.parse import parse_qs, urlparse

from django.urls import reverse


def test_login_redirect_keeps_the_filters_of_the_requested_page(world, client):
    response = client.get("/register/kitas/?q=Polch&provider=1")

    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert target.path == reverse("accounts:login")
    assert parse_qs(target.query)["next"] == ["/register/kitas/?q=Polch&provider=1"]


def test_login_redirect_of_a_function_view_keeps_the_query_string(world, client):
    response = client.get("/register/uebersicht/?on=2025-01-01")

    assert parse_qs(urlparse(response["Location"]).query)["next"] == ["/register/uebersicht/?on=2025-01-01"]
