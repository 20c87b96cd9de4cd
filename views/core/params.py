"""Ids and numbers from requests, parsed in one place.

Every id, page number, column index and typed number that a view takes from a URL or a form
goes through these functions. They accept ASCII digits only (`str.isdigit()` also accepts '²'
and '١٢', which `int()` then refuses or reads differently), refuse values beyond what the
databases store (SQLite raises OverflowError above 2**63 - 1; PostgreSQL's `integer` ends at
2**31 - 1), and refuse NaN and infinities. A bad value is None (or the default): the view
answers 404, ignores the argument, or puts a German message next to the field.
"""

import decimal
import re

from flask import abort, request
from werkzeug.exceptions import BadRequest

# The largest id any of our tables holds (BIGINT / SQLite INTEGER).
MAX_ID = 2**63 - 1
# Columns declared IntegerField are 32 bits on PostgreSQL.
INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DIGITS = re.compile(r"[0-9]+")
# Longer digit strings are refused before int() sees them (int() of a huge string is slow).
_MAX_DIGITS = 20


def parse_id(value) -> int | None:
    """A record id from a URL or form (ASCII digits, 1 … 2**63 - 1), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > _MAX_DIGITS or not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def id_or_404(value) -> int:
    """A record id, or the request ends with 404 (an id that cannot exist is not found)."""
    number = parse_id(value)
    if number is None:
        abort(404)
    return number


def parse_ids(values) -> list[int]:
    """The valid ids among `values`, in order, without duplicates; bad ones are dropped."""
    seen: dict[int, None] = {}
    for value in values or ():
        number = parse_id(value)
        if number is not None:
            seen.setdefault(number, None)
    return list(seen)


def parse_int(value, default=None, minimum=INT64[0], maximum=INT64[1]):
    """A whole number (ASCII digits, optional sign) within [minimum, maximum], or `default`."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    else:
        text = value.strip() if isinstance(value, str) else ""
        if not text or len(text) > _MAX_DIGITS + 1 or not _INTEGER.fullmatch(text):
            return default
        number = int(text)
    return number if minimum <= number <= maximum else default


def arg_int(name, default=None, minimum=INT64[0], maximum=INT64[1]):
    """`parse_int` of a query argument of the current request."""
    return parse_int(request.args.get(name), default, minimum, maximum)


def parse_decimal(text, max_digits: int | None = None, places: int | None = None):
    """A finite decimal typed as '12,25', '1.000,5' or '12.25' (None when it is not one, is
    NaN or infinite, or has more digits before the point than `max_digits - places` allow)."""
    if not isinstance(text, str):
        return None
    value = text.strip().replace(" ", "")
    if not value or len(value) > 40:
        return None
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    if not re.fullmatch(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", value):
        return None
    try:
        number = decimal.Decimal(value)
    except decimal.InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if max_digits is not None:
        whole = max_digits - (places or 0)
        if abs(number) >= decimal.Decimal(10) ** whole:
            return None
    return number


def refuse_nul_characters() -> None:
    """Before every request: a NUL character in an argument or form value is refused with
    400 (PostgreSQL cannot store or compare it; no one types it)."""
    for source in (request.args, request.form):
        for key, value in source.items(multi=True):
            if "\x00" in key or "\x00" in value:
                raise BadRequest()


def choice_number(value):
    """`coerce` of a select field of numbers: '' and 'None' are None, a bad value raises
    ValueError (WTForms shows its German 'not a valid choice' next to the field)."""
    if value in ("", None, "None"):
        return None
    number = parse_int(value, None, *INT32)
    if number is None:
        raise ValueError(value)
    return number
