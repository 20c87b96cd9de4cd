"""The one clock. Domain functions take `now` (or `today`) as an argument; the few places
that cannot be handed one (record defaults, the scoping of lists) ask this module, whose
source the application sets at start (the wall clock) and tests may replace."""

import datetime as dt
from collections.abc import Callable

_source: list[Callable[[], dt.datetime]] = []


def use(source: Callable[[], dt.datetime]) -> None:
    """Make `source` the clock (the app passes the wall clock, tests a fixed time)."""
    _source[:] = [source]


def now() -> dt.datetime:
    """The current time to the second, from the clock set with `use`."""
    if not _source:
        raise RuntimeError("models.core.clock: no clock set (the app sets one at start)")
    return _source[0]().replace(microsecond=0)


def today() -> dt.date:
    """The current date, from the same clock."""
    return now().date()


def is_set() -> bool:
    """True once a clock has been set."""
    return bool(_source)
