"""The period semantics of DOMAIN J as a pure function (no database)."""

import pytest

from models.exports.period import period_bounds, touches
from tests.models.exports.helpers import day

TAKEN = day("15.06.2025")


@pytest.mark.parametrize(("period_from", "period_to", "expected"), [
    ("01.01.2025", None, ("01.01.2025", "15.06.2025")),   # from only: [from, taken]
    (None, "31.03.2025", (None, "31.03.2025")),           # to only: everything up to `to`
    (None, None, (None, "15.06.2025")),                   # neither: everything up to taken
    ("01.01.2025", "31.12.2025", ("01.01.2025", "31.12.2025")),  # future `to` stays
])
def test_period_bounds(period_from, period_to, expected):
    first, last = period_bounds(period_from and day(period_from), period_to and day(period_to),
                                TAKEN)
    assert (first, last) == (expected[0] and day(expected[0]), day(expected[1]))


@pytest.mark.parametrize(("start", "end", "first", "last", "expected"), [
    ("01.01.2025", "31.01.2025", "01.02.2025", "28.02.2025", False),  # ended before
    ("01.01.2025", "01.02.2025", "01.02.2025", "28.02.2025", True),   # ends on the first day
    ("01.03.2025", None, "01.02.2025", "28.02.2025", False),          # starts after
    ("28.02.2025", None, "01.02.2025", "28.02.2025", True),           # starts on the last day
    ("01.01.2020", None, "01.02.2025", "28.02.2025", True),           # open end
    ("01.01.2020", "01.01.2021", None, "28.02.2025", True),           # since records began
    ("01.09.2025", None, None, "31.12.2025", True),                   # future start, future to
    ("01.09.2025", None, None, "15.06.2025", False),                  # future start, no to
])
def test_touches(start, end, first, last, expected):
    assert touches(day(start), end and day(end), first and day(first), day(last)) is expected
