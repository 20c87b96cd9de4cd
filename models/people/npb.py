"""Non-personal facts derived from a person's personal data (DOMAIN A, K): the birth year of
the birth date and the citizenship category of the nationality. They are what the statistics
role reads, filters and exports instead of the personal fields."""

import datetime as dt

from models.core.text import N_
from models.people.catalogues import DOMESTIC_COUNTRIES, EU_COUNTRIES

CITIZENSHIP_CATEGORIES = (
    ("domestic", N_("Austria or Germany")),
    ("eu", N_("another EU country")),
    ("other", N_("another country or unknown")),
)
# Birth years a filter accepts (birth dates lie between 1900 and today).
FIRST_YEAR, LAST_YEAR = 1900, 2100


def birth_years(birth_date, first: int | None = None, last: int | None = None):
    """Condition: `birth_date` (a date column) lies in the years `first`..`last` (either may be
    open). A range of dates, so that an index on the column serves it."""
    condition = birth_date.is_null(False)
    if first is not None:
        condition &= birth_date >= dt.date(first, 1, 1)
    if last is not None:
        condition &= birth_date < dt.date(last + 1, 1, 1)
    return condition


def citizenship_is(nationality, category: str):
    """Condition: the country code column `nationality` falls in the citizenship category
    (see models.catalogues.citizenship_category)."""
    domestic = sorted(DOMESTIC_COUNTRIES)
    eu = sorted(EU_COUNTRIES - set(DOMESTIC_COUNTRIES))
    if category == "domestic":
        return nationality.in_(domestic)
    if category == "eu":
        return nationality.in_(eu)
    return nationality.is_null() | nationality.not_in(domestic + eu)
