"""Hours arithmetic, free of Flask and of the database (DOMAIN parts D and E, 001 §6, §8.2, 003).

Everything here takes plain values (dates, Decimals, tuples) and returns Decimals or small
records, so that lists, pages and exports compute the same figures the same way.
"""

import calendar
import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

QUARTER = Decimal("0.25")
CENT = Decimal("0.01")
HOURS_PER_DAY = 24
DAYS_PER_WEEK = 7
MONTH_LCM = 28 * 29 * 30 * 31  # a multiple of every month's length


# -- rounding and ranges --------------------------------------------------------------------


_STEPS = {QUARTER: Fraction(1, 4), CENT: Fraction(1, 100)}


def _to_decimal(value: Fraction | Decimal | int, step: Decimal) -> Decimal:
    """`value` rounded half up to a multiple of `step`, as a Decimal with step's places."""
    exact = (value if isinstance(value, Fraction) else Fraction(value)) / _STEPS[step]
    numerator, denominator = exact.numerator, exact.denominator
    units = (2 * numerator + denominator) // (2 * denominator)  # floor(exact + 1/2)
    return (Decimal(units) * step).quantize(step)


def round_quarter(value) -> Decimal:
    """`value` rounded to the nearest quarter hour (12,3 → 12,25; 12,125 → 12,25)."""
    return _to_decimal(Fraction(Decimal(str(value))), QUARTER)


def round_cent(value) -> Decimal:
    """`value` with two decimals, rounded half up."""
    return _to_decimal(Fraction(Decimal(str(value))) if not isinstance(value, Fraction)
                       else value, CENT)


def days_between(start: dt.date, end: dt.date) -> int:
    """Days of [start, end], both ends inclusive (0 when end lies before start)."""
    return max((end - start).days + 1, 0)


def overlap(a_start: dt.date, a_end: dt.date | None, b_start: dt.date,
            b_end: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The common part of two inclusive ranges (None end = open), or None when disjoint."""
    start = max(a_start, b_start)
    ends = [d for d in (a_end, b_end) if d is not None]
    end = min(ends) if ends else dt.date.max
    return (start, end) if start <= end else None


def overlap_days(a_start, a_end, b_start, b_end) -> int:
    """Days two inclusive ranges have in common; an open end (None) runs on for ever."""
    common = overlap(a_start, a_end, b_start, b_end)
    return days_between(*common) if common else 0


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the month of `day`."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def quarter_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the calendar quarter of `day`."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    return start, month_bounds(dt.date(day.year, first_month + 2, 1))[1]


def months_in(start: dt.date, end: dt.date):
    """(first, last day of the month within [start, end], days of the whole month) per month."""
    current = start
    while current <= end:
        first, last = month_bounds(current)
        yield current, min(last, end), last.day
        current = last + dt.timedelta(days=1)


def period_hours_limit(start: dt.date, end: dt.date) -> Decimal:
    """The most hours a period can hold: 24 per day."""
    return Decimal(days_between(start, end) * HOURS_PER_DAY)


# -- WABA: approved hours per request and pro-rated delivered hours (001 §6, §8.2) -----------


def approved_hours_in_period(hours_per_week, approval_start: dt.date, actual_end: dt.date | None,
                             period_start: dt.date, period_end: dt.date) -> Decimal:
    """Hours one approved request grants in a period: common days × hours per week ÷ 7.

    Both ranges are inclusive, an open `actual_end` runs on, the planned end plays no part;
    the result is rounded to quarter hours (20 h/week over 1.6.–31.12.2024 = 611,50 h)."""
    days = overlap_days(approval_start, actual_end, period_start, period_end)
    exact = Fraction(Decimal(str(hours_per_week))) * days / DAYS_PER_WEEK
    return _to_decimal(exact, QUARTER)


def approved_hours_so_far(hours_per_week, approval_start: dt.date, actual_end: dt.date | None,
                          today: dt.date) -> Decimal:
    """Hours an approved (or ended) request has granted from its start up to `today`."""
    if approval_start > today:
        return Decimal("0.00")
    last = min(actual_end, today) if actual_end else today
    return approved_hours_in_period(hours_per_week, approval_start, actual_end, approval_start,
                                    last)


class RequestHours(NamedTuple):
    """What of an approved or ended request counts for hours."""

    hours_per_week: Decimal
    approval_start: dt.date
    actual_end: dt.date | None


def approved_hours_of_requests(requests, period_start: dt.date, period_end: dt.date) -> Decimal:
    """The sum of each valid request's quarter-rounded share of a period (001 §6 table 6)."""
    total = Decimal("0.00")
    for item in requests:
        total += approved_hours_in_period(item.hours_per_week, item.approval_start,
                                          item.actual_end, period_start, period_end)
    return total.quantize(CENT)


def prorated_delivered(hours, entry_start: dt.date, entry_end: dt.date, period_start: dt.date,
                       period_end: dt.date) -> Decimal:
    """Delivered hours of an entry × (its days inside the period ÷ its days), two decimals.

    181 h entered for 1.1.–31.12.2025 give 89,76 h for 1.1.–30.6.2025 (001 §8.2 table 7)."""
    entry_days = days_between(entry_start, entry_end)
    if entry_days == 0:
        return Decimal("0.00")
    inside = overlap_days(entry_start, entry_end, period_start, period_end)
    return _to_decimal(Fraction(Decimal(str(hours))) * inside / entry_days, CENT)
