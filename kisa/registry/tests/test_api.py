import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.validators import MinValueValidator, ProhibitNullCharactersValidator
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kisa.accounts.services import api_token_create
from kisa.accounts.tests.factories import UserFactory
from kisa.core.models import AuditEntry
from kisa.registry import selectors, services
from kisa.registry.models import Assignment, Kita
from kisa.registry.tests.factories import (
    AssignmentFactory,
    KitaFactory,
    MunicipalAssociationFactory,
    MunicipalityFactory,
    ProviderFactory,
    SocialAreaFactory,
    StaffMemberFactory,
)

API = "/api/v1"
LIST_PATHS = ["/municipalities", "/social-areas", "/kitas", "/providers", "/staff", "/assignments"]
DENIED = "Your role does not allow this."


def _german(message) -> str:
    """The API answers in the UI language, German: `message` is a msgid or a lazy translation."""
    with translation.override("de"):
        return translation.gettext(message) if isinstance(message, str) else str(message)


def _label(path: str, item: dict) -> str:
    """How a user tells the items of a list apart."""
    if path == "/staff":
        return item["last_name"]
    if path == "/assignments":
        return f"{item['staff_member']['name']} @ {item['kita']['name']}"
    return item["name"]


def _labels(path: str, response) -> set[str]:
    body = response.json()
    assert body["count"] == len(body["items"])
    return {_label(path, item) for item in body["items"]}


def _no_role_client() -> Client:
    client = Client()
    client.force_login(UserFactory(username="ohne_rolle"))
    return client


# --- Overview -------------------------------------------------------------------------------------------


def test_overview_keeps_district_and_responsibility_area_apart(world):
    response = world.client_for("coordinator").get(f"{API}/overview", {"on": "2026-01-01"})

    assert response.status_code == 200
    with translation.override("de"):
        warnings = selectors.overview_for(youth_office=world.office, on=dt.date(2026, 1, 1)).warnings
    assert response.json() == {
        "on": "2026-01-01",
        "district": {
            "label": _german("District %(name)s") % {"name": "Mayen-Koblenz"},
            "municipalities": 3,
            "kitas": 3,
            "places": 185,
            "area_km2": 30.0,
            "inhabitants": 39826,
            "density_per_km2": 1327.5,
            "reference_date": "2021-12-31",
        },
        "responsibility_area": {
            "label": _german("Responsibility area of %(name)s") % {"name": "Kreisjugendamt Mayen-Koblenz"},
            "municipalities": 2,
            "kitas": 3,
            "places": 185,
            "area_km2": 20.0,
            "inhabitants": 9700,
            "density_per_km2": 485.0,
            "reference_date": "2021-12-31",
        },
        "warnings": warnings,
    }
    assert len(warnings) == 1


def test_overview_on_a_day_before_the_responsibility_area_began_has_no_area_figures(world):
    response = world.client_for("read_only").get(f"{API}/overview", {"on": "2021-06-30"})

    area = response.json()["responsibility_area"]
    assert {key: value for key, value in area.items() if key != "label"} == {
        "municipalities": 0,
        "kitas": 0,
        "places": 0,
        "area_km2": 0.0,
        "inhabitants": 0,
        "density_per_km2": None,
        "reference_date": None,
    }
    assert response.json()["district"]["municipalities"] == 3


def test_overview_defaults_to_today(world):
    response = world.client_for("worker_a").get(f"{API}/overview")

    assert response.json()["on"] == dt.date.today().isoformat()


def test_overview_for_another_office_shows_only_its_own_territory(world):
    response = world.client_for("outsider").get(f"{API}/overview")

    body = response.json()
    assert body["district"]["label"] == _german("District %(name)s") % {"name": "Ahrweiler"}
    assert (body["district"]["municipalities"], body["district"]["kitas"]) == (1, 1)


def test_overview_with_an_invalid_date_is_422_naming_the_parameter(world):
    response = world.client_for("coordinator").get(f"{API}/overview", {"on": "31.12.2021"})

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["detail"]] == ["on"]


def test_overview_for_a_user_without_role_is_403(world):
    response = _no_role_client().get(f"{API}/overview")

    assert response.status_code == 403
    assert response.json() == {"detail": _german(DENIED)}


# --- Lists: each role sees exactly its items ---------------------------------------------------------

