"""Who acts for a participation, and rows that stay with their case (review findings 3, 13, 18):
the caseworker rule holds for requests, delivered hours and care, and cannot be bypassed by
moving a row to another participation or case."""

import datetime as dt
from decimal import Decimal

import pytest

from models import ApprovalPeriod, AssistanceRequest, CareCase, DeliveredHours
from models.accounts.delegation import grant_delegation
from models.core.errors import NotPermitted, ValidationError
from models.core.records import delete_record, update_record
from models.participations.models import acts_for_participation
from seed.factories import (
    NOW,
    assign,
    make_activity,
    make_approval_period,
    make_care_case,
    make_delivered_hours,
    make_participation,
    make_person,
    make_project,
    make_request,
    make_user,
)

TODAY = dt.date(2026, 11, 1)


@pytest.fixture
def team(app):
    project = make_project()
    owner = make_user(role="staff_write", projects=[project])
    users = {
        "owner": owner,
        "colleague": make_user(role="staff_write", projects=[project]),
        "delegate": make_user(role="staff_write", projects=[project]),
        "lead": make_user(role="project_lead", projects=[project]),
        "reader": make_user(role="staff_read", projects=[project]),
        "foreign": make_user(role="staff_write", projects=[make_project()]),
        "clerk": make_user(role="clerk"),
        "statistics": make_user(role="statistics"),
        "admin": make_user(role="admin"),
        "former": make_user(role="staff_write"),
    }
    assign(users["former"], project, valid_to=TODAY - dt.timedelta(days=1))
    grant_delegation(owner, users["delegate"], owner, NOW)
    case = make_participation(make_person(project), project, actor=owner)
    own = make_participation(make_person(project), project, actor=users["colleague"])
    team_case = make_participation(make_person(project), project)  # no caseworker
    return {"project": project, "case": case, "own": own, "team_case": team_case, **users}


@pytest.mark.parametrize(("who", "acts"), [
    ("owner", True), ("delegate", True), ("lead", True), ("admin", True),
    ("colleague", False), ("reader", False), ("foreign", False), ("clerk", False),
    ("statistics", False), ("former", False)])
def test_who_acts_for_a_participation(team, who, acts):
    assert acts_for_participation(team["case"], team[who], TODAY) is acts


def test_acting_follows_the_assignment_on_the_day_asked(team):
    yesterday = TODAY - dt.timedelta(days=1)
    assert acts_for_participation(team["team_case"], team["former"], yesterday) is True
    assert acts_for_participation(team["team_case"], team["former"], TODAY) is False


def test_nobody_acts_without_a_user(team):
    assert acts_for_participation(team["case"], None, TODAY) is False


# -- the caseworker rule on rows of the case ---------------------------------------------------


def _change(row, actor, **values):
    old = dict(row.__data__)
    for name, value in values.items():
        setattr(row, name, value)
    return update_record(row, old, actor, NOW)


def test_a_colleague_records_no_hours_on_someone_elses_case(team):
    with pytest.raises(NotPermitted):
        make_delivered_hours(team["case"], actor=team["colleague"])
    make_delivered_hours(team["case"], actor=team["delegate"])
    assert DeliveredHours.select().count() == 1


def test_a_colleague_deletes_no_care_case_of_someone_else(team):
    case = make_care_case(team["case"], actor=team["owner"])
    with pytest.raises(NotPermitted):
        delete_record(case, team["colleague"], NOW)
    assert CareCase.select().count() == 1
    delete_record(case, team["delegate"], NOW)
    assert CareCase.select().count() == 0


def test_a_colleague_deletes_no_row_of_someone_elses_care_case(team):
    period = make_approval_period(make_care_case(team["case"], actor=team["owner"]))
    with pytest.raises(NotPermitted):
        delete_record(period, team["colleague"], NOW)
    assert ApprovalPeriod.select().count() == 1


# -- rows stay with their participation or case, whoever edits ---------------------------------


@pytest.mark.parametrize("who", ["colleague", "admin"])
def test_an_hours_entry_cannot_move_to_another_participation(team, who):
    entry = make_delivered_hours(team["case"])
    with pytest.raises(ValidationError) as caught:
        _change(entry, team[who], participation=team["own"], hours=Decimal(1))
    assert set(caught.value.errors) == {"participation"}
    stored = DeliveredHours.get_by_id(entry.id)
    assert (stored.participation_id, stored.hours) == (team["case"].id, Decimal(40))


@pytest.mark.parametrize("who", ["colleague", "admin"])
def test_a_care_case_cannot_move_to_another_participation(team, who):
    case = make_care_case(team["case"])
    with pytest.raises(ValidationError) as caught:
        _change(case, team[who], participation=team["own"])
    assert set(caught.value.errors) == {"participation"}
    assert CareCase.get_by_id(case.id).participation_id == team["case"].id


@pytest.mark.parametrize("factory", [make_approval_period, make_activity])
def test_rows_of_a_care_case_cannot_move_to_another_case(team, factory):
    theirs, mine = make_care_case(team["case"]), make_care_case(team["own"])
    row = factory(theirs)
    with pytest.raises(ValidationError) as caught:
        _change(row, team["colleague"], case=mine)
    assert set(caught.value.errors) == {"case"}
    assert type(row).get_by_id(row.id).case_id == theirs.id


def test_a_request_cannot_move_to_another_participation(team):
    request = make_request(team["case"])
    with pytest.raises(ValidationError) as caught:
        _change(request, team["admin"], participation=team["own"])
    assert set(caught.value.errors) == {"participation"}
    assert AssistanceRequest.get_by_id(request.id).participation_id == team["case"].id


def test_an_edit_that_keeps_the_parent_is_fine(team):
    entry = make_delivered_hours(team["case"])
    _change(entry, team["owner"], hours=Decimal(12))
    assert DeliveredHours.get_by_id(entry.id).hours == Decimal(12)


# -- documents follow the same rule --------------------------------------------------------------


@pytest.mark.parametrize(("who", "acts"), [("owner", True), ("delegate", True),
                                           ("colleague", False)])
def test_documents_follow_the_caseworker_rule(team, document_store, who, acts):
    from models.documents.rules import can_change_document, can_upload
    from seed.factories import make_document

    document = make_document(team["case"], actor=team["owner"])
    assert (can_upload(team["case"], team[who]), can_change_document(document, team[who])) \
        == (acts, acts)
