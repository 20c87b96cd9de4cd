"""The start page's figures (issue 15): approved against delivered hours per month, requests
by status, contingent use per level against the linear pace. Each is aggregated in SQL over the
rows the user sees (models.core.access.visible), a constant number of queries whatever the
number of rows, and holds no personal data: statistics readers get the same figures."""

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from peewee import fn

from models.care.figures import ContingentFigure, contingents
from models.care.models import CareCase
from models.core.access import visible
from models.hours.arithmetic import approved_hours_in_period, month_bounds, prorated_delivered
from models.hours.models import DeliveredHours
from models.requests.models import VALID_FOR_HOURS, AssistanceRequest, Status

MONTHS = 12
ZERO = Decimal("0.00")


class MonthHours(NamedTuple):
    """Approved and delivered hours of one calendar month."""

    month: dt.date
    approved: Decimal
    delivered: Decimal


def last_months(today: dt.date, months: int = MONTHS) -> list[dt.date]:
    """The first days of the `months` calendar months up to the month of `today`, oldest
    first."""
    firsts = [today.replace(day=1)]
    while len(firsts) < months:
        firsts.append((firsts[-1] - dt.timedelta(days=1)).replace(day=1))
    return firsts[::-1]


def hours_per_month(user, today: dt.date, months: int = MONTHS) -> list[MonthHours]:
    """Approved against delivered hours in each of the last `months` months (the current one
    whole) of the requests and entries `user` sees: approved hours of approved and ended
    requests day by day (001 §6), delivered hours of each entry pro-rated by its days in the
    month (001 §8.2). Two queries: rows alike are counted in SQL, so each shape of request or
    entry is computed once, exactly as its single rows would be."""
    firsts = last_months(today, months)
    first, last = firsts[0], month_bounds(firsts[-1])[1]
    request_shapes = visible(AssistanceRequest, user, (
        AssistanceRequest
        .select(AssistanceRequest.hours_per_week, AssistanceRequest.approval_start,
                AssistanceRequest.actual_end, fn.COUNT(AssistanceRequest.id))
        .where(AssistanceRequest.status.in_(sorted(VALID_FOR_HOURS))
               & (AssistanceRequest.approval_start <= last)
               & (AssistanceRequest.actual_end.is_null()
                  | (AssistanceRequest.actual_end >= first)))
        .group_by(AssistanceRequest.hours_per_week, AssistanceRequest.approval_start,
                  AssistanceRequest.actual_end)), today=today).tuples()
    entry_shapes = visible(DeliveredHours, user, (
        DeliveredHours
        .select(DeliveredHours.hours, DeliveredHours.period_start, DeliveredHours.period_end,
                fn.COUNT(DeliveredHours.id))
        .where((DeliveredHours.period_start <= last) & (DeliveredHours.period_end >= first))
        .group_by(DeliveredHours.hours, DeliveredHours.period_start,
                  DeliveredHours.period_end)), today=today).tuples()
    approved = dict.fromkeys(firsts, ZERO)
    delivered = dict.fromkeys(firsts, ZERO)
    bounds = [month_bounds(month) for month in firsts]
    for hours, start, end, count in request_shapes:
        hours, start, end = Decimal(str(hours)), _date(start), _date(end)
        for month_first, month_last in _touched(bounds, start, end):
            approved[month_first] += count * approved_hours_in_period(
                hours, start, end, month_first, month_last)
    for hours, start, end, count in entry_shapes:
        hours, start, end = Decimal(str(hours)), _date(start), _date(end)
        for month_first, month_last in _touched(bounds, start, end):
            delivered[month_first] += count * prorated_delivered(
                hours, start, end, month_first, month_last)
    return [MonthHours(month, approved[month], delivered[month]) for month in firsts]


def _touched(bounds, start: dt.date, end: dt.date | None):
    """The (first, last day) of the months in `bounds` that [start, end] touches (open end:
    runs on); the others would add nothing, and the arithmetic is the page's cost."""
    return [(first, last) for first, last in bounds
            if start <= last and (end is None or end >= first)]


def requests_by_status(user, today: dt.date) -> list[tuple[Status, int]]:
    """(status, number of requests `user` sees in it) for every status, in workflow order."""
    counted = dict(visible(AssistanceRequest, user, (
        AssistanceRequest.select(AssistanceRequest.status, fn.COUNT(AssistanceRequest.id))
        .group_by(AssistanceRequest.status)), today=today).tuples())
    return [(status, counted.get(status.value, 0)) for status in Status]


def contingent_use(user, today: dt.date) -> list[ContingentFigure]:
    """The yearly contingents of the projects and funding bodies of the care cases `user`
    sees: hours used this year per level against the linear pace and the contingent (003)."""
    return contingents(visible(CareCase, user, CareCase.select(CareCase.id), today=today), today)


def _date(value):
    """A date column's value as a date (SQLite hands back text in grouped selects)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
