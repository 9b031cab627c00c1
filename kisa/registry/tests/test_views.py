"""The registry pages: who may open them, what they show, and create/edit through the services."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kisa.accounts.tests.factories import UserFactory
from kisa.core.models import AuditEntry
from kisa.core.tests.ui import queries_for, ui
from kisa.registry import services
from kisa.registry.models import Assignment, Kita, Municipality, Provider, SocialArea, StaffMember
from kisa.registry.tests.factories import (
    AssignmentFactory,
    KitaFactory,
    MunicipalAssociationFactory,
    MunicipalityFactory,
    ProviderFactory,
    SocialAreaFactory,
    StaffMemberFactory,
)

# --- Reading the page like a user ------------------------------------------------------------------------


def url(name: str, *args: Any) -> str:
    return reverse(f"registry:{name}", args=args)


def _text(fragment: str) -> str:
    """Visible text of an HTML fragment (still HTML-escaped, like `ui()`)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def _main(response: Any) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def table_rows(response: Any) -> list[list[str]]:
    """Cell texts of the first table's body rows in the main content; the "nothing found" row is skipped."""
    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", _main(response), re.S)
    assert body, "no table on the page"
    rows = [
        re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body[1], re.S)
    ]
    return [[_text(cell) for cell in row] for row in rows if len(row) > 1]


def column(response: Any, index: int) -> set[str]:
    return {row[index] for row in table_rows(response)}


def row_of(response: Any, first_cells: str, index: int = 1) -> list[str]:
    """The row whose cell `index` is `first_cells`."""
    matches = [row for row in table_rows(response) if row[index] == first_cells]
    assert len(matches) == 1, table_rows(response)
    return matches[0]


def field_error(response: Any, field: str) -> str:
    """The error text shown with `field`, found through the id its input points to (aria-describedby)."""
    html = response.content.decode()
    control = re.search(rf'<(?:input|select|textarea)[^>]*name="{field}"[^>]*>', html)
    assert control and f"id_{field}_error" in control[0], f"{field} has no error linked"
    error = re.search(rf'<(\w+)[^>]*id="id_{field}_error"[^>]*>(.*?)</\1>', html, re.S)
    assert error, f"no error element for {field}"
    return _text(error[2])


def client_without_membership() -> Client:
    client = Client()
    client.force_login(UserFactory(username="ohne_rolle"))
    return client


# --- Access: every page for an allowed and a denied role --------------------------------------------------

LIST_PAGES = [
    "overview",
    "municipality_list",
    "socialarea_list",
    "kita_list",
    "provider_list",
    "staff_list",
    "assignment_list",
]
DETAIL_PAGES = [  # page, world attribute of an object of office A
    ("municipality_detail", "municipality_in_area"),
    ("socialarea_detail", "social_area"),
    ("kita_detail", "kita_a"),
    ("provider_detail", "church"),
    ("staff_detail", "worker_a"),
    ("assignment_detail", "assignment_a"),
]
CREATE_PAGES = ["socialarea_create", "kita_create", "provider_create", "staff_create", "assignment_create"]
EDIT_PAGES = [
    ("socialarea_update", "social_area"),
    ("kita_update", "kita_a"),
    ("provider_update", "church"),
    ("staff_update", "worker_a"),
    ("assignment_change", "assignment_a"),
    ("assignment_end", "assignment_a"),
]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_open_for_the_coordinator(world, name):
    response = world.client_for("coordinator").get(url(name))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "name", ["overview", "municipality_list", "socialarea_list", "kita_list", "provider_list"]
)
def test_list_pages_refuse_a_user_without_membership(world, name):
    assert client_without_membership().get(url(name)).status_code == 403


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_send_anonymous_users_to_the_login(world, name):
    response = Client().get(url(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["staff_list", "assignment_list"])
def test_staff_pages_refuse_the_read_only_role(world, name):
    assert world.client_for("read_only").get(url(name)).status_code == 403


@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "provider"])
def test_staff_and_assignment_lists_open_for_roles_that_see_staff(world, persona):
    client = world.client_for(persona)

    assert column(client.get(url("staff_list")), 0) == {"Adler, Anna"} | (
        {"Berg, Ben"} if persona == "provider" else set()
    )
    assert client.get(url("assignment_list")).status_code == 200


@pytest.mark.parametrize(("name", "attribute"), DETAIL_PAGES)
def test_detail_pages_open_for_the_coordinator_with_the_records_name(world, name, attribute):
    record = getattr(world, attribute)

    response = world.client_for("coordinator").get(url(name, record.pk))

    assert response.status_code == 200
    assert re.search(rf"<h1[^>]*>{re.escape(str(record))}</h1>", response.content.decode())


@pytest.mark.parametrize(("name", "attribute"), DETAIL_PAGES)
def test_detail_pages_of_another_office_answer_404(world, name, attribute):
    """The outsider is the coordinator of office B: office A's records do not exist for them."""
    record = getattr(world, attribute)

    assert world.client_for("outsider").get(url(name, record.pk)).status_code == 404


def test_kita_detail_of_a_kita_not_assigned_to_the_worker_answers_404(world):
    client = world.client_for("worker_a")

    assert client.get(url("kita_detail", world.kita_b.pk)).status_code == 404
    assert client.get(url("kita_detail", world.kita_a.pk)).status_code == 200


