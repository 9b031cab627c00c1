"""The surveys' findings as the planning cycle reads them (`selectors.kita_findings`)."""

import datetime as dt

from kisa.surveys import selectors, services
from kisa.surveys.tests.factories import make_round


def test_kita_findings_per_role_and_year(world):
    earlier = make_round(
        world.office, kitas=[world.kita_a, world.kita_b], name="2024", starts_on=dt.date(2024, 3, 1)
    )
    current = make_round(
        world.office, kitas=[world.kita_a, world.kita_b], name="2025", starts_on=dt.date(2025, 3, 1)
    )
    old = services.finding_create(
        actor=None, survey_round=earlier, kita=world.kita_a, kind="need", text="Bus"
    )
    need = services.finding_create(
        actor=None,
        survey_round=current,
        kita=world.kita_a,
        kind="need",
        text="Elterncafé",
        topic="Vernetzung",
    )
    strength = services.finding_create(
        actor=None, survey_round=current, kita=world.kita_a, kind="resource", text="Aktiver Elternbeirat"
    )
    services.finding_create(actor=None, survey_round=current, kita=world.kita_b, kind="need", text="Fremd")

    def seen(persona, kita, year=None):
        user = world.users[persona]
        return [f.text for f in selectors.kita_findings(user=user, kita_id=kita.pk, year=year)]

    assert seen("worker_a", world.kita_a, 2025) == [need.text, strength.text]
    assert seen("kita_lead", world.kita_a) == [old.text, need.text, strength.text]
    assert seen("coordinator", world.kita_b) == ["Fremd"]
    assert seen("worker_b", world.kita_a) == []  # not their Kita
    assert seen("kita_lead", world.kita_b) == []
    assert seen("provider", world.kita_a) == [] and seen("read_only", world.kita_a) == []
    assert seen("outsider", world.kita_a) == []  # another office
