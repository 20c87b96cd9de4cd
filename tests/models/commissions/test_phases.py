"""Phase changes of commissions: every gate of 004 §2 and §8 missing in turn, every unmet
condition named at once, nothing written on a refusal."""

import datetime as dt

import pytest

from models import HistoryEntry
from models.commissions.models import Commission, Phase
from models.commissions.phases import (
    MISSING_DOCUMENT,
    MISSING_FIELD,
    PhaseRefused,
    change_phase,
    is_p2_overdue,
    unmet_conditions,
)
from models.core.errors import NotPermitted
from models.documents.models import DocumentKind
from seed.factories import make_user
from tests.models.commissions.conftest import phase_changes

NOW = dt.datetime(2026, 11, 2, 9, 0)
ON = dt.date(2026, 10, 1)
PROOF = "No proof of disability with its notice uploaded for the person."
NO_REASON = "The end reason is missing."
NO_PLANNED_END = "The planned end set by the rehabilitation body is missing."
NEITHER = ("Neither a goal agreement (Integrationsamt) nor a written commission "
           "(rehabilitation body) is uploaded.")


def doc(kind):
    return MISSING_DOCUMENT[DocumentKind(kind)]


# (from, to, funding body kind, left out, the conditions named)
GATES = [
    (Phase.P1, Phase.P2, "Integrationsamt", "data_protection_notice",
     [doc("data_protection_notice")]),
    (Phase.P1, Phase.P2, "Integrationsamt", "proof", [PROOF]),
    (Phase.P2, Phase.P3, "Integrationsamt", "data_protection_notice",
     [doc("data_protection_notice")]),
    (Phase.P2, Phase.P3, "Integrationsamt", "proof", [PROOF]),
    (Phase.P2, Phase.P3, "Integrationsamt", "legal_basis", [MISSING_FIELD["legal_basis"]]),
    (Phase.P2, Phase.P3, "Integrationsamt", "service_type", [MISSING_FIELD["service_type"]]),
    (Phase.P2, Phase.P3, "Integrationsamt", "case_group", [MISSING_FIELD["case_group"]]),
    (Phase.P2, Phase.P3, "Integrationsamt", "goal_agreement", [doc("goal_agreement")]),
    (Phase.P2, Phase.P3, "Rentenversicherung", "written_commission",
     [doc("written_commission")]),
    (Phase.P1, Phase.P3, "Integrationsamt", "proof", [PROOF]),
    (Phase.P3, Phase.P4, "Integrationsamt", "final_report", [doc("final_report")]),
    (Phase.FP1, Phase.FP3, "Integrationsamt", "funding_body", [MISSING_FIELD["funding_body"]]),
    (Phase.FP1, Phase.FP3, "Integrationsamt", "legal_basis", [MISSING_FIELD["legal_basis"]]),
    (Phase.FP1, Phase.FP3, "Integrationsamt", "written_commission",
     [doc("written_commission")]),
    (Phase.FP1, Phase.FP3, "Integrationsamt", "data_protection_notice",
     [doc("data_protection_notice")]),
    (Phase.FP3, Phase.FP4, "Integrationsamt", "expert_opinion", [doc("expert_opinion")]),
    (Phase.FP3, Phase.FP4, "Integrationsamt", "confidentiality_release",
     [doc("confidentiality_release")]),
]


def _reason(target):
    return "fulfilled" if target == Phase.P4 else None


def _fields(target, body_kind):
    fields = {}
    if body_kind != "Integrationsamt":
        fields["planned_end"] = dt.date(2027, 6, 30)
    return fields


@pytest.mark.parametrize(("source", "target", "body_kind", "omit", "named"), GATES)
def test_a_missing_gate_refuses_the_change_naming_it(build, caseworker, source, target,
                                                     body_kind, omit, named):
    commission = build(source, omit=(omit,), body_kind=body_kind, **_fields(target, body_kind))
    with pytest.raises(PhaseRefused) as refused:
        change_phase(commission, target, caseworker, NOW, ON, _reason(target))
    assert [message for message, _params in refused.value.conditions] == named


@pytest.mark.parametrize(("source", "target", "body_kind", "omit", "named"), GATES)
def test_a_refused_change_writes_nothing(build, caseworker, source, target, body_kind, omit,
                                         named):
    commission = build(source, omit=(omit,), body_kind=body_kind, **_fields(target, body_kind))
    entries = HistoryEntry.select().count()
    with pytest.raises(PhaseRefused):
        change_phase(commission, target, caseworker, NOW, ON, _reason(target))
    assert Commission.get_by_id(commission.id).phase == source
    assert phase_changes(commission) == []
    assert HistoryEntry.select().count() == entries


