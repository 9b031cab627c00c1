"""Directory pages per role: public search without login, staff directory and referral search, editing,
import, analysis; another office's offers answer 404."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from kisa.core.tests.ui import ui
from kisa.directory import services
from kisa.directory.home import home_section
from kisa.directory.models import Service
from kisa.directory.tests.factories import ServiceFactory

STAFF = ["coordinator", "worker_a"]
NOT_STAFF = ["kita_lead", "provider", "read_only", "admin"]


def test_public_search_needs_no_login_and_filters_by_category_and_language(offers) -> None:
    response = Client().get(
        reverse("directory:public_search"), {"category": "debt_counselling", "language": "tr"}
    )
    assert response.status_code == 200
    names = [s.name for s, _d in response.context["rows"]]
    # Every office's active offers are public information.
    assert names == ["Fremdes Angebot", "Schuldnerberatung Mayen"]
    assert b"<svg" in response.content
    assert b"https://" not in response.content.split(b"<svg")[1].split(b"</svg>")[0]


def test_public_search_by_place_sorts_by_distance_and_by_age(offers, places) -> None:
    response = Client().get(
        reverse("directory:public_search"), {"place": places.municipality_in_area.pk, "age": "4"}
    )
    # Located in or serving Kottenheim: none; so place narrows to nothing unless the service area matches.
    assert response.context["count"] == 0
    offers["parenting"].service_area.set([places.municipality_in_area])
    response = Client().get(
        reverse("directory:public_search"), {"place": places.municipality_in_area.pk, "age": "4"}
    )
    assert [s.name for s, _d in response.context["rows"]] == ["Erziehungsberatung Koblenz"]
    too_young = Client().get(reverse("directory:public_search"), {"category": "debt_counselling", "age": "4"})
    assert "Schuldnerberatung Mayen" not in [s.name for s, _d in too_young.context["rows"]]


def test_public_pages_render_in_the_requested_language_with_direction(offers) -> None:
    response = Client().get(reverse("directory:public_detail", args=[offers["debt_tr"].pk]), {"lang": "ar"})
    assert b'lang="ar" dir="rtl"' in response.content
    assert response.headers["Content-Language"] == "ar"


def test_public_detail_in_arabic_keeps_phone_number_left_to_right(offers) -> None:
    offer = offers["debt_tr"]
    offer.phone = "0261 73574"
    offer.save()
    response = Client().get(reverse("directory:public_detail", args=[offer.pk]), {"lang": "ar"})
    assert '<a class="kern-link" dir="ltr" href="tel:026173574">0261 73574</a>' in response.content.decode()


def test_public_detail_hides_inactive_offers(offers) -> None:
    Service.objects.filter(pk=offers["debt_tr"].pk).update(is_active=False)
    assert Client().get(reverse("directory:public_detail", args=[offers["debt_tr"].pk])).status_code == 404


@pytest.mark.parametrize("persona", STAFF)
def test_staff_see_their_office_offers(offers, world, persona) -> None:
    response = world.client_for(persona).get(reverse("directory:service_list"))
    assert response.status_code == 200
    assert sorted(s.name for s, _t in response.context["rows"]) == [
        "Erziehungsberatung Koblenz",
        "Schuldnerberatung Mayen",
    ]


@pytest.mark.parametrize("persona", NOT_STAFF)
def test_other_roles_are_refused_the_staff_directory(offers, world, persona) -> None:
    assert world.client_for(persona).get(reverse("directory:service_list")).status_code == 403


def test_anonymous_staff_directory_redirects_to_login(offers) -> None:
    response = Client().get(reverse("directory:service_list"))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "anmelden" in response["Location"]


def test_worker_searches_turkish_debt_counselling_reachable_by_bus_from_kottenheim(
    offers, feed, world, settings
) -> None:
    settings.KISA_REACHABILITY_DATE = "2026-12-01"
    response = world.client_for("worker_a").get(
        reverse("directory:service_list"),
        {
            "category": "debt_counselling",
            "language": "tr",
            "origin": world.municipality_in_area.pk,
            "max_minutes": "60",
        },
    )
    rows = response.context["rows"]
    assert [s.name for s, _t in rows] == ["Schuldnerberatung Mayen"]
    assert 15 <= rows[0][1].median_minutes <= 45
    assert (
        ui("Bus and train from %(place)s: typical / worst (min)").split("%")[0] in response.content.decode()
    )


def test_staff_detail_of_another_office_answers_404(offers, world) -> None:
    client = world.client_for("coordinator")
    assert client.get(reverse("directory:service_detail", args=[offers["other"].pk])).status_code == 404
    assert client.get(reverse("directory:service_detail", args=[offers["debt_tr"].pk])).status_code == 200


def test_coordinator_creates_an_offer(offers, world) -> None:
    location = offers["debt_tr"].location
    response = world.client_for("coordinator").post(
        reverse("directory:service_create"),
        {
            "name": "Migrationsberatung Mayen",
            "organization": location.organization.pk,
            "location": location.pk,
            "categories": ["migration_counselling"],
            "languages": ["de", "ar"],
            "is_free": "on",
            "is_active": "on",
        },
    )
    created = Service.objects.get(name="Migrationsberatung Mayen")
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:service_detail", args=[created.pk])
    assert created.languages == ["de", "ar"]


def test_worker_may_not_create_or_verify_offers(offers, world) -> None:
    client = world.client_for("worker_a")
    assert client.get(reverse("directory:service_create")).status_code == 403
    assert client.post(reverse("directory:service_verify", args=[offers["debt_tr"].pk])).status_code == 403


def test_coordinator_verifies_an_offer_and_it_leaves_the_reminder(offers, world) -> None:
    Service.objects.filter(pk=offers["debt_tr"].pk).update(last_verified="2020-01-01")
    client = world.client_for("coordinator")
    home = client.get("/")
    assert ui("Offers to verify") in home.content.decode()
    assert [s.name for s in home_section(user=world.users["coordinator"]).context["due"]] == [
        "Schuldnerberatung Mayen"
    ]
    client.post(reverse("directory:service_verify", args=[offers["debt_tr"].pk]))
    assert home_section(user=world.users["coordinator"]).context["due"] == []
    assert home_section(user=world.users["worker_a"]) is None


def test_other_office_offer_cannot_be_verified(offers, world) -> None:
    response = world.client_for("coordinator").post(
        reverse("directory:service_verify", args=[offers["other"].pk])
    )
    assert response.status_code == 404


def test_coordinator_uploads_a_broken_package_and_sees_row_errors(offers, world) -> None:
    upload = io.BytesIO(b'{"resources": [{"name": "organization", "data": [{"id": "nope", "name": "X"}]}]}')
    upload.name = "package.json"
    response = world.client_for("coordinator").post(reverse("directory:import"), {"file": upload})
    problems = response.context["problems"]
    assert ("datapackage.json (organization)", 1, "id") in {(p.file, p.row, p.field) for p in problems}
    assert ui("Errors in the package") in response.content.decode()
    assert [p.message for p in problems if p.field == "id"] == [ui("not a UUID")]


def test_import_page_names_an_unknown_category_in_german_and_reports_success_in_german(offers, world) -> None:
    client = world.client_for("coordinator")
    package = json.loads(client.get(reverse("directory:export", args=["json"])).content)
    attributes = next(r for r in package["resources"] if r["name"] == "service_attribute")
    original = attributes["data"][0]["taxonomy_term_id"]
    attributes["data"][0]["taxonomy_term_id"] = "astrologie"
    upload = io.BytesIO(json.dumps(package).encode())
    upload.name = "package.json"
    page = client.post(reverse("directory:import"), {"file": upload}).content.decode()
    assert "unbekannte Kategorie „astrologie“" in page
    assert "unknown" not in page

    attributes["data"][0]["taxonomy_term_id"] = original
    upload = io.BytesIO(json.dumps(package).encode())
    upload.name = "package.json"
    page = client.post(reverse("directory:import"), {"file": upload}).content.decode()
    assert "Angebote: 0 neu, 0 geändert" in page
    assert "changed" not in page


def test_coordinator_exports_and_workers_may_not(offers, world) -> None:
    response = world.client_for("coordinator").get(reverse("directory:export", args=["json"]))
    assert response.status_code == 200
    assert b"Schuldnerberatung Mayen" in response.content
    assert b"Fremdes Angebot" not in response.content
    assert world.client_for("worker_a").get(reverse("directory:import")).status_code == 403
    assert world.client_for("worker_a").get(reverse("directory:export", args=["zip"])).status_code == 403


@pytest.mark.parametrize("persona", ["coordinator", "worker_a", "read_only"])
def test_analysis_shows_white_spots_with_children(offers, feed, world, persona, settings) -> None:
    settings.KISA_REACHABILITY_DATE = "2026-12-01"
    services.reachability_compute(youth_office=world.office)
    response = world.client_for(persona).get(
        reverse("directory:analysis"), {"category": "parenting_counselling"}
    )
    assert response.status_code == 200
    spots = response.context["spots"]
    assert world.municipality_in_area in [s.municipality for s in spots]
    assert response.context["children_in_spots"] == 180 * len(spots)
    assert b"<svg" in response.content


def test_analysis_writes_children_with_german_thousands_separators(offers, feed, world, settings) -> None:
    settings.KISA_REACHABILITY_DATE = "2026-12-01"
    world.municipality_in_area.children_under_7 = 1234
    world.municipality_in_area.save()
    services.reachability_compute(youth_office=world.office)
    response = world.client_for("coordinator").get(
        reverse("directory:analysis"), {"category": "parenting_counselling"}
    )
    page = response.content.decode()
    assert ">1.234</td>" in page
    assert "1234" not in page


@pytest.mark.parametrize("persona", ["kita_lead", "provider", "admin"])
def test_analysis_refused_for_other_roles(world, persona) -> None:
    assert world.client_for(persona).get(reverse("directory:analysis")).status_code == 403


def test_staff_list_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries) -> None:
    client = world.client_for("worker_a")
    ServiceFactory(youth_office=world.office)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("directory:service_list"))
    for _ in range(3):
        ServiceFactory(youth_office=world.office)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("directory:service_list"))


def test_coordinator_moves_a_location_and_others_may_not(offers, world) -> None:
    location = offers["debt_tr"].location
    data = {
        "organization": location.organization.pk,
        "name": location.name,
        "street": "Neue Straße 1",
        "postal_code": "56727",
        "city": "Mayen",
        "latitude": "50.33000",
        "longitude": "7.22500",
    }
    url = reverse("directory:location_update", args=[location.pk])
    assert world.client_for("worker_a").post(url, data).status_code == 403
    response = world.client_for("coordinator").post(url, data)
    assert response.status_code == 302
    location.refresh_from_db()
    assert location.street == "Neue Straße 1"
    other = reverse("directory:location_update", args=[offers["other"].location.pk])
    assert world.client_for("coordinator").get(other).status_code == 404


def test_coordinator_renames_an_organization(offers, world) -> None:
    organization = offers["debt_tr"].organization
    response = world.client_for("coordinator").post(
        reverse("directory:organization_update", args=[organization.pk]), {"name": "Caritasverband Mayen"}
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name == "Caritasverband Mayen"


def test_coordinator_sets_opening_times_and_a_bad_line_is_named(offers, world) -> None:
    service = offers["debt_tr"]
    url = reverse("directory:service_update", args=[service.pk])
    data = {
        "name": service.name,
        "organization": service.organization_id,
        "location": service.location_id,
        "categories": service.categories,
        "languages": service.languages,
        "is_active": "on",
        "opening_times": "MO 09:00-12:00 offene Sprechstunde\nXY 14:00-16:00",
    }
    response = world.client_for("coordinator").post(url, data)
    assert response.status_code == 200
    assert "opening_times" in response.context["form"].errors
    assert not service.schedules.exists()
    data["opening_times"] = "MO 09:00-12:00 offene Sprechstunde\nDO 14:00-16:00"
    assert world.client_for("coordinator").post(url, data).status_code == 302
    assert [str(s) for s in service.schedules.all()] == ["Montag 09:00–12:00", "Donnerstag 14:00–16:00"]
    edit = world.client_for("coordinator").get(url)
    assert (
        edit.context["form"].initial["opening_times"] == "MO 09:00-12:00 offene Sprechstunde\nTH 14:00-16:00"
    )


@pytest.mark.parametrize(
    ("lang", "heading", "category", "age"),
    [
        ("tr", "Aileler için hizmet bulun", "Borç danışmanlığı", "18 yaşından itibaren"),
        ("ar", "ابحث عن خدمات للعائلات", "استشارة الديون", "من عمر 18 سنوات"),
        ("ru", "Найти предложения для семей", "Консультации по долгам", "с 18 лет"),
        ("uk", "Знайти пропозиції для сімей", "Консультації щодо боргів", "з 18 років"),
        ("de-x-ls", "Hilfe für Familien finden", "Beratung bei Schulden", "ab 18 Jahren"),
    ],
)
def test_public_search_and_detail_speak_the_chosen_language(offers, lang, heading, category, age) -> None:
    client = Client()
    search = client.get(reverse("directory:public_search"), {"lang": lang, "category": "debt_counselling"})
    page = search.content.decode()
    assert heading in page
    assert category in page
    assert "Angebote für Familien finden" not in page
    assert "Dieses Verzeichnis lädt nichts" not in page
    detail = client.get(reverse("directory:public_detail", args=[offers["debt_tr"].pk]), {"lang": lang})
    page = detail.content.decode()
    assert category in page
    assert age in page
    assert "Zurück zur Suche" not in page
