"""The red-mark queue counts in SQL what the client list marks red (client_mark)."""

import datetime as dt
from decimal import Decimal

import pytest

from models import CareCase
from models.care.contingents import Colour, client_mark
from models.care.figures import approvals_by_case
from models.care.queues import red_marks
from seed.factories import make_approval_period, make_care_case

TODAY = dt.date(2026, 11, 29)
D = dt.timedelta


def _period(start_days, end_days, hours="5", extension=None):
    return {"start": TODAY + D(days=start_days), "end": TODAY + D(days=end_days),
            "hours": Decimal(hours) if hours else None,
            "extension_requested_on": TODAY + D(days=extension) if extension else None}


@pytest.mark.parametrize(("billing", "periods"), [
    ("approved_hours", []),                                              # none: red
    ("approved_hours", [_period(-10, 10)]),                              # running: none
    ("approved_hours", [_period(-10, 10, hours=None)]),                  # no hours: red
    ("approved_hours", [_period(10, 40)]),                               # not started: red
    ("approved_hours", [_period(-40, -10)]),                             # expired: red
    ("approved_hours", [_period(-40, -10, extension=-12)]),              # extension: blue
    ("approved_hours", [_period(-90, -50, extension=-60), _period(-40, -10)]),  # latest: red
    ("approved_hours", [_period(-90, -50), _period(-40, -10, extension=-12)]),  # blue
    ("approved_hours", [_period(-40, -10, extension=-12), _period(10, 40)]),  # blue
    ("approved_hours", [_period(-40, -10), _period(-9, 40, hours=None)]),  # running: red
    ("contingent", []),                                                  # not hour-based
])
def test_the_queue_holds_exactly_the_cases_the_client_list_marks_red(app, billing, periods):
    case = make_care_case(billing=billing)
    for period in periods:
        make_approval_period(case, **period)
    mark = client_mark(approvals_by_case([case.id])[case.id], case.hour_based, TODAY)
    queued = CareCase.select().where(red_marks(TODAY) & (CareCase.id == case.id)).exists()
    assert queued is (mark is not None and mark.colour == Colour.RED)


@pytest.mark.parametrize(("end_days", "queued"), [(None, True), (0, True), (-1, False)])
def test_a_case_that_has_ended_is_in_no_queue(app, end_days, queued):
    case = make_care_case(start=TODAY - D(days=400),
                          end=TODAY + D(days=end_days) if end_days is not None else None)
    assert CareCase.select().where(red_marks(TODAY) & (CareCase.id == case.id)).exists() \
        is queued
