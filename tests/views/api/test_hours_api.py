"""Delivered hours through the API: a batch is stored all or none, and a refused row is named;
only the project writes; no query per row in the list."""

import datetime as dt

import pytest
from playhouse.test_utils import assert_query_count

from models import DeliveredHours, HistoryEntry
from seed.factories import make_participation

HOURS = "/api/v1/hours"


def _rows(participation, count, start=dt.date(2020, 1, 1)):
    return [{"participation_id": participation.id,
             "period_start": (start + dt.timedelta(days=i)).isoformat(),
             "period_end": (start + dt.timedelta(days=i)).isoformat(), "hours": 2.5}
            for i in range(count)]


@pytest.fixture
def participation(staff, project):
    return make_participation(project=project, actor=staff)


def test_a_month_is_stored_in_one_call(api_client, staff, participation):
    answer = api_client(staff).post(HOURS, json={"rows": _rows(participation, 30)})
    assert answer.status_code == 201
    assert len(answer.get_json()["items"]) == 30
    assert DeliveredHours.select().count() == 30


@pytest.mark.parametrize("bad, field", [({"hours": -1}, "hours"),
                                        ({"period_end": "2019-01-01"}, "period_end"),
                                        ({"period_start": "2020-01-02"}, "period_start")])
def test_one_bad_row_of_a_thousand_stores_nothing_and_is_named(api_client, staff,
                                                               participation, bad, field):
    rows = _rows(participation, 1000)
    rows[417].update(bad)
    entries = HistoryEntry.select().where(HistoryEntry.relation != "user").count()
    answer = api_client(staff).post(HOURS, json={"rows": rows})
    assert answer.status_code == 422
    problem = answer.get_json()
    assert any(key.startswith("rows.417") for key in problem["errors"])
    assert DeliveredHours.select().count() == 0
    assert HistoryEntry.select().where(HistoryEntry.relation != "user").count() == entries


def test_more_than_a_thousand_rows_are_refused(api_client, staff, participation):
    answer = api_client(staff).post(HOURS, json={"rows": _rows(participation, 1001)})
    assert answer.status_code == 422
    assert DeliveredHours.select().count() == 0


def test_a_participation_of_another_project_is_a_row_error(api_client, staff, participation,
                                                           other_project):
    foreign = make_participation(project=other_project)
    rows = _rows(participation, 2) + _rows(foreign, 1)
    answer = api_client(staff).post(HOURS, json={"rows": rows})
    assert answer.status_code == 422
    assert "rows.2.participation_id" in answer.get_json()["errors"]
    assert DeliveredHours.select().count() == 0


def test_a_clerk_cannot_store_hours(api_client, clerk, participation):
    answer = api_client(clerk).post(HOURS, json={"rows": _rows(participation, 1)})
    assert answer.status_code == 403
    assert DeliveredHours.select().count() == 0


def test_the_list_runs_no_query_per_row(api_client, staff, participation):
    api = api_client(staff)
    api.post(HOURS, json={"rows": _rows(participation, 5)})
    with assert_query_count(2):
        answer = api.get(HOURS)
    assert len(answer.get_json()["items"]) == 5
