"""List filters that accept German dates (dd.mm.yyyy) and ranges 'dd.mm.yyyy - dd.mm.yyyy'."""

import re

from flask import has_request_context
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.peewee import filters as pf
from flask_admin.model import filters
from flask_babel import lazy_gettext
from peewee import DateTimeField, Value, fn

from views.core.formatting import parse_german_date
from views.core.params import INT64, parse_decimal, parse_int

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

    @filters.convert("AutoField", "BigAutoField")
    def conv_key(self, column, name):
        """The number of a row (the lists' "No." column)."""
        return [f(column, name) for f in self.int_filters]

    @filters.convert("ChoiceListField")
    def conv_choice_list(self, column, name):
        """Lists of codes are filtered by the base view (picked codes); never as text."""
        return None


# -- filters whose values are picked: choices by their German label, related records --------


class _Picked(pf.BasePeeweeFilter):
    """A filter whose value is picked from options computed per request (`options` is a
    callable): German labels of stored codes, or the records the user may see."""

    per_request = True

    def __init__(self, column, name, options):
        super().__init__(column, name, options=options)

    def get_options(self, view):
        if not has_request_context():  # at start-up: the list asks again per request
            return None
        return [(str(value), str(label)) for value, label in self.options()]

    def validate(self, value):
        return value in {code for code, _label in self.get_options(None) or ()}


class PickedEqual(_Picked):
    def apply(self, query, value):
        return query.where(self.column == self.clean(value))

    def operation(self):
        return admin_lazy_gettext("equals")


class PickedNotEqual(_Picked):
    def apply(self, query, value):
        # Rows without a value differ from the picked one too.
        return query.where((self.column != self.clean(value)) | self.column.is_null())

    def operation(self):
        return admin_lazy_gettext("not equal")


class RelatedEqual(PickedEqual):
    """A related record picked from those the user may see."""

    def clean(self, value):
        from views.core.params import parse_id

        return parse_id(value)


class RelatedNotEqual(PickedNotEqual):
    def clean(self, value):
        from views.core.params import parse_id

        return parse_id(value)


class ChoiceListContains(_Picked):
    """A field holding several codes ('a,b'): rows whose list holds the picked code."""

    def apply(self, query, value):
        framed = Value(",").concat(self.column).concat(",")
        return query.where(framed.contains(f",{value},"))

    def operation(self):
        return admin_lazy_gettext("contains")


class ChoiceListEmpty(pf.FilterEmpty):
    """'Empty' for a list of codes: none chosen (stored as '')."""

    def apply(self, query, value):
        empty = (self.column == "") | self.column.is_null()
        return query.where(empty if value == "1" else ~empty)


# -- persons: by name (folded, personal) or by Person ID -----------------------------------


class PersonNameContains(pf.BasePeeweeFilter):
    """Every typed word is part of the first or last name (case and accents ignored). Its
    column is a personal field: the statistics role never gets it."""

    def apply(self, query, value):
        from models.core.text import fold
        from models.people.models import Person

        for word in value.split():
            folded = fold(word)
            query = query.where(Person.last_name_folded.contains(folded)
                                | Person.first_name_folded.contains(folded))
        return query

    def validate(self, value):
        return bool(value.split())

    def operation(self):
        return lazy_gettext("name contains")


class PersonIdEqual(pf.BasePeeweeFilter):
    """The Person ID (pseudonym), for every role."""

    def apply(self, query, value):
        from models.people.models import Person

        return query.where(Person.pseudonym == value.strip().upper())

    def validate(self, value):
        return bool(value.strip())

    def operation(self):
        return lazy_gettext("Person ID is")


def person_filters(label):
    from models.people.models import Person

    return [PersonNameContains(Person.last_name_folded, label),
            PersonIdEqual(Person.pseudonym, label)]


# -- computed columns: values the list computes in Python (balances, marks, hours) ---------


class _Computed(pf.BasePeeweeFilter):
    """A filter on a column the view computes per row (not stored): the rows of the query so
    far are computed once, and the query keeps those whose value matches. Computed filters run
    after all others (fewer rows to compute)."""

    computed = True

    def __init__(self, view, column_name, label, options=None):
        super().__init__(view.model._meta.primary_key, label, options=options)
        self.view, self.column_name = view, column_name

    def apply(self, query, value):
        rows = list(query.clone().order_by())
        values = self.view.computed_filter_values(rows, self.column_name)
        key = self.view.model._meta.primary_key
        return query.where(key.in_([pk for pk, found in values.items()
                                    if self.matches(found, value)]))


class ComputedEqual(_Computed):
    def matches(self, found, value):
        return found is not None and found == value

    def operation(self):
        return admin_lazy_gettext("equals")


class ComputedGreater(_Computed):
    def matches(self, found, value):
        return found is not None and found > value

    def operation(self):
        return admin_lazy_gettext("greater than")


class ComputedSmaller(_Computed):
    def matches(self, found, value):
        return found is not None and found < value

    def operation(self):
        return admin_lazy_gettext("smaller than")


class ComputedBetween(_Computed):
    def clean(self, value):
        parts = RANGE_SEPARATOR.split(value.strip())
        if len(parts) != 2:
            raise ValueError(value)
        start, end = (parse_german_date(part) for part in parts)
        if start > end:
            raise ValueError(value)
        return start, end

    def matches(self, found, value):
        return found is not None and value[0] <= found <= value[1]

    def operation(self):
        return admin_lazy_gettext("between")


class ComputedContains(_Computed):
    def clean(self, value):
        return value.strip().lower()

    def matches(self, found, value):
        return found is not None and value in str(found).lower()

    def operation(self):
        return admin_lazy_gettext("contains")


class ComputedEmpty(_Computed, pf.FilterEmpty):
    def matches(self, found, value):
        return (found is None or found == "") == (value == "1")

    def operation(self):
        return admin_lazy_gettext("empty")


class ComputedPicked(ComputedEqual):
    per_request = True

    def get_options(self, view):
        if not has_request_context():
            return None
        return [(str(value), str(label)) for value, label in self.options()]

    def matches(self, found, value):
        return found is not None and str(found) == value

    def validate(self, value):
        return value in {code for code, _label in self.get_options(None) or ()}


def _typed(cls, clean):
    return type(cls.__name__, (cls,), {"clean": staticmethod(clean)})


def computed_filters(view, name, label, kind, options=None):
    """The filters of a computed column: by value (as its kind says) and by defined or not."""
    if kind == "options":
        filters = [ComputedPicked(view, name, label, options)]
    elif kind == "text":
        filters = [ComputedContains(view, name, label)]
    else:
        clean = _decimal if kind == "number" else parse_german_date
        filters = [_typed(cls, clean)(view, name, label)
                   for cls in (ComputedEqual, ComputedGreater, ComputedSmaller)]
        if kind == "date":
            filters.append(ComputedBetween(view, name, label))
    return [*filters, ComputedEmpty(view, name, label)]