def test_kita_detail_of_another_office_answers_404_for_the_coordinator(world):
    assert world.client_for("coordinator").get(url("kita_detail", world.other_kita.pk)).status_code == 404


def test_staff_detail_refuses_the_read_only_role(world):
    """Read-only sees no staff at all, so even an existing worker is not found."""
    assert world.client_for("read_only").get(url("staff_detail", world.worker_a.pk)).status_code == 404


@pytest.mark.parametrize("name", CREATE_PAGES)
@pytest.mark.parametrize("persona", ["worker_a", "kita_lead", "provider", "read_only", "admin"])
def test_create_pages_are_for_the_coordinator_only(world, name, persona):
    assert world.client_for(persona).get(url(name)).status_code == 403
    assert world.client_for("coordinator").get(url(name)).status_code == 200


@pytest.mark.parametrize(("name", "attribute"), EDIT_PAGES)
def test_edit_pages_are_for_the_coordinator_only(world, name, attribute):
    pk = getattr(world, attribute).pk
    # Read-only sees no staff or assignments at all, so those records do not exist for the role.
    read_only_status = 404 if attribute in {"worker_a", "assignment_a"} else 403

    assert world.client_for("read_only").get(url(name, pk)).status_code == read_only_status
    assert world.client_for("worker_a").get(url(name, pk)).status_code == 403
    assert world.client_for("outsider").get(url(name, pk)).status_code == 404
    assert world.client_for("coordinator").get(url(name, pk)).status_code == 200


def test_kita_edit_of_another_office_answers_404_for_the_coordinator(world):
    assert world.client_for("coordinator").get(url("kita_update", world.other_kita.pk)).status_code == 404


def test_navigation_shows_only_pages_the_role_may_open(world):
    read_only = world.client_for("read_only").get(url("kita_list")).content.decode()
    coordinator = world.client_for("coordinator").get(url("kita_list")).content.decode()

    assert url("kita_list") in read_only
    assert url("staff_list") not in read_only
    assert url("assignment_list") not in read_only
    assert url("staff_list") in coordinator
    assert url("assignment_list") in coordinator


def test_create_button_shows_for_the_coordinator_only(world):
    assert url("kita_create") in world.client_for("coordinator").get(url("kita_list")).content.decode()
    assert url("kita_create") not in world.client_for("read_only").get(url("kita_list")).content.decode()


# --- Social-space overview ----------------------------------------------------------------------------------


def _german_number(value: float, decimals: int = 0) -> str:
    return f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def test_overview_shows_district_and_responsibility_area_side_by_side(world):
    kottenheim, polch, andernach = 2900, 6800, 30126  # inhabitants in the fixture; every area 10 km²
    district_people, area_people = kottenheim + polch + andernach, kottenheim + polch

    response = world.client_for("read_only").get(url("overview"))

    rows = {row[0]: row[1:] for row in table_rows(response)}
    assert rows == {
        ui("Municipalities"): ["3", "2"],
        ui("Kitas"): ["3", "3"],
        ui("Approved places"): ["185", "185"],
        ui("Area (km²)"): ["30,00", "20,00"],
        ui("Inhabitants"): [_german_number(district_people), _german_number(area_people)],
        ui("Inhabitants per km²"): [
            _german_number(district_people / 30, 1),
            _german_number(area_people / 20, 1),
        ],
        ui("Reference date (inhabitants)"): ["31.12.2021", "31.12.2021"],
    }
    assert rows[ui("Inhabitants")] == ["39.826", "9.700"]


def test_overview_warns_that_the_territories_must_not_be_mixed(world):
    html = _main(world.client_for("coordinator").get(url("overview")))

    warning = re.search(r'<div class="kern-alert kern-alert--warning"[^>]*>(.*?)</div>\s*</div>', html, re.S)
    assert warning
    assert ui(
        "District and responsibility area are different territories: compare each figure only within its "
        "own column (e.g. inhabitants per km² of the district vs. of the responsibility area)."
    ) in _text(warning[1])


def test_overview_names_the_towns_outside_the_responsibility_area(world):
    html = _main(world.client_for("coordinator").get(url("overview")))

    outside = _text(html[html.index('id="outside-heading"') :])
    assert "Andernach (30.126" in outside
    assert "Kottenheim" not in outside
    assert "Polch" not in outside


# --- Lists: search and filters narrow the rows ----------------------------------------------------------


def _names(client: Client, name: str, index: int = 1, **params: Any) -> set[str]:
    return column(client.get(url(name), params), index)


def test_municipality_list_search_and_area_filter(world):
    client = world.client_for("coordinator")

    assert _names(client, "municipality_list") == {"Andernach", "Kottenheim", "Polch"}
    assert _names(client, "municipality_list", q="kott") == {"Kottenheim"}
    assert _names(client, "municipality_list", q="07137068") == {"Polch"}
    assert _names(client, "municipality_list", in_area="no") == {"Andernach"}
    assert _names(client, "municipality_list", in_area="yes") == {"Kottenheim", "Polch"}


def test_municipality_list_association_filter(world):
    maifeld = MunicipalAssociationFactory(district=world.district, name="Maifeld")
    MunicipalityFactory(district=world.district, ags="07137999", name="Münstermaifeld", association=maifeld)
    client = world.client_for("coordinator")

    assert _names(client, "municipality_list", association=maifeld.pk) == {"Münstermaifeld"}
    assert _names(client, "municipality_list", association="kaputt") == {
        "Andernach",
        "Kottenheim",
        "Münstermaifeld",
        "Polch",
    }