ALL_KITAS = {"Kita St. Martin", "Kita Regenbogen", "Kita Arche Noah"}
BOTH_PROVIDERS = {"Kath. Kita gGmbH", "VG Maifeld"}
ASSIGNMENT_A = "Anna Adler @ Kita St. Martin"
ASSIGNMENT_B = "Ben Berg @ Kita Regenbogen"
OFFICE_PERSONAS = ["coordinator", "admin", "read_only", "worker_a", "worker_b", "kita_lead", "provider"]

VISIBLE = {
    "/municipalities": {persona: {"Kottenheim", "Polch", "Andernach"} for persona in OFFICE_PERSONAS},
    "/social-areas": {persona: {"Maifeld"} for persona in OFFICE_PERSONAS},
    "/kitas": {
        "coordinator": ALL_KITAS,
        "admin": ALL_KITAS,
        "read_only": ALL_KITAS,
        "worker_a": {"Kita St. Martin"},
        "worker_b": {"Kita Regenbogen"},
        "kita_lead": {"Kita St. Martin"},
        "provider": ALL_KITAS,  # its own two, and Kita Regenbogen where its employee Ben Berg works
    },
    "/providers": {
        "coordinator": BOTH_PROVIDERS,
        "admin": BOTH_PROVIDERS,
        "read_only": BOTH_PROVIDERS,
        "worker_a": BOTH_PROVIDERS,
        "worker_b": BOTH_PROVIDERS,
        "kita_lead": BOTH_PROVIDERS,  # providers are institutions: every member sees all of the office
        "provider": BOTH_PROVIDERS,
    },
    "/staff": {
        "coordinator": {"Adler", "Berg"},
        "admin": {"Adler", "Berg"},
        "worker_a": {"Adler"},
        "worker_b": {"Berg"},
        "kita_lead": {"Adler"},
        "provider": {"Adler", "Berg"},
    },
    "/assignments": {
        "coordinator": {ASSIGNMENT_A, ASSIGNMENT_B},
        "admin": {ASSIGNMENT_A, ASSIGNMENT_B},
        "worker_a": {ASSIGNMENT_A},
        "worker_b": {ASSIGNMENT_B},
        "kita_lead": {ASSIGNMENT_A},
        "provider": {ASSIGNMENT_A, ASSIGNMENT_B},
    },
}


@pytest.mark.parametrize(
    ("path", "persona", "expected"),
    [(path, persona, names) for path, by_persona in VISIBLE.items() for persona, names in by_persona.items()],
)
def test_list_shows_each_role_exactly_its_items(world, path, persona, expected):
    response = world.client_for(persona).get(f"{API}{path}")

    assert response.status_code == 200
    assert _labels(path, response) == expected


@pytest.mark.parametrize("path", ["/staff", "/assignments"])
def test_staff_and_assignments_are_403_for_read_only(world, path):
    response = world.client_for("read_only").get(f"{API}{path}")

    assert response.status_code == 403
    assert response.json() == {"detail": _german(DENIED)}


@pytest.mark.parametrize(
    ("path", "record"),
    [("/staff", "worker_a"), ("/assignments", "assignment_a")],
)
def test_staff_and_assignment_details_are_403_for_read_only(world, path, record):
    response = world.client_for("read_only").get(f"{API}{path}/{getattr(world, record).pk}")

    assert response.status_code == 403


@pytest.mark.parametrize("path", LIST_PATHS)
def test_list_for_a_user_without_role_is_403(world, path):
    response = _no_role_client().get(f"{API}{path}")

    assert response.status_code == 403


@pytest.mark.parametrize("path", [*LIST_PATHS, "/overview", "/kitas/1", "/staff/1"])
def test_api_without_authentication_is_401(world, path):
    response = Client().get(f"{API}{path}")

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def _other_office_labels(world, path: str) -> set[str]:
    return {
        "/municipalities": {world.other_kita.municipality.name},
        "/social-areas": set(),
        "/kitas": {"Kita Fremd"},
        "/providers": {world.other_kita.provider.name, world.other_worker.employer.name},
        "/staff": {"Other"},
        "/assignments": {"Olga Other @ Kita Fremd"},
    }[path]


@pytest.mark.parametrize("path", LIST_PATHS)
def test_list_for_another_office_shows_only_its_own_items(world, path):
    response = world.client_for("outsider").get(f"{API}{path}")

    assert _labels(path, response) == _other_office_labels(world, path)


OFFICE_A_RECORDS = [
    ("/municipalities", "municipality_in_area"),
    ("/social-areas", "social_area"),
    ("/kitas", "kita_a"),
    ("/providers", "church"),
    ("/staff", "worker_a"),
    ("/assignments", "assignment_a"),
]


