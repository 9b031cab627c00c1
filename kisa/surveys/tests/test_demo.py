"""The survey demo: realistic 2025 responses for several Kitas, a 2024 round to compare, a staff survey of
the other Kitas, idempotent."""

import io

from django.db.models import Count

from kisa.registry.demo import load_registry_demo
from kisa.surveys.demo import ROUND_2024, ROUND_2025, ROUND_2025_STAFF, load_surveys_demo
from kisa.surveys.models import Finding, Response, SurveyRound


def test_demo_rounds_with_responses_in_several_languages_and_groups(db):
    registry = load_registry_demo(stdout=io.StringIO())
    load_surveys_demo(registry=registry, stdout=io.StringIO())
    before = Response.objects.count()
    load_surveys_demo(registry=registry, stdout=io.StringIO())

    assert Response.objects.count() == before
    current = SurveyRound.objects.get(name=ROUND_2025)
    assert SurveyRound.objects.get(name=ROUND_2024).status == "closed"
    responses = Response.objects.filter(round=current)
    assert set(responses.values_list("actor_group", flat=True)) == {"parents", "staff", "children"}
    languages = set(responses.filter(actor_group="parents").values_list("language", flat=True))
    assert {"de", "ar", "tr"} <= languages
    assert responses.filter(actor_group="children").exclude(channel="paper").count() == 0
    per_kita = dict(
        responses.filter(actor_group="parents")
        .values_list("kita__name")
        .annotate(n=Count("id"))
        .values_list("kita__name", "n")
    )
    assert len(per_kita) >= 5
    assert min(per_kita.values()) == 3  # one Kita below the threshold, to show suppression
    assert Finding.objects.filter(round=current).count() == 2
    staff_round = SurveyRound.objects.get(name=ROUND_2025_STAFF)
    staff_kitas = set(staff_round.responses.values_list("kita", flat=True))
    assert len(staff_kitas) > 50, "the other demo Kitas' teams answered the staff survey"
    assert not staff_kitas & set(responses.values_list("kita", flat=True)), (
        "not the Kitas of the needs survey"
    )
    assert set(staff_round.responses.values_list("actor_group", flat=True)) == {"staff"}