# (from, to, body kind) with every precondition present
ALLOWED = [
    (Phase.P1, Phase.P2, "Integrationsamt"),
    (Phase.P1, Phase.P3, "Integrationsamt"),
    (Phase.P2, Phase.P3, "Integrationsamt"),
    (Phase.P2, Phase.P3, "Rentenversicherung"),
    (Phase.P1, Phase.P4, "Integrationsamt"),
    (Phase.P2, Phase.P4, "Integrationsamt"),
    (Phase.P3, Phase.P4, "Integrationsamt"),
    (Phase.P4, Phase.P2, "Integrationsamt"),
    (Phase.P4, Phase.P3, "Integrationsamt"),
    (Phase.FP1, Phase.FP3, "Integrationsamt"),
    (Phase.FP1, Phase.FP5, "Integrationsamt"),
    (Phase.FP3, Phase.FP4, "Integrationsamt"),
    (Phase.FP3, Phase.FP5, "Integrationsamt"),
]


@pytest.mark.parametrize(("source", "target", "body_kind"), ALLOWED)
def test_a_change_with_every_gate_met_is_written_with_its_history(build, caseworker, source,
                                                                  target, body_kind):
    commission = build(source, body_kind=body_kind, **_fields(target, body_kind))
    change_phase(commission, target, caseworker, NOW, ON, _reason(target))
    stored = Commission.get_by_id(commission.id)
    assert (stored.phase, stored.phase_since) == (target, ON)
    assert phase_changes(commission) == [(source, target, ON)]
    entry = HistoryEntry.select().where((HistoryEntry.relation == "commission")
                                        & (HistoryEntry.status == target)).get()
    assert entry.changes["phase"] == [source, target]


NOT_IN_TABLE = [(Phase.P3, Phase.P2), (Phase.P2, Phase.P1), (Phase.P1, Phase.FP3),
                (Phase.FP1, Phase.FP4), (Phase.FP4, Phase.FP5), (Phase.FP5, Phase.FP3),
                (Phase.FP3, Phase.P4)]


@pytest.mark.parametrize(("source", "target"), NOT_IN_TABLE)
def test_a_change_outside_the_transition_table_is_refused(build, caseworker, source, target):
    commission = build(source)
    with pytest.raises(PhaseRefused) as refused:
        change_phase(commission, target, caseworker, NOW, ON, "fulfilled")
    assert refused.value.conditions[0][0] == "From %(from)s the commission cannot change to %(to)s."


def test_every_unmet_condition_of_p3_is_named_at_once(build, caseworker):
    commission = build(Phase.P2, omit=("data_protection_notice", "proof", "funding_body",
                                       "legal_basis", "service_type", "case_group",
                                       "goal_agreement", "written_commission"))
    named = [m for m, _ in unmet_conditions(commission, Phase.P3, ON, NOW.date())]
    assert named == [doc("data_protection_notice"), PROOF, MISSING_FIELD["funding_body"],
                     MISSING_FIELD["legal_basis"], MISSING_FIELD["service_type"],
                     MISSING_FIELD["case_group"], NEITHER]


def test_p4_needs_an_end_reason_and_the_final_report_both_named(build, caseworker):
    commission = build(Phase.P3, omit=("final_report",))
    named = [m for m, _ in unmet_conditions(commission, Phase.P4, ON, NOW.date(), None)]
    assert named == [NO_REASON, doc("final_report")]


def test_a_rehabilitation_body_must_set_the_planned_end_for_p3(build, caseworker):
    commission = build(Phase.P2, body_kind="Rentenversicherung")
    named = [m for m, _ in unmet_conditions(commission, Phase.P3, ON, NOW.date())]
    assert named == [NO_PLANNED_END]


@pytest.mark.parametrize(("on_date", "named"), [
    (dt.date(2026, 11, 3), "The date of the phase change lies in the future."),
    (dt.date(2026, 8, 31), "The date of the phase change lies before the start of the current "
                           "phase (%(date)s)."),
])
def test_the_date_must_lie_between_the_current_phase_and_today(build, on_date, named):
    commission = build(Phase.P1)
    assert [m for m, _ in unmet_conditions(commission, Phase.P2, on_date, NOW.date())] == [named]


# -- the month rule (004 §2.3) ------------------------------------------------------------


MONTH_RULE = ("The commission entered P3 on %(date)s; a new entry in P3 is possible only one "
              "month later.")


@pytest.mark.parametrize(("again", "refused"), [
    (dt.date(2026, 10, 9), True),
    (dt.date(2026, 10, 10), False),
])
def test_no_second_p3_entry_within_a_month(build, caseworker, again, refused):
    commission = build(Phase.P2, since=dt.date(2026, 9, 1))
    change_phase(commission, Phase.P3, caseworker, NOW, dt.date(2026, 9, 10))
    change_phase(commission, Phase.P4, caseworker, NOW, dt.date(2026, 9, 20), "fulfilled")
    named = [(m, p) for m, p in unmet_conditions(commission, Phase.P3, again, NOW.date())]
    assert named == ([(MONTH_RULE, {"date": dt.date(2026, 9, 10)})] if refused else [])


