"""The domain checks of delivered hours and care records, without HTTP."""

import datetime as dt
from decimal import Decimal

import pytest

from models import DeliveredHours
from models.core.errors import NotPermitted, ValidationError
from models.core.records import create_record, delete_record
from models.hours.models import aggregate_hours, attach_approved_hours
from models.participations.models import Participation
from models.requests.models import Status
from seed.factories import (
    NOW,
    make_activity,
    make_approval_period,
    make_care_case,
    make_delivered_hours,
    make_participation,
    make_project,
    make_request,
    make_user,
)


@pytest.fixture
def participation(app):
    return make_participation(project=make_project())


def test_foreign_staff_may_not_record_hours(participation):
    stranger = make_user(role="staff_write", projects=[make_project()])
    entry = DeliveredHours(participation=participation, period_start=dt.date(2025, 1, 1),
                           period_end=dt.date(2025, 1, 31), hours=Decimal(3))
    with pytest.raises(NotPermitted):
        create_record(entry, stranger, NOW)
    assert not DeliveredHours.select().exists()


def test_own_staff_may_delete_an_entry_and_the_history_keeps_it(participation):
    staff = make_user(role="staff_write", projects=[participation.project])
    entry = make_delivered_hours(participation)
    delete_record(entry, staff, NOW)
    assert not DeliveredHours.select().exists()


@pytest.mark.parametrize("hours", [Decimal("-0.25"), Decimal(32 * 24 + 1)])
def test_hours_outside_what_the_period_can_hold_are_refused(participation, hours):
    with pytest.raises(ValidationError) as caught:
        make_delivered_hours(participation, hours=hours)
    assert set(caught.value.errors) == {"hours"}


def test_approved_hours_are_read_for_many_entries_with_one_query(participation):
    from playhouse.test_utils import count_queries

    make_request(participation, status=Status.APPROVED, approval_start=dt.date(2025, 1, 1),
                 hours_per_week=Decimal(7))
    entries = [make_delivered_hours(participation, period_start=dt.date(2025, m, 1),
                                    period_end=dt.date(2025, m, 28)) for m in range(1, 7)]
    with count_queries() as counter:
        attach_approved_hours(entries)
    assert counter.count == 1
    assert {e.approved_hours for e in entries} == {Decimal(28)}


def test_aggregate_counts_only_valid_requests_touching_the_period(participation):
    make_request(participation, status=Status.ENDED, approval_start=dt.date(2024, 1, 1),
                 actual_end=dt.date(2024, 12, 31), hours_per_week=Decimal(7))
    make_request(participation, status=Status.APPROVED, approval_start=dt.date(2025, 3, 1),
                 hours_per_week=Decimal(14))
    make_request(participation, status=Status.REJECTED, approval_start=dt.date(2025, 1, 1),
                 hours_per_week=Decimal(70))
    rows = aggregate_hours(Participation.select(), dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert [(p.id, approved, delivered, count) for p, approved, delivered, count in rows] == [
        (participation.id, Decimal("62.00"), Decimal("0.00"), 1)]


def test_activities_and_approvals_belong_to_the_project(participation):
    stranger = make_user(role="staff_write", projects=[make_project()])
    case = make_care_case(participation)
    with pytest.raises(NotPermitted):
        make_activity(case, actor=stranger)
    with pytest.raises(NotPermitted):
        make_approval_period(case, actor=stranger)
