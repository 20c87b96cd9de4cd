"""Hours arithmetic, free of Flask and of the database (DOMAIN parts D and E, 001 §6, §8.2, 003).

Everything here takes plain values (dates, Decimals, tuples) and returns Decimals or small
records, so that lists, pages and exports compute the same figures the same way.
"""

import calendar
import datetime as dt
import enum
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from .text import N_

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


# -- weboffice: billing rules, approvals, activities (003) ----------------------------------


class Balancing(enum.StrEnum):
    """The balancing period (Ausgleichszeitraum) of a funding body."""

    APPROVAL = "approval"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Basis(enum.StrEnum):
    """Whether approved hours are given per week or per month."""

    WEEK = "week"
    MONTH = "month"


class GroupRule(enum.StrEnum):
    """How the time of a group offer counts for each participant."""

    DIVIDED = "divided"
    FULL = "full"


class Level(enum.StrEnum):
    """The level of an activity; each has its own yearly contingent."""

    SOCIO = "socio"
    LOW = "low"


@dataclass(frozen=True, eq=False)
class Rules:
    """A funding body's billing rules as plain values (percentages 0–100).

    Compared and hashed by identity, so that weights can be cached per rule set."""

    balancing: Balancing = Balancing.APPROVAL
    basis: Basis = Basis.WEEK
    weeks_per_month: Decimal | None = None
    indirect_share: Decimal = Decimal(100)
    absence_share: Decimal = Decimal(0)
    absence_cap: Decimal | None = None
    group_rule: GroupRule = GroupRule.DIVIDED
    contingents: dict = field(default_factory=dict)


class Approval(NamedTuple):
    """One approval period of a case; `hours` per week or per month as the rules say."""

    start: dt.date
    end: dt.date
    hours: Decimal | None
    extension_requested_on: dt.date | None = None


class Work(NamedTuple):
    """One activity (or several of one day with the same properties, minutes summed)."""

    day: dt.date
    minutes: int
    indirect: bool = False
    absence: bool = False
    group_size: int = 1
    level: str = Level.SOCIO


def _hours_per_month(rules: Rules, hours) -> Fraction | None:
    """Approved hours of a whole month, or None where hours accrue per day."""
    value = Fraction(Decimal(str(hours)))
    if rules.basis == Basis.MONTH:
        return value
    if rules.weeks_per_month:
        return value * Fraction(Decimal(str(rules.weeks_per_month)))
    return None