@pytest.mark.parametrize(("path", "record"), OFFICE_A_RECORDS)
def test_detail_of_another_offices_record_is_404(world, path, record):
    response = world.client_for("outsider").get(f"{API}{path}/{getattr(world, record).pk}")

    assert response.status_code == 404


@pytest.mark.parametrize(("path", "record"), OFFICE_A_RECORDS)
def test_detail_for_a_user_without_role_is_403(world, path, record):
    response = _no_role_client().get(f"{API}{path}/{getattr(world, record).pk}")

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("persona", "path", "record"),
    [
        ("worker_a", "/kitas", "kita_b"),
        ("worker_a", "/staff", "worker_b"),
        ("worker_a", "/assignments", "assignment_b"),
        ("kita_lead", "/kitas", "kita_b"),
        ("kita_lead", "/staff", "worker_b"),
    ],
)
def test_detail_outside_the_roles_scope_is_404(world, persona, path, record):
    response = world.client_for(persona).get(f"{API}{path}/{getattr(world, record).pk}")

    assert response.status_code == 404


@pytest.mark.parametrize(("path", "record"), OFFICE_A_RECORDS)
def test_detail_answers_the_same_figures_as_the_list(world, path, record):
    client = world.client_for("coordinator")
    pk = getattr(world, record).pk
    listed = next(item for item in client.get(f"{API}{path}").json()["items"] if item["id"] == pk)

    response = client.get(f"{API}{path}/{pk}")

    assert response.status_code == 200
    assert {key: value for key, value in response.json().items() if key in listed} == listed


def test_kita_detail_names_its_related_records(world):
    kita = world.kita_a

    response = world.client_for("kita_lead").get(f"{API}/kitas/{kita.pk}")

    assert response.json() == {
        "id": kita.pk,
        "number": "A1",
        "name": "Kita St. Martin",
        "street": "",
        "postal_code": "",
        "municipality": {"id": world.municipality_in_area.pk, "name": "Kottenheim"},
        "social_area": {"id": world.social_area.pk, "name": "Maifeld"},
        "provider": {"id": world.church.pk, "name": "Kath. Kita gGmbH"},
        "approved_places": 80,
        "latitude": 50.301,
        "longitude": 7.301,
        "family_centre_status": "none",
        "is_active": True,
    }


def test_municipality_detail_carries_each_figure_with_its_reference_date(world):
    municipality = world.municipality_outside_area

    response = world.client_for("worker_b").get(f"{API}/municipalities/{municipality.pk}")

    assert response.json() == {
        "id": municipality.pk,
        "ags": "07137003",
        "name": "Andernach",
        "kind": "ortsgemeinde",
        "district": {"id": world.district.pk, "name": "Mayen-Koblenz"},
        "association": None,
        "area_km2": 10.0,
        "area_date": "2021-12-31",
        "population": 30126,
        "population_date": "2021-12-31",
        "children_under_7": None,
        "children_under_7_date": None,
        "children_under_7_estimated": False,
        "latitude": 50.3,
        "longitude": 7.3,
        "source": "Testdaten",
        "in_responsibility_area": False,
        "kita_count": 0,
        "boundary": None,
    }


def test_social_area_detail_lists_its_municipalities(world):
    response = world.client_for("provider").get(f"{API}/social-areas/{world.social_area.pk}")

    assert response.json()["municipalities"] == [
        {"id": world.municipality_in_area.pk, "name": "Kottenheim"},
        {"id": world.social_area.municipalities.get(name="Polch").pk, "name": "Polch"},
    ]


# --- Pagination and filters -----------------------------------------------------------------------------


def test_list_pages_keep_the_total_count(world):
    response = world.client_for("coordinator").get(f"{API}/kitas", {"page": 2, "page_size": 2})

    assert response.json()["count"] == 3
    assert [kita["name"] for kita in response.json()["items"]] == ["Kita St. Martin"]


def test_list_page_size_defaults_to_the_setting(world):
    KitaFactory.create_batch(
        settings.KISA_API_PAGE_SIZE - 2,
        youth_office=world.office,
        municipality=world.municipality_in_area,
        provider=world.church,
    )

    body = world.client_for("coordinator").get(f"{API}/kitas").json()

    assert (body["count"], len(body["items"])) == (
        settings.KISA_API_PAGE_SIZE + 1,
        settings.KISA_API_PAGE_SIZE,
    )


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("184467440737095518", "Der Wert ist zu groß (Grenze: 1000000)."),  # would overflow the offset
        ("0", "Der Wert ist zu klein (Grenze: 1)."),
    ],
)
@pytest.mark.parametrize("path", LIST_PATHS)
def test_list_page_out_of_range_is_422_naming_page(world, path, page, message):
    response = world.client_for("coordinator").get(f"{API}{path}", {"page": page})

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "page", "message": message}]}


