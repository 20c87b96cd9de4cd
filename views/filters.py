"""List filters that accept German dates (dd.mm.yyyy) and ranges 'dd.mm.yyyy - dd.mm.yyyy'."""

import re

from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.peewee import filters as pf
from peewee import DateTimeField, fn

from .formatting import parse_german_date
from .params import INT64, parse_decimal, parse_int

RANGE_SEPARATOR = re.compile(r"\s+(?:-|bis|to)\s+")


class _GermanDate(pf.BasePeeweeFilter):
    """Plain text input instead of the ISO date picker; German parsing; timestamps by day."""

    def clean(self, value):
        return parse_german_date(value)

    def day(self):
        """The filtered column as a date (timestamps reduced to their day)."""
        if isinstance(self.column, DateTimeField):
            return fn.DATE(self.column)
        return self.column


class _GermanDateRange(_GermanDate):
    def clean(self, value):
        parts = RANGE_SEPARATOR.split(value.strip())
        if len(parts) != 2:
            raise ValueError(value)
        return [parse_german_date(part) for part in parts]

    def validate(self, value):
        try:
            start, end = self.clean(value)
        except ValueError:
            return False
        return start <= end


class DateEqual(_GermanDate):
    def apply(self, query, value):
        return query.where(self.day() == value)

    def operation(self):
        return admin_lazy_gettext("equals")


class DateNotEqual(_GermanDate):
    def apply(self, query, value):
        return query.where(self.day() != value)

    def operation(self):
        return admin_lazy_gettext("not equal")


class DateGreater(_GermanDate):
    def apply(self, query, value):
        return query.where(self.day() > value)

    def operation(self):
        return admin_lazy_gettext("greater than")


class DateSmaller(_GermanDate):
    def apply(self, query, value):
        return query.where(self.day() < value)

    def operation(self):
        return admin_lazy_gettext("smaller than")


class DateBetween(_GermanDateRange):
    def apply(self, query, value):
        return query.where(self.day().between(*value))

    def operation(self):
        return admin_lazy_gettext("between")


class DateNotBetween(_GermanDateRange):
    def apply(self, query, value):
        return query.where(~self.day().between(*value))

    def operation(self):
        return admin_lazy_gettext("not between")


# -- numbers: parsed by views/params.py (ASCII digits, in range, German decimal comma) ------


def _whole(value):
    number = parse_int(value, None, *INT64)
    if number is None:
        raise ValueError(value)
    return number


def _decimal(value):
    number = parse_decimal(value)
    if number is None:
        raise ValueError(value)
    return number


class _Whole:
    def clean(self, value):
        return _whole(value)


class _Decimal:
    def clean(self, value):
        return _decimal(value)


class _WholeList:
    def clean(self, value):
        return [_whole(v) for v in value.split(",") if v.strip()]


class _DecimalList:
    def clean(self, value):
        # '1,5' is one decimal for a German; lists of decimals are separated by ';'.
        return [_decimal(v) for v in value.split(";") if v.strip()]


def _numbers(kinds, equal, not_equal, greater, smaller, in_list, not_in_list):
    one, many = kinds
    return tuple(type(base.__name__, (mixin, base), {}) for mixin, base in (
        (one, equal), (one, not_equal), (one, greater), (one, smaller))) + (pf.FilterEmpty,) \
        + tuple(type(base.__name__, (many, base), {}) for base in (in_list, not_in_list))


class GermanFilterConverter(pf.FilterConverter):
    """Flask-Admin's converter with German date filters, also for timestamps, and numbers
    that are parsed in one place (no 500 for '²', 2**64 or NaN; '12,5' is twelve and a half)."""

    date_filters = (DateEqual, DateNotEqual, DateGreater, DateSmaller, DateBetween,
                    DateNotBetween, pf.FilterEmpty)
    datetime_filters = date_filters
    int_filters = _numbers((_Whole, _WholeList), pf.FilterEqual, pf.FilterNotEqual,
                           pf.FilterGreater, pf.FilterSmaller, pf.FilterInList,
                           pf.FilterNotInList)
    float_filters = _numbers((_Decimal, _DecimalList), pf.FilterEqual, pf.FilterNotEqual,
                             pf.FilterGreater, pf.FilterSmaller, pf.FilterInList,
                             pf.FilterNotInList)