def _approved_exact(rules: Rules, approvals, start: dt.date, end: dt.date) -> Fraction:
    total = Fraction(0)
    for approval in approvals:
        common = overlap(approval.start, approval.end, start, end)
        if common is None or approval.hours is None:
            continue
        per_month = _hours_per_month(rules, approval.hours)
        if per_month is None:
            total += Fraction(Decimal(str(approval.hours))) * days_between(*common) / DAYS_PER_WEEK
            continue
        # Σ days ÷ month length in whole numbers over a common denominator, divided once.
        share = sum(days_between(first, last) * (MONTH_LCM // month_days)
                    for first, last, month_days in months_in(*common))
        total += per_month * Fraction(share, MONTH_LCM)
    return total


def approved_between(rules: Rules, approvals, start: dt.date, end: dt.date) -> Decimal:
    """Approved hours of [start, end] under the rules; a partial month counts by its days.

    Weekly hours become monthly hours × weeks per month where the rules give that factor,
    else they accrue per day (hours ÷ 7)."""
    return round_cent(_approved_exact(rules, approvals, start, end))


@functools.lru_cache(maxsize=256)
def _share(percent) -> Fraction:
    return Fraction(Decimal(str(percent))) / 100


@functools.lru_cache(maxsize=4096)
def _weight(rules: Rules, absence: bool, indirect: bool, group_size: int) -> Fraction:
    """Hours per minute for activities of these properties under the rules."""
    weight = Fraction(1, 60)
    if group_size > 1 and rules.group_rule == GroupRule.DIVIDED:
        weight /= group_size
    if absence:
        return weight * _share(rules.absence_share)
    if indirect:
        return weight * _share(rules.indirect_share)
    return weight


def counted_hours(work: Work, rules: Rules) -> Fraction:
    """The hours one activity counts for: group share, then absence or indirect share."""
    return work.minutes * _weight(rules, work.absence, work.indirect, work.group_size)


def _approved_ranges(approvals, start, end):
    """The parts of [start, end] approvals cover; None when they cover all of it."""
    ranges = [r for r in (overlap(a.start, a.end, start, end) for a in approvals) if r]
    if ranges == [(start, end)]:
        return None
    return ranges


def _minutes_by_kind(works, start, end, approvals=None, level=None) -> dict[tuple, int]:
    """Minutes of [start, end] summed as integers per kind of weight (absence, indirect, group
    size; absences also per month, for their cap): weighed afterwards once per kind, exact and
    fast for a year of activities. With `approvals`, only days they cover count."""
    ranges = None if approvals is None else _approved_ranges(approvals, start, end)
    minutes: dict[tuple, int] = {}
    for work in works:
        day = work.day
        if not start <= day <= end:
            continue
        if ranges is not None and not any(first <= day <= last for first, last in ranges):
            continue
        if level is not None and work.level != level:
            continue
        month = (day.year, day.month) if work.absence else None
        key = (work.absence, work.indirect, work.group_size, month)
        minutes[key] = minutes.get(key, 0) + work.minutes
    return minutes


def _weigh(rules, minutes: dict[tuple, int], kind=None) -> Fraction:
    """Counted hours of minutes by kind; `kind` 'direct', 'indirect' or 'absence' picks one."""
    regular = Fraction(0)
    absences: dict[tuple[int, int], Fraction] = {}
    for (absence, indirect, group_size, month), total in minutes.items():
        this_kind = "absence" if absence else "indirect" if indirect else "direct"
        if kind is not None and kind != this_kind:
            continue
        hours = total * _weight(rules, absence, indirect, group_size)
        if absence:
            absences[month] = absences.get(month, Fraction(0)) + hours
        else:
            regular += hours
    if rules.absence_cap is not None:
        cap = Fraction(Decimal(str(rules.absence_cap)))
        return regular + sum((min(value, cap) for value in absences.values()), Fraction(0))
    return regular + sum(absences.values(), Fraction(0))


def _counted_exact(rules, works, start, end, approvals=None, level=None) -> Fraction:
    return _weigh(rules, _minutes_by_kind(works, start, end, approvals, level))


def counted_between(rules: Rules, works, start: dt.date, end: dt.date, approvals=None,
                    level=None) -> Decimal:
    """Hours the activities of [start, end] count for under the rules (absences capped per month).

    With `approvals`, only activities on approved days count: work outside an approval is not
    billed, and after an approval ends nothing changes its balance any more."""
    return round_cent(_counted_exact(rules, works, start, end, approvals, level))


def current_approval(approvals, today: dt.date) -> Approval | None:
    """The approval running today, else the latest one that has ended; None otherwise."""
    running = [a for a in approvals if a.start <= today <= a.end]
    if running:
        return running[0]
    ended = [a for a in approvals if a.end < today]
    return max(ended, key=lambda a: a.end) if ended else None


def balancing_window(rules: Rules, approval: Approval, day: dt.date) -> tuple[dt.date, dt.date]:
    """The balancing period that contains `day` (the approval itself, or a calendar period)."""
    if rules.balancing == Balancing.APPROVAL:
        return approval.start, approval.end
    if rules.balancing == Balancing.MONTH:
        return month_bounds(day)
    if rules.balancing == Balancing.QUARTER:
        return quarter_bounds(day)
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)


@dataclass(frozen=True)
class Balances:
    """The two balances of 003 (approved minus delivered; positive = hours still open)."""

    window_start: dt.date
    window_end: dt.date
    month_end: dt.date
    approved_to_month_end: Decimal
    approved_in_window: Decimal
    delivered: Decimal
    frozen_on: dt.date | None = None

    @property
    def frozen(self) -> bool:
        """True after the approval ended: the balances stay as they were on its last day."""
        return self.frozen_on is not None

    @property
    def to_month_end(self) -> Decimal:
        """Balance up to the end of the current month."""
        return self.approved_to_month_end - self.delivered

    @property
    def to_window_end(self) -> Decimal:
        """Balance up to the end of the balancing period."""
        return self.approved_in_window - self.delivered


