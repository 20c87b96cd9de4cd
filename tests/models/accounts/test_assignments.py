"""Project leads renew the yearly project assignments of the staff of their projects (DOMAIN K,
issue 10 item 15); everything else about assignments stays with administrators."""

import datetime as dt

import pytest

from models import DomainError, HistoryEntry, NotPermitted, UserProject, ValidationError
from models.accounts.assignments import can_renew_assignment, renew_assignment
from models.core.records import ChangedMeanwhile
from seed.factories import NOW, assign, make_project, make_user

TODAY = NOW.date()
END = dt.date(2026, 12, 31)


@pytest.fixture
def world(app):
    project, other = make_project(), make_project()
    lead = make_user(role="project_lead", projects=[project])
    return {"project": project, "other": other, "lead": lead}


def _assignment(world, role="staff_write", project="project", valid_to=END):
    user = make_user(role=role)
    return assign(user, world[project], valid_to=valid_to)


def _lapsed_lead(world):
    lead = make_user(role="project_lead")
    assign(lead, world["project"], valid_to=TODAY - dt.timedelta(days=1))
    return lead


# (who renews, whose assignment, in which project) -> allowed
CASES = [
    ("lead", "staff_write", "project", True),
    ("lead", "staff_read", "project", True),
    ("lead", "staff_write", "other", False),
    ("lead", "project_lead", "project", False),
    ("lead", "admin", "project", False),
    ("staff", "staff_write", "project", False),
    ("lapsed lead", "staff_write", "project", False),
    ("admin", "staff_write", "other", True),
    ("admin", "project_lead", "project", True),
]


def _actor(world, who):
    if who == "lead":
        return world["lead"]
    if who == "lapsed lead":
        return _lapsed_lead(world)
    if who == "staff":
        return make_user(role="staff_write", projects=[world["project"]])
    return make_user(role="admin")


@pytest.mark.parametrize(("who", "role", "project", "allowed"), CASES)
def test_who_may_renew(world, who, role, project, allowed):
    assignment = _assignment(world, role, project)
    actor = _actor(world, who)
    assert can_renew_assignment(assignment, actor, TODAY) is allowed
    if allowed:
        renew_assignment(assignment, actor, NOW)
        assert UserProject.get_by_id(assignment.id).valid_to == dt.date(2027, 12, 31)
    else:
        with pytest.raises(NotPermitted):
            renew_assignment(assignment, actor, NOW)
        assert UserProject.get_by_id(assignment.id).valid_to == END


def test_a_lead_may_not_renew_their_own_assignment(world):
    own = UserProject.get(UserProject.user == world["lead"])
    UserProject.update(valid_to=END).where(UserProject.id == own.id).execute()
    own = UserProject.get_by_id(own.id)
    assert not can_renew_assignment(own, world["lead"], TODAY)
    with pytest.raises(NotPermitted):
        renew_assignment(own, world["lead"], NOW)


def test_the_renewal_is_in_the_history_with_its_editor(world):
    assignment = _assignment(world)
    renew_assignment(assignment, world["lead"], NOW)
    entry = HistoryEntry.get((HistoryEntry.relation == "assignment")
                             & (HistoryEntry.event == "updated"))
    assert (entry.editor_id, entry.record_id) == (world["lead"].id, assignment.id)
    assert entry.changes == {"valid_to": ["2026-12-31", "2027-12-31"]}


def test_a_chosen_end_within_a_year(world):
    assignment = _assignment(world)
    renew_assignment(assignment, world["lead"], NOW, until=dt.date(2027, 6, 30))
    assert UserProject.get_by_id(assignment.id).valid_to == dt.date(2027, 6, 30)


def test_a_lapsed_assignment_is_renewed_for_a_year_from_today(world):
    assignment = _assignment(world, valid_to=dt.date(2025, 12, 31))
    renew_assignment(assignment, world["lead"], NOW)
    assert UserProject.get_by_id(assignment.id).valid_to == TODAY.replace(year=TODAY.year + 1)


@pytest.mark.parametrize("until", [END, END - dt.timedelta(days=1), dt.date(2028, 1, 1)])
def test_the_new_end_lies_after_the_current_one_and_within_a_year(world, until):
    assignment = _assignment(world)
    with pytest.raises(ValidationError) as refused:
        renew_assignment(assignment, world["lead"], NOW, until=until)
    assert "valid_to" in refused.value.errors
    assert UserProject.get_by_id(assignment.id).valid_to == END


def test_an_assignment_without_an_end_needs_no_renewal(world):
    assignment = _assignment(world, valid_to=None)
    with pytest.raises(DomainError):
        renew_assignment(assignment, world["lead"], NOW)


def test_a_stale_renewal_is_refused(world):
    assignment = _assignment(world)
    stale = UserProject.get_by_id(assignment.id)
    renew_assignment(assignment, world["lead"], NOW)
    with pytest.raises(ChangedMeanwhile):
        renew_assignment(stale, world["lead"], NOW, until=dt.date(2027, 3, 31))
    assert UserProject.get_by_id(assignment.id).valid_to == dt.date(2027, 12, 31)
