"""The caseworker rule through HTTP (review findings 3, 12): rows stay with their participation
or case when edited, and pages offer write links only to those who may act for the case."""

import datetime as dt
from decimal import Decimal

import pytest

from models import Activity, ApprovalPeriod, AssistanceRequest, CareCase, DeliveredHours
from seed.factories import (
    make_activity,
    make_approval_period,
    make_care_case,
    make_delivered_hours,
    make_funding_body,
    make_participation,
    make_person,
    make_request,
    make_user,
)
from tests.conftest import login


@pytest.fixture
def team(app, project):
    owner = make_user(role="staff_write", projects=[project])
    colleague = make_user(role="staff_write", projects=[project])
    body = make_funding_body()
    return {
        "owner": owner, "colleague": colleague, "body": body,
        "admin": make_user(role="admin"),
        "theirs": make_participation(make_person(project), project, actor=owner),
        "mine": make_participation(make_person(project), project, actor=colleague),
    }


def _hours(team, parent):
    row = make_delivered_hours(team[parent])
    return row, {"participation": team[parent].id, "period_start": "01.01.2025",
                 "period_end": "31.01.2025", "hours": "30", "note": ""}


def _case(team, parent):
    row = make_care_case(team[parent], team["body"])
    return row, {"participation": team[parent].id, "funding_body": team["body"].id,
                 "billing": "approved_hours", "start": "01.01.2025", "end": "", "note": ""}


def _request(team, parent):
    row = make_request(team[parent], team["body"])
    return row, {"participation": team[parent].id, "funding_body": team["body"].id,
                 "approval_start": "01.06.2024", "planned_end": "", "reason": "employment",
                 "region": "", "delivery_model": "employer", "hours_per_week": "30",
                 "message": ""}


def _approval(team, parent):
    case = make_care_case(team[parent], team["body"])
    row = make_approval_period(case)
    return row, {"case": case.id, "start": "01.01.2026", "end": "31.12.2026", "hours": "30",
                 "extension_requested_on": ""}


def _activity(team, parent):
    case = make_care_case(team[parent], team["body"])
    row = make_activity(case)
    return row, {"case": case.id, "day": "10.03.2026", "minutes": "30", "level": "socio",
                 "kind": "counselling", "topic": "housing", "mode": "direct",
                 "group_size": "1", "note": ""}


# (endpoint, parent field, make a row and its form, the edited field and its new value)
ROWS = [
    ("delivered_hours", "participation", _hours, "hours", Decimal(30)),
    ("care_case", "participation", _case, "start", dt.date(2025, 1, 1)),
    ("request", "participation", _request, "hours_per_week", Decimal(30)),
    ("approval_period", "case", _approval, "hours", Decimal(30)),
    ("activity", "case", _activity, "minutes", 30),
]
def _target(team, parent):
    """The id of a parent of the colleague's own: their participation, or a case of it."""
    if parent == "case":
        return make_care_case(team["mine"], team["body"]).id
    return team["mine"].id


MODELS = {"delivered_hours": DeliveredHours, "care_case": CareCase,
          "request": AssistanceRequest, "approval_period": ApprovalPeriod, "activity": Activity}


@pytest.mark.parametrize(("endpoint", "parent", "make", "field", "value"), ROWS)
def test_the_edit_form_shows_the_parent_read_only(client, team, endpoint, parent, make, field,
                                                   value):
    row, _data = make(team, "theirs")
    login(client, team["owner"])
    body = client.get(f"/admin/{endpoint}/edit/?id={row.id}").get_data(as_text=True)
    assert f'readonly id="{parent}"' in body
    assert f'name="{parent}"' not in body


@pytest.mark.parametrize(("endpoint", "parent", "make", "field", "value"), ROWS)
def test_a_row_cannot_be_moved_to_a_case_of_ones_own(client, team, endpoint, parent, make, field,
                                                     value):
    """A colleague who may not work on the owner's case picks their own in the edit form: the
    row stays where it was (and they may not change it at all)."""
    row, data = make(team, "theirs")
    data[parent] = _target(team, parent)
    login(client, team["colleague"])
    client.post(f"/admin/{endpoint}/edit/?id={row.id}", data=data)
    stored = MODELS[endpoint].get_by_id(row.id)
    assert stored.__data__[parent] == row.__data__[parent]
    assert getattr(stored, field) == getattr(row, field)


@pytest.mark.parametrize(("endpoint", "parent", "make", "field", "value"), ROWS)
def test_an_edit_keeps_the_parent_and_saves_the_rest(client, team, endpoint, parent, make, field,
                                                      value):
    row, data = make(team, "theirs")
    data[parent] = _target(team, parent)  # posted anyway: ignored
    login(client, team["admin"])
    response = client.post(f"/admin/{endpoint}/edit/?id={row.id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    stored = MODELS[endpoint].get_by_id(row.id)
    assert stored.__data__[parent] == row.__data__[parent]
    assert getattr(stored, field) == value


# -- write links follow the caseworker rule ----------------------------------------------------


@pytest.mark.parametrize(("who", "offered"), [("owner", True), ("colleague", False),
                                              ("admin", True)])
def test_the_participation_page_offers_hours_links_to_those_who_work_on_the_case(
        client, team, who, offered):
    entry = make_delivered_hours(team["theirs"])
    login(client, team[who])
    body = client.get(f"/admin/participation/details/?id={team['theirs'].id}") \
        .get_data(as_text=True)
    assert ("Geleistete Stunden eintragen" in body) is offered
    assert (f"/admin/delivered_hours/edit/?id={entry.id}" in body) is offered


@pytest.mark.parametrize(("who", "offered"), [("owner", True), ("colleague", False),
                                              ("admin", True)])
def test_the_case_page_offers_write_links_to_those_who_work_on_the_case(client, team, who,
                                                                        offered):
    case = make_care_case(team["theirs"], team["body"])
    period, activity = make_approval_period(case), make_activity(case)
    login(client, team[who])
    body = client.get(f"/admin/care_case/details/?id={case.id}").get_data(as_text=True)
    assert ("Tätigkeit erfassen" in body) is offered
    assert ("Bewilligungszeitraum hinzufügen" in body) is offered
    assert (f"/admin/activity/edit/?id={activity.id}" in body) is offered
    assert (f"/admin/approval_period/edit/?id={period.id}" in body) is offered
    assert (f"/admin/care_case/edit/?id={case.id}" in body) is offered
