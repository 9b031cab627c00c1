"""Case and consent writes: validation naming the field, and an audit trail without case content."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kisa.cases import services
from kisa.cases.models import Case, Consent
from kisa.cases.tests.factories import CaseFactory, ConsentFactory
from kisa.core.models import AuditEntry
from kisa.directory.categories import ServiceCategory
from kisa.registry.tests.factories import AssignmentFactory

TODAY = timezone.localdate()


def _create(world, **overrides):
    data = {
        "actor": world.users["worker_a"],
        "youth_office": world.office,
        "responsible": world.worker_a,
        "kita": world.kita_a,
        "opened_on": TODAY,
        "number_of_children": 2,
        "age_bands": ["1_2", "3_5"],
        "family_language": "ar",
        "contact": "Familie Haddad, Hauptstr. 1",
    }
    return services.case_create(**{**data, **overrides})


def test_case_create_generates_a_code_and_masks_content_in_the_audit_trail(world):
    case = _create(world, deputy=world.worker_b)
    assert case.code.startswith("F-")
    assert case.status == Case.Status.OPEN
    entry = AuditEntry.objects.get(model_label="cases.Case", object_id=str(case.pk), action="create")
    assert entry.changes["contact"] == "***"
    assert entry.changes["family_language"] == "***"
    assert entry.changes["number_of_children"] == "***"
    assert "Haddad" not in str(entry.changes)
    assert entry.changes["kita"] == "Kita St. Martin"


def test_case_create_refuses_a_kita_without_a_current_assignment(world):
    with pytest.raises(ValidationError) as error:
        _create(world, kita=world.kita_b)
    assert error.value.message_dict["responsible"] == [
        _("The responsible worker has no current assignment at this Kita.")
    ]
    assert not Case.objects.exists()


def test_case_create_refuses_an_ended_assignment(world):
    world.assignment_a.valid_to = TODAY - dt.timedelta(days=1)
    world.assignment_a.save()
    with pytest.raises(ValidationError) as error:
        _create(world)
    assert "responsible" in error.value.message_dict


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"opened_on": TODAY + dt.timedelta(days=1)}, "opened_on"),
        ({"number_of_children": 0}, "number_of_children"),
        ({"age_bands": ["teen"]}, "age_bands"),
        ({"legal_hold": True, "legal_hold_reason": " "}, "legal_hold_reason"),
        ({"deputy": "self"}, "deputy"),
    ],
)
def test_case_create_refuses_bad_input_naming_the_field(world, overrides, field):
    if overrides.get("deputy") == "self":
        overrides["deputy"] = world.worker_a
    with pytest.raises(ValidationError) as error:
        _create(world, **overrides)
    assert field in error.value.message_dict


def test_case_create_refuses_a_deputy_of_another_office(world):
    with pytest.raises(ValidationError) as error:
        _create(world, deputy=world.other_worker)
    assert "deputy" in error.value.message_dict


def test_case_update_hands_over_to_a_worker_assigned_at_the_kita(world, case_a):
    with pytest.raises(ValidationError) as error:
        services.case_update(actor=world.users["worker_a"], case=case_a, data={"responsible": world.worker_b})
    assert "responsible" in error.value.message_dict
    AssignmentFactory(youth_office=world.office, staff_member=world.worker_b, kita=world.kita_a)
    services.case_update(
        actor=world.users["worker_a"],
        case=case_a,
        data={"responsible": world.worker_b, "deputy": world.worker_a, "contact": "neu"},
    )
    case_a.refresh_from_db()
    assert case_a.responsible == world.worker_b
    entry = AuditEntry.objects.get(model_label="cases.Case", object_id=str(case_a.pk), action="update")
    assert entry.changes["contact"] == ["***", "***"]
    assert entry.changes["responsible"] == ["Anna Adler", "Ben Berg"]


def test_case_close_needs_an_outcome_and_a_date_not_before_opening(world, case_a):
    with pytest.raises(ValidationError) as error:
        services.case_close(actor=None, case=case_a, closed_on=TODAY, outcome="")
    assert "outcome" in error.value.message_dict
    case_a.refresh_from_db()
    with pytest.raises(ValidationError):
        services.case_close(actor=None, case=case_a, closed_on=dt.date(2025, 2, 1), outcome="resolved")
    case_a.refresh_from_db()
    services.case_close(actor=None, case=case_a, closed_on=dt.date(2025, 6, 1), outcome="resolved")
    case_a.refresh_from_db()
    assert (case_a.status, case_a.closed_on, case_a.outcome) == ("closed", dt.date(2025, 6, 1), "resolved")
    with pytest.raises(ValidationError) as error:
        services.case_close(actor=None, case=case_a, closed_on=TODAY, outcome="resolved")
    assert "status" in error.value.message_dict


def test_case_read_log_writes_a_view_entry_without_content(world, case_a):
    services.case_read_log(actor=world.users["worker_a"], case=case_a)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert (entry.actor_name, entry.object_repr, entry.changes) == ("fachkraft_a", case_a.code, {})


def test_consent_add_and_withdraw(world, case_a):
    consent = services.consent_add(
        actor=world.users["worker_a"],
        case=case_a,
        kind=Consent.Kind.RELEASE,
        recipient_category=ServiceCategory.SPEECH_THERAPY,
        data_scope="Anlass",
        form=Consent.Form.ORAL,
        given_on=dt.date(2025, 4, 1),
        expires_on=dt.date(2026, 4, 1),
    )
    assert consent.youth_office == world.office
    created = AuditEntry.objects.get(model_label="cases.Consent", action="create")
    assert created.changes["recipient_category"] == "***"
    assert created.object_repr == "Einwilligung vom 01.04.2025"  # no recipient in the record's name
    services.consent_withdraw(
        actor=world.users["worker_a"], consent=consent, withdrawn_on=dt.date(2025, 5, 1)
    )
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date(2025, 5, 1)
    with pytest.raises(ValidationError) as error:
        services.consent_withdraw(actor=None, consent=consent, withdrawn_on=dt.date(2025, 5, 2))
    assert "withdrawn_on" in error.value.message_dict


def test_consent_refuses_expiry_before_given_and_withdrawal_before_given(world, case_a):
    with pytest.raises(ValidationError):
        services.consent_add(
            actor=None,
            case=case_a,
            kind="release",
            recipient_category="health",
            data_scope="x",
            form="written",
            given_on=dt.date(2025, 4, 1),
            expires_on=dt.date(2025, 3, 1),
        )
    consent = ConsentFactory(case=case_a)
    with pytest.raises(ValidationError):
        services.consent_withdraw(actor=None, consent=consent, withdrawn_on=dt.date(2025, 1, 1))
    assert Consent.objects.get().withdrawn_on is None


def test_retention_period_set_refuses_unknown_types_and_out_of_range_months(world):
    with pytest.raises(ValidationError) as error:
        services.retention_period_set(actor=None, youth_office=world.office, record_type="x.y", months=12)
    assert "record_type" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.retention_period_set(
            actor=None, youth_office=world.office, record_type="cases.case", months=0
        )
    assert "months" in error.value.message_dict
    period = services.retention_period_set(
        actor=None, youth_office=world.office, record_type="cases.case", months=60
    )
    services.retention_period_set(actor=None, youth_office=world.office, record_type="cases.case", months=72)
    period.refresh_from_db()
    assert period.months == 72


def test_factory_case_is_valid(world):
    case = CaseFactory(kita=world.kita_a, responsible=world.worker_a)
    case.full_clean()
