"""Demo cases: loaded by `load_demo` after the accounts, readable by their demo workers, idempotent."""

import io

from django.test import Client

from kisa.accounts.models import User
from kisa.cases.demo import CASES_PER_WORKER, WORKERS_WITH_CASES, load_cases_demo
from kisa.cases.models import Case, Consent
from kisa.registry.demo import load_registry_demo
from kisa.registry.models import Assignment


def test_load_demo_adds_cases_and_consents_for_the_demo_workers(loaded_demo):
    assert f"Cases: {WORKERS_WITH_CASES * CASES_PER_WORKER} demo cases created." in loaded_demo.output
    today = loaded_demo.day
    for case in Case.objects.select_related("responsible"):
        assert (
            Assignment.objects.current(today).filter(staff_member=case.responsible, kita=case.kita).exists()
        )
        assert case.deputy is not None and case.contact.startswith("Familie Demo-")
    assert Case.objects.filter(status="closed").count() == WORKERS_WITH_CASES
    assert Consent.objects.count() == WORKERS_WITH_CASES * 3

    client = Client()
    client.force_login(User.objects.get(username="fachkraft1"))
    case = Case.objects.filter(responsible__user__username="fachkraft1").first()
    assert client.get(f"/faelle/{case.pk}/").status_code == 200
    client.force_login(User.objects.get(username="koordination"))
    assert client.get(f"/faelle/{case.pk}/").status_code == 403

    # Idempotent: a second run creates nothing.
    assert load_cases_demo(registry=load_registry_demo(stdout=io.StringIO())) == 0