def balances(rules: Rules, approvals, works, today: dt.date) -> Balances | None:
    """Both balances as of today, or frozen at the end of an expired approval.

    None when there is no current or past approval with hours (nothing to balance)."""
    approval = current_approval(approvals, today)
    if approval is None or approval.hours is None:
        return None
    frozen = approval.end < today
    day = approval.end if frozen else today
    start, end = balancing_window(rules, approval, day)
    month_end = min(month_bounds(day)[1], end)
    last_counted = day if frozen else end
    return Balances(
        window_start=start, window_end=end, month_end=month_end,
        approved_to_month_end=approved_between(rules, approvals, start, month_end),
        approved_in_window=approved_between(rules, approvals, start, end),
        delivered=counted_between(rules, works, start, last_counted, approvals),
        frozen_on=approval.end if frozen else None,
    )


@dataclass(frozen=True)
class MonthStatement:
    """The figures of one client's proof of service for one month (nothing left to fill in)."""

    month_start: dt.date
    month_end: dt.date
    approved: Decimal
    worked: Decimal
    direct: Decimal
    indirect: Decimal
    absences: Decimal
    counted: Decimal
    window_start: dt.date | None = None
    window_end: dt.date | None = None
    carry_over: Decimal = Decimal("0.00")
    approved_in_window: Decimal = Decimal("0.00")
    counted_in_window: Decimal = Decimal("0.00")
    # The parts of the month that belong to the balancing period.
    approved_in_month_window: Decimal = Decimal("0.00")
    counted_in_month_window: Decimal = Decimal("0.00")

    @property
    def balance_month_end(self) -> Decimal:
        """Carry-over plus this month's approved minus counted hours of the balancing period."""
        return self.carry_over + self.approved_in_month_window - self.counted_in_month_window

    @property
    def remaining_in_window(self) -> Decimal:
        """Approved hours of the whole balancing period not yet delivered by the month's end."""
        return self.approved_in_window - self.counted_in_window


def statement_window(rules: Rules, approvals, month: dt.date) -> tuple[dt.date, dt.date] | None:
    """The balancing period a month's proof of service reports on (that of the month's last
    approval), or None when no approval touches the month."""
    first, last = month_bounds(month)
    touching = [a for a in approvals if a.start <= last and a.end >= first]
    if not touching:
        return None
    approval = max(touching, key=lambda a: a.end)
    return balancing_window(rules, approval, min(last, approval.end))


def month_statement(rules: Rules, approvals, works, month: dt.date,
                    hour_based: bool = True) -> MonthStatement:
    """A client's month: approved and counted hours by kind, carry-over and balancing period.

    Where the case is billed by approved hours (`hour_based`), only work on approved days
    counts; a case billed by a contingent, or not by hours, has no approval to restrict its
    work: all of it counts under the rules."""
    first, last = month_bounds(month)
    billed = approvals if hour_based else None
    in_month = [w for w in works if first <= w.day <= last]
    minutes = _minutes_by_kind(in_month, first, last, billed)
    figures = {
        "approved": approved_between(rules, approvals, first, last),
        "worked": round_cent(Fraction(sum(w.minutes for w in in_month), 60)),
        "direct": round_cent(_weigh(rules, minutes, "direct")),
        "indirect": round_cent(_weigh(rules, minutes, "indirect")),
        "absences": round_cent(_weigh(rules, minutes, "absence")),
        "counted": round_cent(_weigh(rules, minutes)),
    }
    window = statement_window(rules, approvals, month)
    if window is None:
        return MonthStatement(first, last, **figures)
    start, end = window
    part_start, part_end = max(start, first), min(end, last)
    zero = Fraction(0)
    approved_part = _approved_exact(rules, approvals, part_start, part_end)
    counted_part = _counted_exact(rules, works, part_start, part_end, billed)
    approved_before = counted_before = approved_after = zero
    if start < part_start:
        before = part_start - dt.timedelta(days=1)
        approved_before = _approved_exact(rules, approvals, start, before)
        counted_before = _counted_exact(rules, works, start, before, billed)
    if part_end < end:
        approved_after = _approved_exact(rules, approvals, part_end + dt.timedelta(days=1), end)
    return MonthStatement(
        first, last, **figures, window_start=start, window_end=end,
        carry_over=round_cent(approved_before - counted_before),
        approved_in_window=round_cent(approved_before + approved_part + approved_after),
        counted_in_window=round_cent(counted_before + counted_part),
        approved_in_month_window=round_cent(approved_part),
        counted_in_month_window=round_cent(counted_part),
    )


