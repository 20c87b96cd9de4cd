"""The wall clock the application hands to the domain's one clock (models.core.clock)."""

import datetime as dt

from models.core import clock


def wall_clock() -> dt.datetime:
    """Local time now; the panel records and shows local times."""
    return dt.datetime.now()


def init_clock() -> None:
    """Make the wall clock the domain's clock, unless something (a test) set one already."""
    if not clock.is_set():
        clock.use(wall_clock)