def test_municipality_list_counts_only_the_users_kitas(world):
    kita_column = 8

    coordinator = world.client_for("coordinator").get(url("municipality_list"))
    worker = world.client_for("worker_a").get(url("municipality_list"))

    assert row_of(coordinator, "Polch")[kita_column] == "2"
    assert row_of(worker, "Polch")[kita_column] == "0"
    assert row_of(worker, "Kottenheim")[kita_column] == "1"


def test_municipality_list_marks_estimated_children(world):
    MunicipalityFactory(
        district=world.district,
        ags="07137998",
        name="Schätzdorf",
        population=2000,
        children_under_7=130,
        children_under_7_date=dt.date(2021, 12, 31),
        children_under_7_estimated=True,
    )

    row = row_of(world.client_for("coordinator").get(url("municipality_list")), "Schätzdorf")

    assert row[7] == f"130 {ui('estimated')}"
    assert row[4] == "2.000 (31.12.2021)"


def test_social_area_list_search_and_counts(world):
    SocialAreaFactory(youth_office=world.office, name="Vordereifel")
    SocialAreaFactory(youth_office=world.other_office, name="Fremdraum")
    client = world.client_for("coordinator")

    assert _names(client, "socialarea_list", index=0) == {"Maifeld", "Vordereifel"}
    assert _names(client, "socialarea_list", index=0, q="mai") == {"Maifeld"}
    assert row_of(client.get(url("socialarea_list")), "Maifeld", index=0) == ["Maifeld", "2", "2"]


def test_kita_list_search_and_filters(world):
    Kita.objects.filter(pk=world.kita_c.pk).update(family_centre_status=Kita.FamilyCentreStatus.FAMILY_CENTRE)
    Kita.objects.filter(pk=world.kita_b.pk).update(is_active=False)
    client = world.client_for("coordinator")

    assert _names(client, "kita_list") == {
        "Kita St. Martin",
        f"Kita Regenbogen {ui('inactive')}",
        "Kita Arche Noah",
    }
    assert _names(client, "kita_list", q="regen") == {f"Kita Regenbogen {ui('inactive')}"}
    assert _names(client, "kita_list", municipality=world.municipality_in_area.pk) == {"Kita St. Martin"}
    assert _names(client, "kita_list", social_area=world.social_area.pk) == {
        "Kita St. Martin",
        f"Kita Regenbogen {ui('inactive')}",
    }
    assert _names(client, "kita_list", provider=world.church.pk) == {"Kita St. Martin", "Kita Arche Noah"}
    assert _names(client, "kita_list", family_centre_status="family_centre") == {"Kita Arche Noah"}
    assert _names(client, "kita_list", active="no") == {f"Kita Regenbogen {ui('inactive')}"}
    assert _names(client, "kita_list", active="yes") == {"Kita St. Martin", "Kita Arche Noah"}


def test_kita_list_shows_current_workers_and_ignores_bad_filters(world):
    response = world.client_for("coordinator").get(
        url("kita_list"), {"provider": "x", "active": "vielleicht"}
    )

    assert row_of(response, "Kita St. Martin")[6] == "Anna Adler"
    assert row_of(response, "Kita Arche Noah")[6] == "–"
    assert len(table_rows(response)) == 3


def test_kita_list_shows_a_worker_only_their_kitas(world):
    assert _names(world.client_for("worker_a"), "kita_list") == {"Kita St. Martin"}
    assert _names(world.client_for("outsider"), "kita_list") == {"Kita Fremd"}


def test_provider_list_filters_and_counts(world):
    client = world.client_for("coordinator")

    assert _names(client, "provider_list", index=0) == {"Kath. Kita gGmbH", "VG Maifeld"}
    assert _names(client, "provider_list", index=0, kind="municipal") == {"VG Maifeld"}
    assert _names(client, "provider_list", index=0, q="kath") == {"Kath. Kita gGmbH"}
    church = row_of(client.get(url("provider_list")), "Kath. Kita gGmbH", index=0)
    assert church[2:] == ["2", "1"]  # Kitas St. Martin and Arche Noah; employee Ben Berg


def test_staff_list_filters_and_hours(world):
    StaffMemberFactory(
        youth_office=world.office,
        first_name="Clara",
        last_name="Claus",
        function=StaffMember.Function.COORDINATOR,
        employer=world.municipal,
        is_active=False,
    )
    client = world.client_for("coordinator")

    assert _names(client, "staff_list", index=0) == {
        "Adler, Anna",
        f"Claus, Clara {ui('inactive')}",
        "Berg, Ben",
    }
    assert _names(client, "staff_list", index=0, q="adl") == {"Adler, Anna"}
    assert _names(client, "staff_list", index=0, function="coordinator") == {f"Claus, Clara {ui('inactive')}"}
    assert _names(client, "staff_list", index=0, employer=world.church.pk) == {"Berg, Ben"}
    assert _names(client, "staff_list", index=0, active="yes") == {"Adler, Anna", "Berg, Ben"}
    adler = row_of(client.get(url("staff_list")), "Adler, Anna", index=0)
    assert adler[3:] == ["39", "15", "Kita St. Martin"]


