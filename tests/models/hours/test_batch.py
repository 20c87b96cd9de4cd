"""Delivered hours in a batch: the rules of one entry, all or none, history as one by one."""

import datetime as dt
from decimal import Decimal

import pytest

from models import DeliveredHours, HistoryEntry
from models.core.errors import NotPermitted, ValidationError
from models.core.records import create_record
from models.hours.batch import BatchRefused, record_delivered_hours
from seed.factories import NOW, make_participation, make_user

DAY = dt.date(2025, 3, 1)


def _entry(participation, start=DAY, days=0, hours="2.3"):
    return DeliveredHours(participation=participation, period_start=start,
                          period_end=start + dt.timedelta(days=days), hours=Decimal(hours))


@pytest.fixture
def participation(staff, project):
    return make_participation(project=project, actor=staff)


def test_the_history_is_the_same_as_one_by_one(staff, participation):
    one = create_record(_entry(participation), staff, NOW)
    [batched] = record_delivered_hours([_entry(participation, DAY + dt.timedelta(days=1))],
                                       staff, NOW)
    entries = {e.record_id: e for e in HistoryEntry.select().where(
        HistoryEntry.relation == "delivered_hours")}
    single, batch = entries[one.id], entries[batched.id]
    assert batch.participation_id == single.participation_id == participation.id
    assert set(batch.changes) == set(single.changes)
    assert batch.changes["hours"] == single.changes["hours"] == [None, "2.25"]
    assert batch.record_label.endswith(f"#{batched.id}")


@pytest.mark.parametrize("make_rows, index, error", [
    (lambda p: [_entry(p), _entry(p, days=-1)], 1, ValidationError),
    (lambda p: [_entry(p), _entry(p, days=3)], 1, ValidationError),
    (lambda p: [_entry(p, hours="-1")], 0, ValidationError),
])
def test_a_refused_entry_stores_none(staff, participation, make_rows, index, error):
    with pytest.raises(BatchRefused) as refused:
        record_delivered_hours(make_rows(participation), staff, NOW)
    assert set(refused.value.errors) == {index}
    assert isinstance(refused.value.errors[index], error)
    assert DeliveredHours.select().count() == 0


def test_an_overlap_with_a_stored_entry_is_refused(staff, participation):
    create_record(_entry(participation, days=5), staff, NOW)
    with pytest.raises(BatchRefused) as refused:
        record_delivered_hours([_entry(participation, DAY + dt.timedelta(days=6)),
                                _entry(participation, DAY + dt.timedelta(days=2))], staff, NOW)
    assert set(refused.value.errors) == {1}
    assert DeliveredHours.select().count() == 1


def test_only_the_project_records(participation, clerk):
    with pytest.raises(BatchRefused) as refused:
        record_delivered_hours([_entry(participation)], clerk, NOW)
    assert isinstance(refused.value.errors[0], NotPermitted)


def test_staff_of_another_project_may_not(participation, other_project):
    stranger = make_user(role="staff_write", projects=[other_project])
    with pytest.raises(BatchRefused):
        record_delivered_hours([_entry(participation)], stranger, NOW)
    assert DeliveredHours.select().count() == 0