# -- planned end (004 §3.1, §3.2) and the P2 flag (004 §2.2) -------------------------------


@pytest.mark.parametrize(("body_kind", "fields", "planned_end"), [
    ("Integrationsamt", {"service_type": "securing"}, dt.date(2027, 7, 1)),
    ("Integrationsamt", {"service_type": "supported_employment",
                         "legal_basis": "supported_employment"}, dt.date(2027, 10, 1)),
    ("Rentenversicherung", {"planned_end": dt.date(2027, 3, 31)}, dt.date(2027, 3, 31)),
])
def test_entering_p3_sets_the_planned_end_by_the_rules(build, caseworker, body_kind, fields,
                                                       planned_end):
    commission = build(Phase.P2, body_kind=body_kind, **fields)
    change_phase(commission, Phase.P3, caseworker, NOW, ON)
    assert Commission.get_by_id(commission.id).planned_end == planned_end


@pytest.mark.parametrize(("today", "flagged"), [
    (dt.date(2026, 11, 1), False),
    (dt.date(2026, 11, 2), True),
])
def test_p2_over_two_months_is_flagged(build, today, flagged):
    commission = build(Phase.P2, since=dt.date(2026, 9, 1))
    assert is_p2_overdue(commission, today) is flagged


def test_the_funding_body_is_fixed_from_p3(build, caseworker):
    from models.core.errors import ValidationError
    from models.core.records import update_record
    from seed.factories import make_funding_body

    commission = build(Phase.P3)
    old = dict(commission.__data__)
    commission.funding_body = make_funding_body(kind="Integrationsamt")
    with pytest.raises(ValidationError) as refused:
        update_record(commission, old, caseworker, NOW)
    assert "funding_body" in refused.value.errors


@pytest.mark.parametrize("role", ["staff_read", "clerk", "statistics"])
def test_only_the_project_side_changes_phases(build, project, role):
    commission = build(Phase.P1)
    user = make_user(role=role, projects=[project] if role.startswith("staff") else [])
    with pytest.raises(NotPermitted):
        change_phase(commission, Phase.P2, user, NOW, ON)


def test_staff_of_another_project_cannot_change_phases(build, other_project):
    commission = build(Phase.P1)
    stranger = make_user(role="staff_write", projects=[other_project])
    with pytest.raises(NotPermitted):
        change_phase(commission, Phase.P2, stranger, NOW, ON)


# -- the stabilisation phase after a placement (004 §3.4) ---------------------------------


def test_a_placement_opens_a_stabilisation_phase_in_one_step(build, caseworker):
    from models.commissions.phases import start_stabilisation

    placement = build(Phase.P3, service_type="placement")
    # The job starts on Saturday 3.10.2026: closed on 2.10., the first working day is 5.10.
    follow_up = start_stabilisation(placement, caseworker, NOW, dt.date(2026, 10, 3),
                                    where=("AT", "9"))
    closed = Commission.get_by_id(placement.id)
    assert (closed.phase, closed.end_date, closed.end_reason) == (
        Phase.P4, dt.date(2026, 10, 2), "placed")
    stored = Commission.get_by_id(follow_up.id)
    assert (stored.phase, stored.start, stored.planned_end, stored.funding_body_id,
            stored.service_type, stored.legal_basis) == (
        Phase.P3, dt.date(2026, 10, 5), dt.date(2027, 4, 5), placement.funding_body_id,
        "securing", "stabilisation")


def test_a_job_starting_in_the_future_is_accepted(build, caseworker):
    from models.commissions.phases import start_stabilisation

    placement = build(Phase.P3, service_type="placement")
    follow_up = start_stabilisation(placement, caseworker, NOW, dt.date(2026, 12, 1))
    assert Commission.get_by_id(follow_up.id).start == dt.date(2026, 12, 1)


def test_without_final_report_neither_step_happens(build, caseworker):
    from models.commissions.phases import start_stabilisation

    placement = build(Phase.P3, service_type="placement", omit=("final_report",))
    count = Commission.select().count()
    with pytest.raises(PhaseRefused) as refused:
        start_stabilisation(placement, caseworker, NOW, dt.date(2026, 10, 5))
    assert [m for m, _ in refused.value.conditions] == [doc("final_report")]
    assert Commission.get_by_id(placement.id).phase == Phase.P3
    assert Commission.select().count() == count


def test_only_a_commissioned_placement_opens_a_stabilisation_phase(build, caseworker):
    from models.commissions.phases import start_stabilisation

    securing = build(Phase.P3, service_type="securing")
    with pytest.raises(PhaseRefused) as refused:
        start_stabilisation(securing, caseworker, NOW, dt.date(2026, 10, 5))
    assert refused.value.conditions[0][0] == (
        "Only a commissioned placement (P3) opens a stabilisation phase.")