def test_assignment_list_shows_current_by_default_and_history_on_request(world):
    AssignmentFactory(
        youth_office=world.office,
        staff_member=world.worker_a,
        kita=world.kita_c,
        valid_from=dt.date(2022, 1, 1),
        valid_to=dt.date(2022, 12, 31),
    )
    client = world.client_for("coordinator")

    current = client.get(url("assignment_list"))
    everything = client.get(url("assignment_list"), {"current": "no"})

    assert column(current, 1) == {"Kita St. Martin", "Kita Regenbogen"}
    assert column(everything, 1) == {"Kita St. Martin", "Kita Regenbogen", "Kita Arche Noah"}
    assert row_of(everything, "Kita Arche Noah")[4:6] == ["01.01.2022", "31.12.2022"]


def test_assignment_list_filters_by_worker_kita_and_search(world):
    client = world.client_for("coordinator")

    assert column(client.get(url("assignment_list"), {"staff_member": world.worker_b.pk}), 0) == {"Ben Berg"}
    assert column(client.get(url("assignment_list"), {"kita": world.kita_a.pk}), 0) == {"Anna Adler"}
    assert column(client.get(url("assignment_list"), {"q": "regenbogen"}), 0) == {"Ben Berg"}


# --- Lists: constant query count (no N+1) -------------------------------------------------------------------

_ags = itertools.count(900)


def _add_municipalities(world: Any) -> None:
    association = MunicipalAssociationFactory(district=world.district)
    municipality = MunicipalityFactory(
        district=world.district, ags=f"07137{next(_ags)}", association=association
    )
    KitaFactory(youth_office=world.office, municipality=municipality, provider=world.church)


def _add_social_area(world: Any) -> None:
    area = SocialAreaFactory(youth_office=world.office)
    area.municipalities.set([world.municipality_in_area])
    KitaFactory(
        youth_office=world.office,
        municipality=world.municipality_in_area,
        provider=world.church,
        social_area=area,
    )


def _add_kita(world: Any) -> None:
    kita = KitaFactory(
        youth_office=world.office,
        municipality=world.municipality_in_area,
        provider=ProviderFactory(youth_office=world.office),
        social_area=SocialAreaFactory(youth_office=world.office),
    )
    AssignmentFactory(youth_office=world.office, kita=kita)


def _add_provider(world: Any) -> None:
    provider = ProviderFactory(youth_office=world.office)
    KitaFactory(youth_office=world.office, municipality=world.municipality_in_area, provider=provider)
    StaffMemberFactory(youth_office=world.office, employer=provider)


def _add_staff_member(world: Any) -> None:
    member = StaffMemberFactory(
        youth_office=world.office, employer=ProviderFactory(youth_office=world.office)
    )
    AssignmentFactory(
        youth_office=world.office, staff_member=member, kita=world.kita_c, hours_per_week=Decimal("5")
    )


def _add_assignment(world: Any) -> None:
    AssignmentFactory(youth_office=world.office, kita=world.kita_c)


@pytest.mark.parametrize(
    ("name", "add", "persona"),
    [
        ("municipality_list", _add_municipalities, "coordinator"),
        ("socialarea_list", _add_social_area, "coordinator"),
        ("kita_list", _add_kita, "coordinator"),
        ("provider_list", _add_provider, "coordinator"),
        ("staff_list", _add_staff_member, "coordinator"),
        ("assignment_list", _add_assignment, "coordinator"),
        # Per-row decisions (contract data, other providers' employees) must not cost a query per row.
        ("provider_list", _add_provider, "provider"),
        ("staff_list", _add_staff_member, "provider"),
    ],
)
def test_list_pages_take_the_same_number_of_queries_for_1_and_3_extra_rows(
    world, django_assert_num_queries, name, add, persona
):
    client = world.client_for(persona)
    add(world)
    rows_with_one = len(table_rows(client.get(url(name))))
    expected = queries_for(client, url(name))
    add(world)
    add(world)

    with django_assert_num_queries(expected):
        response = client.get(url(name))

    assert len(table_rows(response)) == rows_with_one + 2


# --- Detail pages ---------------------------------------------------------------------------------------


def test_kita_detail_lists_current_and_earlier_assignments(world):
    AssignmentFactory(
        youth_office=world.office,
        staff_member=world.worker_b,
        kita=world.kita_a,
        valid_from=dt.date(2022, 1, 1),
        valid_to=dt.date(2023, 6, 30),
    )

    html = _main(world.client_for("coordinator").get(url("kita_detail", world.kita_a.pk)))

    current = _text(html[html.index('id="current-heading"') : html.index('id="other-heading"')])
    earlier = _text(html[html.index('id="other-heading"') : html.index('id="history-heading"')])
    assert "Anna Adler" in current and "Ben Berg" not in current
    assert "Ben Berg" in earlier and "30.06.2023" in earlier


def test_kita_detail_hides_assignments_and_history_from_the_read_only_role(world):
    html = _main(world.client_for("read_only").get(url("kita_detail", world.kita_a.pk)))

    assert 'id="current-heading"' not in html
    assert 'id="history-heading"' not in html
    assert "Kath. Kita gGmbH" in html


def test_municipality_detail_shows_figures_with_dates_source_and_kitas(world):
    text = _text(
        _main(world.client_for("coordinator").get(url("municipality_detail", world.municipality_in_area.pk)))
    )

    assert f"{ui('Inhabitants')} 2.900 31.12.2021" in text
    assert f"{ui('Area (km²)')} 10,00 31.12.2021" in text
    assert "Testdaten" in text
    assert "Kita St. Martin" in text
    assert "Kita Regenbogen" not in text


