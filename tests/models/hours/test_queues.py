"""Delivered hours missing for last month: an approved request counts hours in it and no
entry of the participation touches it."""

import datetime as dt

import pytest

from models import Participation
from models.hours.queues import hours_missing, last_month
from seed.factories import make_delivered_hours, make_participation, make_request

TODAY = dt.date(2026, 11, 29)  # last month: 1.–31. October 2026
OCT = dt.date(2026, 10, 1)


@pytest.mark.parametrize(("today", "month"), [
    (TODAY, (OCT, dt.date(2026, 10, 31))),
    (dt.date(2026, 1, 1), (dt.date(2025, 12, 1), dt.date(2025, 12, 31))),
    (dt.date(2024, 3, 31), (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
])
def test_last_month_is_the_calendar_month_before(today, month):
    assert last_month(today) == month


@pytest.mark.parametrize(("status", "start", "actual_end", "entry", "missing"), [
    ("approved", dt.date(2026, 1, 1), None, None, True),
    ("approved", dt.date(2026, 10, 31), None, None, True),           # starts on the last day
    ("approved", dt.date(2026, 11, 1), None, None, False),           # starts after it
    ("ended", dt.date(2026, 1, 1), dt.date(2026, 10, 1), None, True),  # ends on the first day
    ("ended", dt.date(2026, 1, 1), dt.date(2026, 9, 30), None, False),  # ended before it
    ("submitted", dt.date(2026, 1, 1), None, None, False),           # not approved
    ("rejected", dt.date(2026, 1, 1), None, None, False),
    ("approved", dt.date(2026, 1, 1), None, (OCT, dt.date(2026, 10, 31)), False),
    ("approved", dt.date(2026, 1, 1), None, (dt.date(2026, 7, 1), dt.date(2026, 10, 5)), False),
    ("approved", dt.date(2026, 1, 1), None, (dt.date(2026, 9, 1), dt.date(2026, 9, 30)), True),
    ("approved", dt.date(2026, 1, 1), None, (dt.date(2026, 11, 1), dt.date(2026, 11, 5)), True),
])
def test_hours_are_missing_where_an_approval_counts_and_no_entry_touches_the_month(
        app, status, start, actual_end, entry, missing):
    participation = make_participation()
    make_request(participation, status=status, approval_start=start, actual_end=actual_end)
    if entry:
        make_delivered_hours(participation, period_start=entry[0], period_end=entry[1])
    queued = Participation.select().where(
        hours_missing(TODAY) & (Participation.id == participation.id)).exists()
    assert queued is missing
