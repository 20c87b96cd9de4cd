"""Working days (Monday to Friday without the public holidays of the project's federal state),
from the `holidays` library (004 §1.2: data within 5 working days)."""

import datetime as dt
import functools

import holidays

from models.core.regions import parse_region

# The default federal state: (country, subdivision) as the `holidays` library names them.
# Vienna ("AT", "9") unless the application sets another one (setting HOLIDAY_REGION).
DEFAULT_REGION = ("AT", "9")
_region: list = [DEFAULT_REGION]


def use_region(country: str, subdivision: str | None) -> None:
    """Make (country, subdivision) the default federal state whose holidays count."""
    _region[:] = [(country, subdivision)]


def region() -> tuple:
    """The default federal state: that of projects which name none."""
    return _region[0]


def project_region(project) -> tuple:
    """The federal state of `project` (its holiday region), else the default."""
    code = getattr(project, "holiday_region", None)
    return parse_region(code) if code else region()


@functools.lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str | None, year: int):
    return holidays.country_holidays(country, subdiv=subdivision, years=year)


def is_working_day(day: dt.date, where: tuple | None = None) -> bool:
    """True for Monday to Friday that is no public holiday in `where` (default: region())."""
    country, subdivision = where or region()
    return day.weekday() < 5 and day not in _holidays(country, subdivision, day.year)


def working_days_between(start: dt.date, end: dt.date, where: tuple | None = None) -> int:
    """The working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day, where)
    return count


def next_working_day(day: dt.date, where: tuple | None = None) -> dt.date:
    """`day` itself when it is a working day, else the next one."""
    while not is_working_day(day, where):
        day += dt.timedelta(days=1)
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus `months` calendar months, on the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)