def test_staff_detail_shows_assigned_against_contracted_hours(world):
    AssignmentFactory(
        youth_office=world.office,
        staff_member=world.worker_a,
        kita=world.kita_c,
        hours_per_week=Decimal("10.5"),
    )

    text = _text(_main(world.client_for("coordinator").get(url("staff_detail", world.worker_a.pk))))

    assert f"{ui('Weekly hours (contract)')} 39" in text
    assert f"{ui('Assigned hours now')} 25,5" in text
    assert "Kita Arche Noah" in text and "Kita St. Martin" in text


def test_provider_detail_lists_its_kitas_and_employees(world):
    text = _text(_main(world.client_for("coordinator").get(url("provider_detail", world.church.pk))))

    assert "Kita St. Martin" in text and "Kita Arche Noah" in text and "Kita Regenbogen" not in text
    assert "Ben Berg" in text and "Anna Adler" not in text


def test_social_area_detail_lists_municipalities_and_kitas(world):
    text = _text(_main(world.client_for("coordinator").get(url("socialarea_detail", world.social_area.pk))))

    assert "Kottenheim" in text and "Polch" in text and "Andernach" not in text
    assert "Kita St. Martin" in text and "Kita Regenbogen" in text and "Kita Arche Noah" not in text


# --- Create and edit through the services ---------------------------------------------------------------


def kita_input(world: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "number": "D1",
        "name": "Kita Löwenzahn",
        "street": "Hauptstraße 1",
        "postal_code": "56751",
        "municipality": world.municipality_in_area.pk,
        "social_area": world.social_area.pk,
        "provider": world.church.pk,
        "approved_places": "70",
        "latitude": "50.30",
        "longitude": "7.30",
        "family_centre_status": "developing",
        "is_active": "on",
    }
    return {**data, **changes}


def form_input(response: Any) -> dict[str, Any]:
    """The edit form's current values, as the browser would send them back unchanged."""
    form = response.context["form"]
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif value is not None:
            data[name] = field.widget.format_value(value) or ""
    return data


def test_coordinator_creates_a_kita_with_an_audit_entry(world):
    client = world.client_for("coordinator")

    response = client.post(url("kita_create"), kita_input(world), follow=True)

    kita = Kita.objects.get(youth_office=world.office, number="D1")
    assert (kita.name, kita.approved_places, kita.provider, kita.family_centre_status) == (
        "Kita Löwenzahn",
        70,
        world.church,
        "developing",
    )
    assert response.redirect_chain == [(url("kita_detail", kita.pk), 302)]
    entry = AuditEntry.objects.get(model_label="registry.Kita", object_id=str(kita.pk))
    assert (entry.action, entry.actor) == (AuditEntry.Action.CREATE, world.users["coordinator"])
    assert ui("Saved: %(object)s.", object="Kita Löwenzahn") in response.content.decode()


def test_coordinator_edits_a_kita_and_sees_the_change_in_its_history(world):
    client = world.client_for("coordinator")
    data = form_input(client.get(url("kita_update", world.kita_a.pk)))

    response = client.post(
        url("kita_update", world.kita_a.pk), {**data, "approved_places": "90"}, follow=True
    )

    world.kita_a.refresh_from_db()
    assert world.kita_a.approved_places == 90
    entry = AuditEntry.objects.get(model_label="registry.Kita", object_id=str(world.kita_a.pk))
    assert (entry.action, entry.changes) == (AuditEntry.Action.UPDATE, {"approved_places": [80, 90]})
    history = _text(_main(response)[_main(response).index('id="history-heading"') :])
    assert "koordination" in history and "80 → 90" in history


INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "approved_places",
            lambda world: "-5",
            ui("Ensure this value is greater than or equal to %(limit_value)s.", limit_value=0),
        ),
        ("latitude", lambda world: "60", ui("Latitude must lie inside Germany (47.2 to 55.1).")),
        # Outside the responsibility area, so not among the choices.
        ("municipality", lambda world: world.municipality_outside_area.pk, ui(INVALID_CHOICE)),
        ("provider", lambda world: world.other_kita.provider_id, ui(INVALID_CHOICE)),
    ],
)
def test_kita_create_rejects_bad_input_next_to_the_field_and_writes_nothing(world, field, value, message):
    response = world.client_for("coordinator").post(
        url("kita_create"), kita_input(world, **{field: value(world)})
    )

    assert response.status_code == 200
    assert message in field_error(response, field)
    assert 'value="Kita Löwenzahn"' in response.content.decode()  # the user's input is kept
    assert not Kita.objects.filter(number="D1").exists()
    assert not AuditEntry.objects.exists()


def test_kita_create_shows_a_duplicate_number_from_the_service(world):
    response = world.client_for("coordinator").post(url("kita_create"), kita_input(world, number="A1"))

    assert ui("Another Kita of this office already has number %(number)s.", number="A1") in field_error(
        response, "number"
    )
    assert Kita.objects.filter(youth_office=world.office, number="A1").count() == 1
    assert not AuditEntry.objects.exists()


