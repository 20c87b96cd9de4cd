"""Moving a commission to another caseworker or another IFD without closing it (004 §2.4,
§8.2): every unmet condition named at once, nothing written on a refusal."""

import datetime as dt

import pytest

from models import HistoryEntry
from models.commissions.models import Commission, Phase
from models.commissions.moves import move_commission
from models.core.errors import NotPermitted, ValidationError
from seed.factories import make_user

NOW = dt.datetime(2026, 11, 2, 9, 0)
RELEASE = ("A move to another IFD needs the client's release from confidentiality "
           "(Schweigepflichtentbindung) uploaded to the commission.")
NOT_ASSIGNED = "The new caseworker is not assigned to the IFD of the commission."
CLOSED = "Only a running commission is moved; a closed one stays with its IFD."
SAME = "Please choose another caseworker or another IFD."
NOT_WRITER = "The new caseworker must be a staff member who may write."


def _entries(commission):
    return HistoryEntry.select().where((HistoryEntry.relation == "commission")
                                       & (HistoryEntry.record_id == commission.id)).count()


@pytest.fixture
def colleague(project):
    return make_user(role="staff_write", projects=[project])


@pytest.mark.parametrize("phase", [Phase.P1, Phase.P2, Phase.P3, Phase.FP1, Phase.FP3])
def test_a_running_commission_moves_to_a_colleague_and_keeps_its_phase(build, caseworker,
                                                                       colleague, phase):
    commission = build(phase)
    move_commission(commission, caseworker, NOW, caseworker=colleague)
    stored = Commission.get_by_id(commission.id)
    assert (stored.caseworker_id, stored.phase, stored.end_date) == (colleague.id, phase, None)


def test_a_move_is_one_history_entry_naming_the_change(build, caseworker, colleague):
    commission = build(Phase.P3)
    before = _entries(commission)
    move_commission(commission, caseworker, NOW, caseworker=colleague)
    assert _entries(commission) == before + 1
    entry = HistoryEntry.select().order_by(HistoryEntry.id.desc()).first()
    assert entry.changes["caseworker"] == [caseworker.id, colleague.id]


def test_a_move_to_another_ifd_with_the_release(build, caseworker, other_project):
    commission = build(Phase.P3)
    newcomer = make_user(role="staff_write", projects=[other_project])
    move_commission(commission, caseworker, NOW, project=other_project, caseworker=newcomer)
    stored = Commission.get_by_id(commission.id)
    assert (stored.project_id, stored.caseworker_id, stored.phase) == (
        other_project.id, newcomer.id, Phase.P3)


def test_a_move_to_another_ifd_may_go_to_its_team(build, caseworker, other_project):
    commission = build(Phase.P2)
    move_commission(commission, caseworker, NOW, project=other_project)
    assert Commission.get_by_id(commission.id).caseworker_id is None


# (phase, what is left out, target: "colleague" | "ifd" | "same" | "reader" | "foreigner",
#  the conditions named)
REFUSALS = [
    (Phase.P3, "confidentiality_release", "ifd", {"project": RELEASE}),
    (Phase.P4, (), "colleague", {"commission": CLOSED}),
    (Phase.FP4, (), "colleague", {"commission": CLOSED}),
    (Phase.P3, (), "same", {"caseworker": SAME}),
    (Phase.P3, (), "reader", {"caseworker": NOT_WRITER}),
    (Phase.P3, (), "foreigner", {"caseworker": NOT_ASSIGNED}),
    (Phase.P4, "confidentiality_release", "foreigner_ifd",
     {"commission": CLOSED, "project": RELEASE, "caseworker": NOT_ASSIGNED}),
]


@pytest.mark.parametrize(("phase", "omit", "target", "named"), REFUSALS)
def test_a_refused_move_names_every_condition_and_writes_nothing(
        build, caseworker, colleague, project, other_project, phase, omit, target, named):
    commission = build(phase, omit=(omit,) if isinstance(omit, str) else omit)
    choice = {
        "colleague": {"caseworker": colleague},
        "ifd": {"project": other_project},
        "same": {"caseworker": caseworker},
        "reader": {"caseworker": make_user(role="staff_read", projects=[project])},
        "foreigner": {"caseworker": make_user(role="staff_write", projects=[other_project])},
        "foreigner_ifd": {"project": other_project,
                          "caseworker": make_user(role="staff_write", projects=[project])},
    }[target]
    before = _entries(commission)
    with pytest.raises(ValidationError) as refused:
        move_commission(commission, caseworker, NOW, **choice)
    stored = Commission.get_by_id(commission.id)
    assert refused.value.errors == named
    assert (stored.project_id, stored.caseworker_id, stored.version) == (
        commission.project_id, caseworker.id, commission.version)
    assert _entries(commission) == before


@pytest.mark.parametrize("role", ["staff_read", "clerk", "statistics"])
def test_only_those_working_on_the_commission_move_it(build, colleague, project, role):
    commission = build(Phase.P3)
    outsider = make_user(role=role, projects=[project] if role == "staff_read" else [])
    with pytest.raises(NotPermitted):
        move_commission(commission, outsider, NOW, caseworker=colleague)
    assert Commission.get_by_id(commission.id).caseworker_id == commission.caseworker_id


def test_a_colleague_without_delegation_may_not_move_it(build, colleague, project):
    commission = build(Phase.P3)
    other = make_user(role="staff_write", projects=[project])
    with pytest.raises(NotPermitted):
        move_commission(commission, colleague, NOW, caseworker=other)
