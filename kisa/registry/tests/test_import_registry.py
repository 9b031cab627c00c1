"""The `import_registry` management command."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kisa.core.models import AuditEntry
from kisa.registry.models import Municipality, ResponsibilityArea
from kisa.registry.tests.import_files import (  # noqa: F401 - english_messages is an autouse fixture
    ACHT,
    ANSCHAU,
    csv_bytes,
    english_messages,
)


def _call(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_registry", *map(str, args), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_import_registry_imports_the_file_and_prints_a_summary(world, tmp_path):
    path = tmp_path / "Gemeinden.csv"
    path.write_bytes(csv_bytes([ACHT, ANSCHAU]))

    out, err = _call("municipalities", path, "--office", world.office.name, "--user", "koordination")

    assert out.splitlines() == [
        "Municipalities: 2 created, 0 updated, 0 unchanged.",
        "New municipal associations: Vordereifel",
    ]
    assert err == ""
    entry = AuditEntry.objects.get(model_label="registry.Municipality", object_repr="Acht")
    assert entry.actor == world.users["coordinator"]


def test_import_registry_needs_no_import_permission_and_audits_the_given_user(world, tmp_path):
    # An operator runs the command: a social worker may import nothing on the page, but may be named here.
    path = tmp_path / "Gemeinden.csv"
    path.write_bytes(csv_bytes([ACHT]))

    out, _err = _call("municipalities", path, "--office", world.office.name, "--user", "fachkraft_a")

    assert out.splitlines()[0] == "Municipalities: 1 created, 0 updated, 0 unchanged."
    entry = AuditEntry.objects.get(model_label="registry.Municipality", object_repr="Acht")
    assert entry.actor == world.users["worker_a"]


def test_import_registry_imports_the_responsibility_area(world, tmp_path):
    path = tmp_path / "Zustaendigkeit.csv"
    path.write_bytes(b"ags,valid_from,valid_to\n07137003,2026-01-01,\n07137055,2021-07-01,\n")

    out, err = _call("responsibility_area", path, "--office", world.office.name, "--user", "koordination")

    assert (out, err) == ("Responsibility area: 1 created, 0 updated, 1 unchanged.\n", "")
    period = ResponsibilityArea.objects.get(municipality=world.municipality_outside_area)
    assert (period.youth_office, str(period.valid_from), period.valid_to) == (
        world.office,
        "2026-01-01",
        None,
    )
    entry = AuditEntry.objects.get(model_label="registry.ResponsibilityArea")
    assert (entry.action, entry.actor) == ("create", world.users["coordinator"])


def test_import_registry_prints_every_error_and_fails_without_writing(world, tmp_path):
    path = tmp_path / "Gemeinden.csv"
    path.write_bytes(csv_bytes([{**ACHT, "lat": "5"}, {**ANSCHAU, "population": "-7"}]))
    err = StringIO()

    with pytest.raises(CommandError, match=r"^2 error\(s\); nothing was imported\.$"):
        call_command(
            "import_registry", "municipalities", str(path), "--office", world.office.name, stderr=err
        )

    assert err.getvalue().splitlines() == [
        "row 2, column lat: Latitude must lie inside Germany (47.2 to 55.1).",
        "row 3, column population: Must not be negative.",
    ]
    assert not Municipality.objects.filter(ags__in=["07137001", "07137004"]).exists()


def test_import_registry_reports_a_file_it_cannot_read(world, tmp_path):
    path = tmp_path / "Gemeinden.ods"
    path.write_bytes(b"whatever")
    err = StringIO()

    with pytest.raises(CommandError, match=r"^1 error\(s\); nothing was imported\.$"):
        call_command("import_registry", "kitas", str(path), "--office", world.office.name, stderr=err)

    assert err.getvalue() == "file: Only CSV (.csv) and Excel (.xlsx) files can be imported.\n"


def test_import_registry_dry_run_checks_without_writing(world, tmp_path):
    path = tmp_path / "Gemeinden.csv"
    path.write_bytes(csv_bytes([ACHT]))

    out, _err = _call("municipalities", path, "--office", world.office.name, "--dry-run")

    assert out.splitlines() == [
        "Municipalities: 1 created, 0 updated, 0 unchanged.",
        "New municipal associations: Vordereifel",
        "Dry run: nothing was written.",
    ]
    assert not Municipality.objects.filter(ags="07137001").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--office", "Jugendamt Nirgendwo"], "No youth office named 'Jugendamt Nirgendwo'."),
        (["--office", "Kreisjugendamt Mayen-Koblenz", "--user", "niemand"], "No user named 'niemand'."),
        (
            ["--office", "Kreisjugendamt Mayen-Koblenz", "--user", "fremd"],
            "'fremd' is not a member of Kreisjugendamt Mayen-Koblenz.",
        ),
    ],
)
def test_import_registry_refuses_an_unknown_office_or_a_user_outside_it(world, tmp_path, options, message):
    path = tmp_path / "Gemeinden.csv"
    path.write_bytes(csv_bytes([ACHT]))

    with pytest.raises(CommandError, match=f"^{re.escape(message)}$"):
        _call("municipalities", path, *options)

    assert not Municipality.objects.filter(ags="07137001").exists()


def test_import_registry_reports_a_missing_file(world, tmp_path):
    with pytest.raises(CommandError, match=r"^Cannot read .*fehlt\.csv: No such file or directory$"):
        _call("municipalities", tmp_path / "fehlt.csv", "--office", world.office.name)
