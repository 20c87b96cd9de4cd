"""List filters that accept German dates (dd.mm.yyyy) and ranges 'dd.mm.yyyy - dd.mm.yyyy'."""

import re

from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.peewee import filters as pf
from peewee import DateTimeField, fn

from views.core.formatting import parse_german_date

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


class GermanFilterConverter(pf.FilterConverter):
    """Flask-Admin's converter with German date filters, also for timestamps."""

    date_filters = (DateEqual, DateNotEqual, DateGreater, DateSmaller, DateBetween,
                    DateNotBetween, pf.FilterEmpty)
    datetime_filters = date_filters
