"""The surveys' block on the start page."""

from django.urls import reverse

from kisa.core.tests.ui import ui
from kisa.surveys.tests.factories import make_round


def test_start_page_lists_running_rounds_the_user_sees(world):
    own = make_round(world.office, kitas=[world.kita_a], name="Elternbefragung Kottenheim")
    other = make_round(world.office, kitas=[world.kita_b], name="Befragung Polch")
    closed = make_round(world.office, kitas=[world.kita_a], name="Alte Runde", status="closed")

    worker_a = world.client_for("worker_a").get(reverse("core:home")).content.decode()
    coordinator = world.client_for("coordinator").get(reverse("core:home")).content.decode()
    admin = world.client_for("admin").get(reverse("core:home")).content.decode()

    def link(survey_round):
        return f'href="{reverse("surveys:round_detail", args=[survey_round.pk])}"'

    assert link(own) in worker_a and link(other) not in worker_a
    assert link(closed) not in coordinator and link(other) in coordinator
    assert ui("All survey rounds") not in admin