def test_list_page_beyond_the_end_has_no_items_and_the_real_count(world):
    response = world.client_for("coordinator").get(f"{API}/kitas", {"page": 1_000_000})

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 3}


@pytest.mark.parametrize("path", LIST_PATHS)
def test_list_search_with_a_nul_character_answers_a_list(world, path):
    # PostgreSQL refuses NUL in a query parameter: the search must not fail with 500.
    response = world.client_for("coordinator").get(f"{API}{path}?q=a%00")

    assert response.status_code == 200
    assert response.json()["count"] == len(response.json()["items"])


FILTERS = [
    ("/municipalities", lambda w: {"q": "Pol"}, {"Polch"}),
    ("/municipalities", lambda w: {"in_area": "false"}, {"Andernach"}),
    ("/municipalities", lambda w: {"in_area": "true"}, {"Kottenheim", "Polch"}),
    ("/social-areas", lambda w: {"q": "mai"}, {"Maifeld"}),
    ("/social-areas", lambda w: {"q": "Pellenz"}, set()),
    ("/kitas", lambda w: {"municipality": w.kita_b.municipality_id}, {"Kita Regenbogen", "Kita Arche Noah"}),
    ("/kitas", lambda w: {"social_area": w.social_area.pk}, {"Kita St. Martin", "Kita Regenbogen"}),
    ("/kitas", lambda w: {"provider": w.church.pk}, {"Kita St. Martin", "Kita Arche Noah"}),
    ("/kitas", lambda w: {"q": "regen"}, {"Kita Regenbogen"}),
    ("/providers", lambda w: {"kind": "municipal"}, {"VG Maifeld"}),
    ("/providers", lambda w: {"q": "kath"}, {"Kath. Kita gGmbH"}),
    ("/staff", lambda w: {"employer": w.church.pk}, {"Berg"}),
    ("/staff", lambda w: {"q": "anna"}, {"Adler"}),
    ("/staff", lambda w: {"function": "coordinator"}, set()),
    ("/staff", lambda w: {"active": "false"}, set()),
    ("/assignments", lambda w: {"kita": w.kita_a.pk}, {ASSIGNMENT_A}),
    ("/assignments", lambda w: {"staff_member": w.worker_b.pk}, {ASSIGNMENT_B}),
    ("/assignments", lambda w: {"q": "Regenbogen"}, {ASSIGNMENT_B}),
]


@pytest.mark.parametrize(("path", "params", "expected"), FILTERS)
def test_list_filters_narrow_exactly(world, path, params, expected):
    response = world.client_for("coordinator").get(f"{API}{path}", params(world))

    assert _labels(path, response) == expected


def test_municipality_list_filters_by_association(world):
    association = MunicipalAssociationFactory(district=world.district, name="Mendig")
    MunicipalityFactory(district=world.district, association=association, name="Thür")

    response = world.client_for("coordinator").get(f"{API}/municipalities", {"association": association.pk})

    assert _labels("/municipalities", response) == {"Thür"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"family_centre_status": "family_centre"}, {"Kita Arche Noah"}),
        ({"active": "false"}, {"Kita Arche Noah"}),
        ({"active": "true"}, {"Kita St. Martin", "Kita Regenbogen"}),
    ],
)
def test_kita_list_filters_by_status_and_activity(world, params, expected):
    services.kita_update(
        actor=None, kita=world.kita_c, data={"family_centre_status": "family_centre", "is_active": False}
    )

    response = world.client_for("coordinator").get(f"{API}/kitas", params)

    assert _labels("/kitas", response) == expected


def test_assignment_list_current_leaves_out_ended_assignments(world):
    services.assignment_end(actor=None, assignment=world.assignment_a, valid_to=dt.date(2024, 6, 30))
    client = world.client_for("coordinator")

    assert _labels("/assignments", client.get(f"{API}/assignments", {"current": "true"})) == {ASSIGNMENT_B}
    assert _labels("/assignments", client.get(f"{API}/assignments")) == {ASSIGNMENT_A, ASSIGNMENT_B}


