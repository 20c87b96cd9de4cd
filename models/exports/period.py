"""The observation period of a data export (DOMAIN J, 001 §8): pure functions."""

import datetime as dt


def period_bounds(period_from: dt.date | None, period_to: dt.date | None,
                  taken_on: dt.date) -> tuple[dt.date | None, dt.date]:
    """(first day or None for "since the records began", last day) of the period.

    from only = [from, taken]; to only = everything up to `to`; neither = everything up to the
    day the export is taken; both = [from, to]. A `to` in the future keeps its value, so that
    approved requests starting later are included."""
    last = period_to if period_to is not None else taken_on
    return period_from, last


def touches(start: dt.date, end: dt.date | None, first: dt.date | None, last: dt.date) -> bool:
    """True when a request running from `start` to `end` (None: open) touches [first, last]."""
    if start > last:
        return False
    return first is None or end is None or end >= first
