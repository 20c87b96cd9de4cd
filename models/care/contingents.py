"""Yearly contingents against the linear pace, and the marks of the client list (003)."""


import calendar
import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from models.care.balances import (
    Approval,
    Rules,
    counted_between,
    current_approval,
)
from models.core.labels import LabelledEnum
from models.core.text import N_
from models.hours.arithmetic import (
    round_cent,
)

# -- yearly contingents (003, "Jahres-Stundenpauschale") -------------------------------------


class Colour(LabelledEnum):
    """Contingent state; always shown with its label, never as colour alone."""

    BLUE = "blue", N_("within the contingent at the current pace")
    ORANGE = "orange", N_("at the current pace the contingent will be exceeded by year end")
    RED = "red", N_("contingent exceeded")




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