def test_kita_edit_refused_by_the_service_keeps_the_input_and_the_stored_record(world):
    client = world.client_for("coordinator")
    data = form_input(client.get(url("kita_update", world.kita_a.pk)))

    response = client.post(
        url("kita_update", world.kita_a.pk), {**data, "name": "Kita Neu", "latitude": "60"}
    )

    assert ui("Latitude must lie inside Germany (47.2 to 55.1).") in field_error(response, "latitude")
    assert re.search(r"<h1[^>]*>Kita St\. Martin bearbeiten</h1>", response.content.decode())
    assert 'value="Kita Neu"' in response.content.decode()
    world.kita_a.refresh_from_db()
    assert world.kita_a.name == "Kita St. Martin"
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("persona", ["worker_a", "read_only", "admin"])
def test_kita_create_by_another_role_is_refused_and_writes_nothing(world, persona):
    response = world.client_for(persona).post(url("kita_create"), kita_input(world))

    assert response.status_code == 403
    assert not Kita.objects.filter(number="D1").exists()
    assert not AuditEntry.objects.exists()


def test_worker_cannot_edit_their_own_kita(world):
    client = world.client_for("worker_a")

    response = client.post(url("kita_update", world.kita_a.pk), kita_input(world, name="Umbenannt"))

    assert response.status_code == 403
    world.kita_a.refresh_from_db()
    assert world.kita_a.name == "Kita St. Martin"


def test_coordinator_creates_a_social_area_with_municipalities(world):
    response = world.client_for("coordinator").post(
        url("socialarea_create"),
        {"name": "Rhein", "description": "", "municipalities": [world.municipality_outside_area.pk]},
    )

    area = SocialArea.objects.get(youth_office=world.office, name="Rhein")
    assert response["Location"] == url("socialarea_detail", area.pk)
    assert list(area.municipalities.all()) == [world.municipality_outside_area]
    assert AuditEntry.objects.filter(model_label="registry.SocialArea", object_id=str(area.pk)).count() == 1


def test_social_area_edit_changes_municipalities_with_an_audit_entry(world):
    client = world.client_for("coordinator")
    data = form_input(client.get(url("socialarea_update", world.social_area.pk)))

    client.post(
        url("socialarea_update", world.social_area.pk),
        {**data, "municipalities": [world.municipality_in_area.pk]},
    )

    assert list(world.social_area.municipalities.all()) == [world.municipality_in_area]
    entry = AuditEntry.objects.get(model_label="registry.SocialArea")
    assert entry.changes["municipalities"][1] == ["Kottenheim"]


def test_social_area_form_offers_only_the_districts_municipalities(world):
    other = Municipality.objects.exclude(district=world.district).first()

    response = world.client_for("coordinator").post(
        url("socialarea_create"), {"name": "Fremd", "municipalities": [other.pk]}
    )

    assert "municipalities" in response.context["form"].errors
    assert not SocialArea.objects.filter(name="Fremd").exists()


def test_coordinator_creates_and_edits_a_provider(world):
    client = world.client_for("coordinator")

    client.post(url("provider_create"), {"name": "AWO Kita gGmbH", "kind": "free"})
    provider = Provider.objects.get(youth_office=world.office, name="AWO Kita gGmbH")
    data = form_input(client.get(url("provider_update", provider.pk)))
    client.post(url("provider_update", provider.pk), {**data, "phone": "0261 12345"})

    provider.refresh_from_db()
    assert (provider.kind, provider.phone) == ("free", "0261 12345")
    actions = list(
        AuditEntry.objects.filter(model_label="registry.Provider")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE]


def test_coordinator_creates_a_staff_member_employed_in_the_office(world):
    data = {
        "first_name": "Dora",
        "last_name": "Dorn",
        "function": "social_worker",
        "employer": world.municipal.pk,
        "weekly_hours": "19.5",
        "is_active": "on",
    }

    world.client_for("coordinator").post(url("staff_create"), data)

    member = StaffMember.objects.get(last_name="Dorn")
    assert (member.youth_office, member.employer, member.weekly_hours) == (
        world.office,
        world.municipal,
        Decimal("19.5"),
    )
    assert AuditEntry.objects.filter(model_label="registry.StaffMember", object_id=str(member.pk)).exists()


def test_staff_edit_refuses_hours_below_the_running_assignments(world):
    client = world.client_for("coordinator")
    data = form_input(client.get(url("staff_update", world.worker_a.pk)))

    response = client.post(url("staff_update", world.worker_a.pk), {**data, "weekly_hours": "10"})

    assert ui("Current assignments need %(hours)s hours per week.", hours="15,0") in field_error(
        response, "weekly_hours"
    )
    world.worker_a.refresh_from_db()
    assert world.worker_a.weekly_hours == Decimal("39.0")
    assert not AuditEntry.objects.exists()


def assignment_input(world: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "staff_member": world.worker_a.pk,
        "kita": world.kita_c.pk,
        "weekdays": ["3", "4"],
        "hours_per_week": "10",
        "valid_from": "2025-02-01",
        "valid_to": "",
        "note": "",
    }
    return {**data, **changes}


def test_coordinator_creates_an_assignment(world):
    response = world.client_for("coordinator").post(url("assignment_create"), assignment_input(world))

    assignment = Assignment.objects.get(staff_member=world.worker_a, kita=world.kita_c)
    assert response["Location"] == url("assignment_detail", assignment.pk)
    assert (assignment.weekdays, assignment.hours_per_week, assignment.valid_from) == (
        [3, 4],
        Decimal("10"),
        dt.date(2025, 2, 1),
    )
    assert AuditEntry.objects.filter(model_label="registry.Assignment", object_id=str(assignment.pk)).exists()


