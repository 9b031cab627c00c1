"""Every file download of a signed-in user writes an `export` audit entry (who, when, which page and file;
no content), centrally in kisa.core.middleware.ExportAuditMiddleware."""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.db import OperationalError

from kisa.core.models import AuditEntry
from kisa.directory.tests.factories import ServiceFactory
from kisa.surveys.tests.factories import make_round, respond


def _exports() -> list[tuple[str, str, str]]:
    return [
        (e.actor_name, e.object_repr, e.youth_office.name)
        for e in AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).select_related("youth_office")
    ]


def test_a_survey_results_download_is_audited_without_content(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])
    respond(survey_round, world.kita_a, 6, wish="Geheimer Wunsch")
    path = f"/befragungen/runden/{survey_round.pk}/ergebnisse/export.csv"

    response = world.client_for("coordinator").get(path)

    assert response.status_code == 200
    filename = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    assert _exports() == [("koordination", f"GET {path} ({filename})", "Kreisjugendamt Mayen-Koblenz")]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.changes == {}
    assert "Geheimer Wunsch" not in entry.object_repr


def test_the_hsds_export_of_the_directory_is_audited(world):
    ServiceFactory(youth_office=world.office, name="Erziehungsberatung Mayen")

    response = world.client_for("coordinator").get("/angebote/export.json")

    assert response.status_code == 200
    assert _exports() == [
        ("koordination", "GET /angebote/export.json (angebote-hsds.json)", "Kreisjugendamt Mayen-Koblenz")
    ]


def test_a_poster_shown_inline_is_audited_too(world):
    response = world.client_for("kita_lead").get(f"/beteiligung/kitas/{world.kita_a.pk}/aushang.pdf")

    assert response.status_code == 200
    assert [(name, repr_.split(" (")[0]) for name, repr_, _office in _exports()] == [
        ("kitaleitung", f"GET /beteiligung/kitas/{world.kita_a.pk}/aushang.pdf")
    ]


def test_pages_refusals_and_anonymous_downloads_write_no_export_entry(world):
    survey_round = make_round(world.office, kitas=[world.kita_a])

    world.client_for("coordinator").get(f"/befragungen/runden/{survey_round.pk}/")
    world.client_for("worker_a").get("/angebote/export.json")  # refused: 403

    assert _exports() == []


def test_a_download_whose_audit_entry_cannot_be_written_is_not_handed_out(world):
    ServiceFactory(youth_office=world.office)
    client = world.client_for("coordinator")

    def lost(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection lost")

    with mock.patch("kisa.core.audit.AuditEntry.objects.create", side_effect=lost):
        response = client.get("/angebote/export.json")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Content-Disposition" not in response
