"""Delegation (000): colleagues of a project work on a caseworker's cases when delegated."""

import datetime as dt

import pytest

from models import NotPermitted, ValidationError
from models.accounts.delegation import grant_delegation, revoke_delegation, works_on
from models.core.records import update_record
from models.requests.models import can_submit
from seed.factories import make_participation, make_person, make_project, make_request, make_user

NOW = dt.datetime(2026, 11, 1, 9, 0)


@pytest.fixture
def team(app):
    project = make_project()
    owner = make_user(role="staff_write", projects=[project])
    colleague = make_user(role="staff_write", projects=[project])
    lead = make_user(role="project_lead", projects=[project])
    case = make_participation(make_person(project), project, actor=owner)
    return {"project": project, "owner": owner, "colleague": colleague, "lead": lead,
            "case": case}


def _edit(case, actor, care_level=3):
    old = dict(case.__data__)
    case.care_level = care_level
    return update_record(case, old, actor, NOW)


def test_the_creating_staff_member_is_the_caseworker(team):
    assert team["case"].caseworker_id == team["owner"].id


def test_a_colleague_without_delegation_may_not_change_the_case(team):
    with pytest.raises(NotPermitted):
        _edit(team["case"], team["colleague"])


def test_a_delegate_may_change_the_case_until_revoked(team):
    delegation = grant_delegation(team["owner"], team["colleague"], team["owner"], NOW)
    _edit(team["case"], team["colleague"])
    revoke_delegation(delegation, team["owner"], NOW)
    with pytest.raises(NotPermitted):
        _edit(team["case"], team["colleague"], care_level=4)


@pytest.mark.parametrize("who", ["owner", "lead"])
def test_caseworker_and_project_lead_may_change_the_case(team, who):
    _edit(team["case"], team[who])


def test_a_case_without_caseworker_belongs_to_the_team(team):
    case = make_participation(make_person(team["project"]), team["project"])
    assert case.caseworker_id is None
    _edit(case, team["colleague"])


def test_requests_follow_the_caseworker_of_their_participation(team):
    request = make_request(team["case"])
    assert can_submit(request, team["owner"])
    assert not can_submit(request, team["colleague"])
    grant_delegation(team["owner"], team["colleague"], team["owner"], NOW)
    assert can_submit(request, team["colleague"])


def test_only_colleagues_of_a_shared_project_can_be_delegates(team):
    stranger = make_user(role="staff_write", projects=[make_project()])
    with pytest.raises(ValidationError) as refused:
        grant_delegation(team["owner"], stranger, team["owner"], NOW)
    assert "grantee" in refused.value.errors


@pytest.mark.parametrize("case", ["self", "reader", "twice"])
def test_refused_delegations(team, case):
    grantee = {"self": team["owner"],
               "reader": make_user(role="staff_read", projects=[team["project"]]),
               "twice": team["colleague"]}[case]
    if case == "twice":
        grant_delegation(team["owner"], grantee, team["owner"], NOW)
    with pytest.raises(ValidationError):
        grant_delegation(team["owner"], grantee, team["owner"], NOW)


def test_someone_else_cannot_grant_for_the_caseworker(team):
    with pytest.raises(NotPermitted):
        grant_delegation(team["owner"], team["colleague"], team["colleague"], NOW)


def test_a_staff_member_cannot_hand_someone_elses_case_on(team):
    grant_delegation(team["owner"], team["colleague"], team["owner"], NOW)
    case = team["case"]
    old = dict(case.__data__)
    case.caseworker = team["colleague"]
    with pytest.raises(ValidationError) as refused:
        update_record(case, old, team["colleague"], NOW)
    assert "caseworker" in refused.value.errors


def test_the_caseworker_must_work_in_the_project(team):
    case = team["case"]
    old = dict(case.__data__)
    case.caseworker = make_user(role="staff_write", projects=[make_project()])
    with pytest.raises(ValidationError):
        update_record(case, old, team["lead"], NOW)


def test_works_on_without_user_is_false(team):
    assert works_on(None, team["owner"].id) is False