def test_assignment_create_refuses_hours_beyond_the_workers_contract(world):
    response = world.client_for("coordinator").post(
        url("assignment_create"), assignment_input(world, hours_per_week="30")
    )

    expected = ui(
        "Exceeds the worker's weekly hours: %(weekly)s contracted, %(used)s already assigned in this period, "
        "%(available)s left.",
        weekly="39,0",
        used="15,0",
        available="24,0",
    )
    assert expected in field_error(response, "hours_per_week")
    assert 'value="30"' in response.content.decode()
    assert not Assignment.objects.filter(kita=world.kita_c).exists()
    assert not AuditEntry.objects.exists()


def test_assignment_create_refuses_an_overlap_at_the_same_kita(world):
    response = world.client_for("coordinator").post(
        url("assignment_create"), assignment_input(world, kita=world.kita_a.pk, hours_per_week="5")
    )

    assert ui("This worker already has an assignment to this Kita in that period.") in field_error(
        response, "valid_from"
    )
    assert Assignment.objects.filter(staff_member=world.worker_a, kita=world.kita_a).count() == 1
    assert not AuditEntry.objects.exists()


def test_assignment_change_ends_the_old_period_and_starts_a_new_one(world):
    client = world.client_for("coordinator")

    response = client.post(
        url("assignment_change", world.assignment_a.pk),
        {"valid_from": "2025-03-01", "weekdays": ["3", "5"], "hours_per_week": "20"},
    )

    world.assignment_a.refresh_from_db()
    assert world.assignment_a.valid_to == dt.date(2025, 2, 28)
    assert (world.assignment_a.weekdays, world.assignment_a.hours_per_week) == ([1, 2], Decimal("15.0"))
    new = Assignment.objects.get(
        staff_member=world.worker_a, kita=world.kita_a, valid_from=dt.date(2025, 3, 1)
    )
    assert (new.weekdays, new.hours_per_week, new.valid_to) == ([3, 5], Decimal("20"), None)
    assert response["Location"] == url("assignment_detail", new.pk)
    periods = _text(_main(client.get(url("assignment_detail", new.pk))))
    assert "01.01.2024" in periods and "28.02.2025" in periods


def test_assignment_change_before_its_start_is_refused_next_to_the_date(world):
    response = world.client_for("coordinator").post(
        url("assignment_change", world.assignment_a.pk),
        {"valid_from": "2023-06-01", "weekdays": ["3"], "hours_per_week": "20"},
    )

    assert ui("A change must start after the assignment began.") in field_error(response, "valid_from")
    world.assignment_a.refresh_from_db()
    assert world.assignment_a.valid_to is None
    assert Assignment.objects.filter(staff_member=world.worker_a).count() == 1


def test_assignment_end_sets_the_last_day(world):
    client = world.client_for("coordinator")

    client.post(url("assignment_end", world.assignment_a.pk), {"valid_to": "2025-06-30"})

    world.assignment_a.refresh_from_db()
    assert world.assignment_a.valid_to == dt.date(2025, 6, 30)
    assert column(client.get(url("assignment_list")), 0) == {"Ben Berg"}


def test_assignment_end_is_refused_for_a_worker(world):
    response = world.client_for("worker_a").post(
        url("assignment_end", world.assignment_a.pk), {"valid_to": "2025-06-30"}
    )

    assert response.status_code == 403
    world.assignment_a.refresh_from_db()
    assert world.assignment_a.valid_to is None


# --- Visibility: former workers, contract data, links only to what the user may open -----------------------


def _end_yesterday(assignment: Assignment) -> None:
    services.assignment_end(
        actor=None, assignment=assignment, valid_to=timezone.localdate() - dt.timedelta(days=1)
    )


def test_worker_whose_assignment_ended_loses_the_kita_but_keeps_their_own_assignment(world):
    _end_yesterday(world.assignment_a)
    client = world.client_for("worker_a")

    assert table_rows(client.get(url("kita_list"))) == []
    assert client.get(url("kita_detail", world.kita_a.pk)).status_code == 404
    assert column(client.get(url("assignment_list"), {"current": "no"}), 1) == {"Kita St. Martin"}
    detail = _main(client.get(url("assignment_detail", world.assignment_a.pk)))
    assert "Kita St. Martin" in _text(detail)
    assert url("kita_detail", world.kita_a.pk) not in detail
    assert url("staff_detail", world.worker_a.pk) in detail  # themselves: still there to open


def test_worker_whose_assignment_ended_loses_the_kita_in_the_api_too(world):
    _end_yesterday(world.assignment_a)
    client = world.client_for("worker_a")

    assert client.get("/api/v1/kitas").json()["items"] == []
    assert client.get(f"/api/v1/kitas/{world.kita_a.pk}").status_code == 404
    assignments = client.get("/api/v1/assignments").json()["items"]
    assert [item["id"] for item in assignments] == [world.assignment_a.pk]


def _set_email(member: StaffMember, email: str) -> None:
    services.staff_member_update(actor=None, staff_member=member, data={"email": email})