@pytest.mark.parametrize("value", ["Kirche", "0", str(2**63)])  # the last no database id column holds
def test_list_filter_with_a_malformed_id_is_422_naming_it(world, value):
    response = world.client_for("coordinator").get(f"{API}/kitas", {"provider": value})

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["detail"]] == ["provider"]


# --- Query-count guard: the number of queries does not grow with the items (no N+1) ------------------


def _zeta_kita(world, n: int) -> Kita:
    """A Kita with its own provider and social area and a worker on it, so every relation is exercised."""
    kita = KitaFactory(
        youth_office=world.office,
        name=f"Zeta {n}",
        municipality=world.municipality_in_area,
        social_area=SocialAreaFactory(youth_office=world.office),
    )
    AssignmentFactory(youth_office=world.office, kita=kita)
    return kita


def _zeta_staff_member(world, n: int) -> None:
    member = StaffMemberFactory(youth_office=world.office, last_name=f"Zeta {n}")
    AssignmentFactory(youth_office=world.office, staff_member=member, kita=_zeta_kita(world, n))


def _zeta_assignment(world, n: int) -> None:
    AssignmentFactory(
        youth_office=world.office,
        staff_member=StaffMemberFactory(youth_office=world.office, last_name=f"Zeta {n}"),
        kita=KitaFactory(youth_office=world.office, municipality=world.municipality_in_area),
    )


def _zeta_social_area(world, n: int) -> None:
    SocialAreaFactory(youth_office=world.office, name=f"Zeta {n}").municipalities.set(
        [world.municipality_in_area]
    )


ZETA = {
    "/municipalities": lambda world, n: MunicipalityFactory(
        district=world.district,
        name=f"Zeta {n}",
        association=MunicipalAssociationFactory(district=world.district),
    ),
    "/social-areas": _zeta_social_area,
    "/kitas": _zeta_kita,
    "/providers": lambda world, n: ProviderFactory(youth_office=world.office, name=f"Zeta {n}"),
    "/staff": _zeta_staff_member,
    "/assignments": _zeta_assignment,  # found by the worker's name
}


@pytest.mark.parametrize("path", LIST_PATHS)
def test_list_query_count_does_not_grow_with_items(world, django_assert_num_queries, path):
    client = world.client_for("coordinator")
    ZETA[path](world, 1)
    with CaptureQueriesContext(connection) as one_item:
        assert client.get(f"{API}{path}", {"q": "Zeta"}).json()["count"] == 1
    ZETA[path](world, 2)
    ZETA[path](world, 3)

    with django_assert_num_queries(len(one_item)):
        assert client.get(f"{API}{path}", {"q": "Zeta"}).json()["count"] == 3


# --- Writes ---------------------------------------------------------------------------------------------


def _kita_payload(world, **overrides) -> dict:
    payload = {
        "number": "N1",
        "name": "Kita Pusteblume",
        "municipality_id": world.municipality_in_area.pk,
        "provider_id": world.church.pk,
        "approved_places": 50,
    }
    return {**payload, **overrides}


def _post(client: Client, path: str, payload) -> object:
    return client.post(f"{API}{path}", payload, content_type="application/json")


def test_kita_create_by_coordinator_saves_audits_and_answers_201(world):
    payload = _kita_payload(world, social_area_id=world.social_area.pk, latitude=50.35, longitude=7.25)

    response = _post(world.client_for("coordinator"), "/kitas", payload)

    assert response.status_code == 201
    kita = Kita.objects.get(youth_office=world.office, number="N1")
    assert response.json() == {
        "id": kita.pk,
        "number": "N1",
        "name": "Kita Pusteblume",
        "street": "",
        "postal_code": "",
        "municipality": {"id": world.municipality_in_area.pk, "name": "Kottenheim"},
        "social_area": {"id": world.social_area.pk, "name": "Maifeld"},
        "provider": {"id": world.church.pk, "name": "Kath. Kita gGmbH"},
        "approved_places": 50,
        "latitude": 50.35,
        "longitude": 7.25,
        "family_centre_status": "none",
        "is_active": True,
    }
    entry = AuditEntry.objects.get(model_label="registry.Kita", object_id=str(kita.pk))
    assert (entry.action, entry.actor_name, entry.youth_office) == ("create", "koordination", world.office)