def activity_hours(rules: Rules, works, approvals=None) -> list[Decimal]:
    """The hours each activity counts for, in the order given (a month's activities in date
    order), so that they add up to the cent to what the month counts (`month_statement`):

    with `approvals` (a case billed by approved hours) work on a day no approval covers counts
    0; absences count until the month's cap is reached; and each activity gets the cents by
    which the rounded running total grows, so that no rounding of single activities makes
    the sheet differ from the total."""
    ranges = None if approvals is None else [(a.start, a.end) for a in approvals]
    cap = None if rules.absence_cap is None else Fraction(Decimal(str(rules.absence_cap)))
    absent: dict[tuple[int, int], Fraction] = {}
    total = Fraction(0)
    shown = Decimal("0.00")
    hours = []
    for work in works:
        if ranges is not None and not any(first <= work.day <= last for first, last in ranges):
            hours.append(Decimal("0.00"))
            continue
        exact = counted_hours(work, rules)
        if work.absence and cap is not None:
            month = (work.day.year, work.day.month)
            before = absent.get(month, Fraction(0))
            absent[month] = before + exact
            exact = min(cap, before + exact) - min(cap, before)
        total += exact
        rounded = round_cent(total)
        hours.append(rounded - shown)
        shown = rounded
    return hours


# -- yearly contingents (003, "Jahres-Stundenpauschale") -------------------------------------


class Colour(enum.StrEnum):
    """Contingent state; always shown with its label, never as colour alone."""

    BLUE = "blue"
    ORANGE = "orange"
    RED = "red"


COLOUR_LABELS = {
    Colour.BLUE: N_("within the contingent at the current pace"),
    Colour.ORANGE: N_("at the current pace the contingent will be exceeded by year end"),
    Colour.RED: N_("contingent exceeded"),
}


def year_fraction(day: dt.date) -> Fraction:
    """How much of the year has passed by the end of `day`, linear by months (30.6. = ½)."""
    month_days = calendar.monthrange(day.year, day.month)[1]
    return (day.month - 1 + Fraction(day.day, month_days)) / 12


def contingent_pace(contingent, day: dt.date) -> Decimal:
    """The share of a yearly contingent that the linear pace allows by `day` (1 050 h → 525 h)."""
    return round_cent(Fraction(Decimal(str(contingent))) * year_fraction(day))


def contingent_colour(contingent, delivered, day: dt.date) -> Colour:
    """Red when exceeded, orange when the pace so far would exceed it by year end, else blue."""
    limit, done = Decimal(str(contingent)), Decimal(str(delivered))
    if done > limit:
        return Colour.RED
    if done > contingent_pace(limit, day):
        return Colour.ORANGE
    return Colour.BLUE


def contingent_used(rules: Rules, works, day: dt.date) -> dict:
    """{level: counted hours of the calendar year of `day` up to `day`} for the rules' levels."""
    start = dt.date(day.year, 1, 1)
    return {level: counted_between(rules, works, start, day, level=level)
            for level in rules.contingents}


# -- client list marks (003, "Klientenauswahl") ----------------------------------------------


class Mark(NamedTuple):
    """A client's mark: colour (None = fine), the reason (a msgid), the approval shown."""

    colour: Colour | None
    reason: str | None
    approval: Approval | None


MARK_REASONS = {
    "none": N_("no approval recorded"),
    "future": N_("approval has not started yet"),
    "expired": N_("approval expired"),
    "no_hours": N_("approval without hours"),
    "expired_no_hours": N_("approval expired and without hours"),
    "extension": N_("approval expired, extension requested"),
}


def client_mark(approvals, hour_based: bool, today: dt.date) -> Mark | None:
    """Red: no, expired or hour-less approval; blue: expired with an extension request.

    None for cases whose funding is not hour-based (no approved hours to watch)."""
    if not hour_based:
        return None
    if not approvals:
        return Mark(Colour.RED, MARK_REASONS["none"], None)
    shown = current_approval(approvals, today)
    if shown is None:
        return Mark(Colour.RED, MARK_REASONS["future"], min(approvals, key=lambda a: a.start))
    if shown.end >= today:
        if shown.hours is None:
            return Mark(Colour.RED, MARK_REASONS["no_hours"], shown)
        return Mark(None, None, shown)
    if shown.extension_requested_on is not None:
        return Mark(Colour.BLUE, MARK_REASONS["extension"], shown)
    if shown.hours is None:
        return Mark(Colour.RED, MARK_REASONS["expired_no_hours"], shown)
    return Mark(Colour.RED, MARK_REASONS["expired"], shown)
