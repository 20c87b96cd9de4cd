"""Balances and contingents of ambulatory care (DOMAIN E, 003), free of Flask and the database.

Billing rules, approvals and activities come in as plain values; balances, month statements,
contingent colours and client marks come out.
"""

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from models.core.labels import LabelledEnum
from models.core.text import N_
from models.hours.arithmetic import (
    DAYS_PER_WEEK,
    MONTH_LCM,
    days_between,
    month_bounds,
    months_in,
    overlap,
    quarter_bounds,
    round_cent,
)

# -- weboffice: billing rules, approvals, activities (003) ----------------------------------


class Balancing(LabelledEnum):
    """The balancing period (Ausgleichszeitraum) of a funding body."""

    APPROVAL = "approval", N_("approval period")
    MONTH = "month", N_("month")
    QUARTER = "quarter", N_("quarter")
    YEAR = "year", N_("calendar year")


class Basis(LabelledEnum):
    """Whether approved hours are given per week or per month."""

    WEEK = "week", N_("hours per week")
    MONTH = "month", N_("hours per month")


class GroupRule(LabelledEnum):
    """How the time of a group offer counts for each participant."""

    DIVIDED = "divided", N_("time divided by the participants")
    FULL = "full", N_("full time for every participant")


class Level(LabelledEnum):
    """The level of an activity; each has its own yearly contingent."""

    SOCIO = "socio", N_("socio-pedagogical")
    LOW = "low", N_("low-threshold")


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