def _invalid_kita_cases():
    not_in_area = "%(name)s is not in the responsibility area."
    return [
        (
            {"approved_places": -5},
            "approved_places",
            lambda w: _german(MinValueValidator.message) % {"limit_value": 0},
        ),
        (
            {"latitude": 60, "longitude": 7.3},
            "latitude",
            lambda w: _german("Latitude must lie inside Germany (47.2 to 55.1)."),
        ),
        (
            {"municipality_id": 999_999},
            "municipality_id",
            lambda w: _german("No record with id %(id)s.") % {"id": 999_999},
        ),
        (
            {"municipality_id": "outside"},  # Andernach: in the district, not in the area
            "municipality_id",
            lambda w: _german(not_in_area) % {"name": "Andernach"},
        ),
        (
            {"provider_id": "other office"},  # exists, but the coordinator may not see it
            "provider_id",
            lambda w: _german("No record with id %(id)s.") % {"id": w.other_kita.provider_id},
        ),
    ]


def _resolve_placeholders(world, overrides: dict) -> dict:
    placeholders = {
        "outside": world.municipality_outside_area.pk,
        "other office": world.other_kita.provider_id,
    }
    return {key: placeholders.get(value, value) for key, value in overrides.items()}


@pytest.mark.parametrize(("overrides", "field", "message"), _invalid_kita_cases())
def test_kita_create_refuses_invalid_values_naming_the_field(world, overrides, field, message):
    payload = _kita_payload(world, **_resolve_placeholders(world, overrides))

    response = _post(world.client_for("coordinator"), "/kitas", payload)

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": field, "message": message(world)}]}
    assert not Kita.objects.filter(number="N1").exists()
    assert not AuditEntry.objects.exists()


NUL_REFUSED = ProhibitNullCharactersValidator.message


@pytest.mark.parametrize("field", ["number", "name", "street", "postal_code"])
def test_kita_create_refuses_a_nul_character_naming_the_field(world, field):
    # SQLite would store it, PostgreSQL fails on it: refused alike on both.
    payload = _kita_payload(world, **{field: "Kita\u0000"})

    response = _post(world.client_for("coordinator"), "/kitas", payload)

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": field, "message": _german(NUL_REFUSED)}]}
    assert not Kita.objects.filter(name__startswith="Kita", approved_places=50).exists()
    assert not AuditEntry.objects.exists()


def test_kita_create_with_a_missing_or_mistyped_field_is_422_naming_each(world):
    payload = _kita_payload(world, approved_places="viele")
    del payload["name"]

    response = _post(world.client_for("coordinator"), "/kitas", payload)

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["detail"]] == ["name", "approved_places"]
    assert not Kita.objects.filter(number="N1").exists()


def test_kita_create_with_malformed_json_is_400(world):
    response = _post(world.client_for("coordinator"), "/kitas", '{"name": "Kita Pusteblume",')

    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}


@pytest.mark.parametrize("persona", ["worker_a", "read_only", "admin", "provider"])
def test_kita_create_by_other_roles_is_403_and_writes_nothing(world, persona):
    response = _post(world.client_for(persona), "/kitas", _kita_payload(world))

    assert response.status_code == 403
    assert response.json() == {"detail": _german(DENIED)}
    assert not Kita.objects.filter(number="N1").exists()


def test_kita_create_by_session_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["coordinator"])

    response = _post(client, "/kitas", _kita_payload(world))

    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check Failed"}
    assert not Kita.objects.filter(number="N1").exists()


def test_kita_create_by_bearer_token_needs_no_csrf_token(world):
    _token, raw = api_token_create(user=world.users["coordinator"], name="Import")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})

    response = _post(client, "/kitas", _kita_payload(world))

    assert response.status_code == 201
    assert AuditEntry.objects.get(model_label="registry.Kita").actor == world.users["coordinator"]


def test_kita_update_changes_only_the_given_fields_and_audits_them(world):
    response = world.client_for("coordinator").patch(
        f"{API}/kitas/{world.kita_c.pk}",
        {"approved_places": 55, "social_area_id": world.social_area.pk},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert (response.json()["approved_places"], response.json()["social_area"]["name"]) == (55, "Maifeld")
    assert response.json()["name"] == "Kita Arche Noah"
    entry = AuditEntry.objects.get(model_label="registry.Kita", object_id=str(world.kita_c.pk))
    assert entry.changes == {"approved_places": [45, 55], "social_area": [None, "Maifeld"]}


def test_kita_update_with_an_invalid_value_changes_nothing(world):
    response = world.client_for("coordinator").patch(
        f"{API}/kitas/{world.kita_c.pk}",
        {"name": "Neu", "latitude": 10},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["detail"]] == ["latitude"]
    world.kita_c.refresh_from_db()
    assert world.kita_c.name == "Kita Arche Noah"
    assert not AuditEntry.objects.exists()


def test_kita_update_refuses_a_nul_character_and_changes_nothing(world):
    response = world.client_for("coordinator").patch(
        f"{API}/kitas/{world.kita_c.pk}", {"name": "Arche\u0000"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "name", "message": _german(NUL_REFUSED)}]}
    world.kita_c.refresh_from_db()
    assert world.kita_c.name == "Kita Arche Noah"