@pytest.mark.parametrize(
    ("persona", "member", "sees_contract"),
    [
        ("kita_lead", "worker_a", False),  # Anna Adler works at the led Kita, employed by VG Maifeld
        ("provider", "worker_a", False),  # ... at the church's Kita, but employed by VG Maifeld
        ("provider", "worker_b", True),  # Ben Berg is the church's own employee
        ("worker_a", "worker_a", True),  # the worker themself
        ("coordinator", "worker_a", True),
    ],
)
def test_staff_detail_shows_contract_data_only_to_employer_office_and_worker(
    world, persona, member, sees_contract
):
    staff_member = getattr(world, member)
    _set_email(staff_member, "fachkraft@example.org")

    text = _text(_main(world.client_for(persona).get(url("staff_detail", staff_member.pk))))

    assert str(staff_member) in text and ui("Kita social worker") in text
    assert ui("Monday") in text  # the weekdays at the Kita stay visible to all who see the worker
    assert ("fachkraft@example.org" in text) is sees_contract
    assert (f"{ui('Weekly hours (contract)')} 39" in text) is sees_contract
    assert (f"{ui('Assigned hours now')} 15" in text) is sees_contract


def test_staff_list_shows_contract_hours_only_for_the_providers_own_employees(world):
    response = world.client_for("provider").get(url("staff_list"))

    assert row_of(response, "Berg, Ben", index=0)[3:] == ["39", "15", "Kita Regenbogen"]
    assert row_of(response, "Adler, Anna", index=0)[3:] == ["–", "–", "Kita St. Martin"]


def test_kita_lead_sees_no_contract_hours_in_staff_list_or_on_the_employers_page(world):
    client = world.client_for("kita_lead")

    assert row_of(client.get(url("staff_list")), "Adler, Anna", index=0)[3:] == ["–", "–", "Kita St. Martin"]
    employees = _text(_main(client.get(url("provider_detail", world.municipal.pk))))
    assert "Anna Adler" in employees
    assert ui("%(hours)s hours per week", hours="39") not in employees


def test_provider_sees_the_kita_where_its_employee_works_until_the_assignment_ends(world):
    client = world.client_for("provider")
    assert _names(client, "kita_list") == {"Kita St. Martin", "Kita Regenbogen", "Kita Arche Noah"}
    assert row_of(client.get(url("kita_list")), "Kita Regenbogen")[6] == "Ben Berg"
    assert url("kita_detail", world.kita_b.pk) in _main(
        client.get(url("assignment_detail", world.assignment_b.pk))
    )

    _end_yesterday(world.assignment_b)

    assert client.get(url("kita_detail", world.kita_b.pk)).status_code == 404
    detail = _main(client.get(url("assignment_detail", world.assignment_b.pk)))
    assert "Kita Regenbogen" in _text(detail)
    assert url("kita_detail", world.kita_b.pk) not in detail


def _crawl(client: Client, start: list[str]) -> dict[str, int]:
    """Status of every page reachable from `start` through links in the main content."""
    seen: dict[str, int] = {}
    queue = list(start)
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code == 200:
            queue.extend(re.findall(r'href="(/[^"?#]*)"', _main(response)))
    return seen


@pytest.mark.parametrize(
    "persona", ["worker_a", "worker_b", "kita_lead", "provider", "read_only", "coordinator"]
)
def test_every_link_on_the_registry_pages_opens_for_the_role(world, persona):
    """Former workers, employees at other providers' Kitas: pages name them, and link only what opens."""
    _end_yesterday(world.assignment_a)
    kita_d = KitaFactory(
        youth_office=world.office,
        name="Kita Sonnenblume",
        municipality=world.municipality_in_area,
        provider=world.municipal,
    )
    AssignmentFactory(
        youth_office=world.office,
        staff_member=world.worker_b,
        kita=kita_d,
        valid_from=dt.date(2022, 1, 1),
        valid_to=dt.date(2023, 12, 31),
    )
    client = world.client_for(persona)
    history = f"{url('assignment_list')}?current=no"
    start = [url(name) for name in LIST_PAGES] + [history]
    forbidden = {url("staff_list"), url("assignment_list"), history} if persona == "read_only" else set()

    statuses = _crawl(client, start)

    assert {path for path, status in statuses.items() if status != 200} == forbidden
    assert {statuses[path] for path in forbidden} <= {403}
    assert len(statuses) > len(start)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("coordinator", "2"), ("read_only", "2"), ("worker_a", "1"), ("kita_lead", "1"), ("provider", "2")],
)
def test_social_area_list_counts_only_the_kitas_the_user_sees(world, persona, expected):
    response = world.client_for(persona).get(url("socialarea_list"))

    assert row_of(response, "Maifeld", index=0)[2] == expected


@pytest.mark.parametrize(
    ("persona", "name", "columns"),
    [
        ("coordinator", "kita_list", 7),
        ("read_only", "kita_list", 6),
        ("coordinator", "provider_list", 4),
        ("read_only", "provider_list", 3),
    ],
)
def test_empty_list_message_spans_exactly_the_shown_columns(world, persona, name, columns):
    html = _main(world.client_for(persona).get(url(name), {"q": "passt-auf-nichts"}))

    assert len(re.findall(r'<th scope="col"', html)) == columns
    assert re.findall(r'colspan="(\d+)"', html) == [str(columns)]


@pytest.mark.parametrize("name", [name for name in LIST_PAGES if name != "overview"])
def test_list_pages_ignore_a_search_with_a_nul_character(world, name):
    client = world.client_for("coordinator")

    response = client.get(url(name), {"q": "a\x00"})

    assert response.status_code == 200
    assert table_rows(response) == table_rows(client.get(url(name)))