NOT_NULL = ["number", "name", "street", "postal_code", "municipality_id", "provider_id", "approved_places"]
NOT_NULL += ["family_centre_status", "is_active"]


@pytest.mark.parametrize("field", NOT_NULL)
def test_kita_update_refuses_null_for_a_field_that_cannot_be_empty(world, field):
    response = world.client_for("coordinator").patch(
        f"{API}/kitas/{world.kita_c.pk}", {"name": "Neu", field: None}, content_type="application/json"
    )

    assert response.status_code == 422
    message = _german(models.Field.default_error_messages["null"])
    assert response.json() == {"detail": [{"field": field, "message": message}]}
    world.kita_c.refresh_from_db()
    assert (world.kita_c.name, world.kita_c.street) == ("Kita Arche Noah", "")
    assert not AuditEntry.objects.exists()


def test_kita_update_takes_null_where_the_field_may_be_empty(world):
    response = world.client_for("coordinator").patch(
        f"{API}/kitas/{world.kita_a.pk}",
        {"social_area_id": None, "latitude": None, "longitude": None},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert (response.json()["social_area"], response.json()["latitude"], response.json()["longitude"]) == (
        None,
        None,
        None,
    )
    world.kita_a.refresh_from_db()
    assert (world.kita_a.social_area, world.kita_a.latitude) == (None, None)


def test_kita_update_of_another_offices_kita_is_404(world):
    response = world.client_for("outsider").patch(
        f"{API}/kitas/{world.kita_a.pk}", {"name": "Übernommen"}, content_type="application/json"
    )

    assert response.status_code == 404
    world.kita_a.refresh_from_db()
    assert world.kita_a.name == "Kita St. Martin"


def test_kita_update_by_kita_lead_is_403(world):
    response = world.client_for("kita_lead").patch(
        f"{API}/kitas/{world.kita_a.pk}", {"approved_places": 999}, content_type="application/json"
    )

    assert response.status_code == 403
    world.kita_a.refresh_from_db()
    assert world.kita_a.approved_places == 80


def _assignment_payload(world, **overrides) -> dict:
    payload = {
        "staff_member_id": world.worker_a.pk,
        "kita_id": world.kita_c.pk,
        "weekdays": [3, 4],
        "hours_per_week": 20,
        "valid_from": "2025-02-01",
    }
    return {**payload, **overrides}


def test_assignment_create_by_coordinator_answers_201_and_audits(world):
    response = _post(world.client_for("coordinator"), "/assignments", _assignment_payload(world))

    assert response.status_code == 201
    assignment = Assignment.objects.get(staff_member=world.worker_a, kita=world.kita_c)
    assert response.json() == {
        "id": assignment.pk,
        "staff_member": {"id": world.worker_a.pk, "name": "Anna Adler"},
        "kita": {"id": world.kita_c.pk, "name": "Kita Arche Noah"},
        "weekdays": [3, 4],
        "hours_per_week": 20.0,
        "valid_from": "2025-02-01",
        "valid_to": None,
        "note": "",
    }
    assert AuditEntry.objects.filter(model_label="registry.Assignment", action="create").count() == 1


def test_assignment_create_beyond_the_workers_hours_is_422_and_writes_nothing(world):
    # Anna Adler: 39 h contracted, 15 h at Kita St. Martin since 2024; 30 more do not fit.
    response = _post(
        world.client_for("coordinator"), "/assignments", _assignment_payload(world, hours_per_week=30)
    )

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "hours_per_week"
    assert "24,0" in error["message"]  # the hours still free
    assert not Assignment.objects.filter(kita=world.kita_c).exists()
    assert not AuditEntry.objects.exists()


def test_assignment_create_with_staff_of_another_office_is_422(world):
    payload = _assignment_payload(world, staff_member_id=world.other_worker.pk)

    response = _post(world.client_for("coordinator"), "/assignments", payload)

    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "field": "staff_member_id",
                "message": _german("No record with id %(id)s.") % {"id": world.other_worker.pk},
            }
        ]
    }


def test_assignment_create_refuses_a_nul_character_in_the_note(world):
    payload = _assignment_payload(world, hours_per_week=5, note="Mittwochs\u0000")

    response = _post(world.client_for("coordinator"), "/assignments", payload)

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "note", "message": _german(NUL_REFUSED)}]}
    assert not Assignment.objects.filter(kita=world.kita_c).exists()


def test_assignment_create_by_worker_is_403(world):
    response = _post(
        world.client_for("worker_a"), "/assignments", _assignment_payload(world, hours_per_week=5)
    )

    assert response.status_code == 403
    assert not Assignment.objects.filter(kita=world.kita_c).exists()


def test_assignment_end_sets_the_last_day_and_keeps_the_record(world):
    response = _post(
        world.client_for("coordinator"),
        f"/assignments/{world.assignment_a.pk}/end",
        {"valid_to": "2025-07-31"},
    )

    assert response.status_code == 200
    assert response.json()["valid_to"] == "2025-07-31"
    world.assignment_a.refresh_from_db()
    assert world.assignment_a.valid_to == dt.date(2025, 7, 31)


def test_assignment_end_before_its_start_is_422_naming_the_field(world):
    response = _post(
        world.client_for("coordinator"),
        f"/assignments/{world.assignment_a.pk}/end",
        {"valid_to": "2023-12-31"},
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "valid_to", "message": _german("'Valid to' must not be before 'valid from'.")}]
    }
    world.assignment_a.refresh_from_db()
    assert world.assignment_a.valid_to is None


def test_assignment_end_of_another_offices_assignment_is_404(world):
    response = _post(
        world.client_for("outsider"), f"/assignments/{world.assignment_a.pk}/end", {"valid_to": "2025-07-31"}
    )

    assert response.status_code == 404


def test_assignment_end_by_provider_is_403(world):
    response = _post(
        world.client_for("provider"), f"/assignments/{world.assignment_a.pk}/end", {"valid_to": "2025-07-31"}
    )

    assert response.status_code == 403
    world.assignment_a.refresh_from_db()
    assert world.assignment_a.valid_to is None


# --- Schema and interactive docs ------------------------------------------------------------------------


def test_openapi_schema_is_public_and_lists_the_endpoints_and_bearer_auth(db):
    response = Client().get(f"{API}/openapi.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    schema = response.json()
    expected_paths = {
        f"{API}{path}"
        for path in [
            "/overview",
            *LIST_PATHS,
            *(f"{path}/{{pk}}" for path in LIST_PATHS),
            "/assignments/{pk}/end",
            "/accounts/me",
            "/accounts/tokens",
            "/accounts/tokens/{token_id}",
        ]
    }
    assert expected_paths <= set(schema["paths"])
    assert set(schema["paths"][f"{API}/kitas/{{pk}}"]) == {"get", "patch"}
    assert schema["components"]["securitySchemes"]["BearerTokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_api_docs_load_only_the_projects_own_static_files(db):
    response = Client().get(f"{API}/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert all(asset.startswith("/static/ninja/") for asset in assets), assets
    assert '"validatorUrl": null' in html


@pytest.mark.parametrize(
    ("persona", "sees_contract"),
    [("coordinator", True), ("admin", True), ("worker_a", True), ("kita_lead", False)],
)
def test_staff_contract_data_only_for_those_who_may_see_it(world, persona, sees_contract):
    world.worker_a.email = "anna.adler@example.org"
    world.worker_a.save()

    response = world.client_for(persona).get(f"{API}/staff/{world.worker_a.pk}")

    body = response.json()
    assert (body["last_name"], body["first_name"]) == ("Adler", "Anna")
    contract = (body["weekly_hours"], body["assigned_hours"], body["email"])
    assert contract == ((39.0, 15.0, "anna.adler@example.org") if sees_contract else (None, None, None))


def test_the_employer_provider_sees_contract_data_of_its_own_employee_only(world):
    client = world.client_for("provider")  # the church employs Berg; Adler works at its Kita A1

    items = {item["last_name"]: item for item in client.get(f"{API}/staff").json()["items"]}

    assert items["Berg"]["weekly_hours"] == 39.0
    assert items["Adler"]["weekly_hours"] is None
    assert items["Adler"]["email"] is None
