"""Birth year and citizenship category of a row's person as list columns, filters and export
values (models.npb): the non-personal facts the statistics role exists for."""

import re

from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.peewee import filters as pf
from flask_babel import gettext, lazy_gettext

from models.people.models import Person
from models.people.npb import (
    CITIZENSHIP_CATEGORIES,
    FIRST_YEAR,
    LAST_YEAR,
    birth_years,
    citizenship_is,
)

YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*(?:-|bis)\s*(\d{4})\s*$")


def citizenship_label(person) -> str:
    """The German name of the person's citizenship category."""
    return gettext(dict(CITIZENSHIP_CATEGORIES)[person.citizenship_category])


class _BirthYear(pf.BasePeeweeFilter):
    """A filter on the year of the birth date. The birth date is personal, its year is not:
    the base view offers these filters to the statistics role (`non_personal`)."""

    non_personal = True

    def clean(self, value):
        year = int(str(value).strip())
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(value)
        return year

    def validate(self, value):
        try:
            self.clean(value)
        except ValueError:
            return False
        return True


class BirthYearEqual(_BirthYear):
    def apply(self, query, value):
        return query.where(birth_years(self.column, value, value))

    def operation(self):
        return admin_lazy_gettext("equals")


class BirthYearGreater(_BirthYear):
    def apply(self, query, value):
        return query.where(birth_years(self.column, first=value + 1))

    def operation(self):
        return admin_lazy_gettext("greater than")


class BirthYearSmaller(_BirthYear):
    def apply(self, query, value):
        return query.where(birth_years(self.column, last=value - 1))

    def operation(self):
        return admin_lazy_gettext("smaller than")


class BirthYearBetween(_BirthYear):
    """'1970 - 1980', both years included."""

    def clean(self, value):
        match = YEAR_RANGE.match(str(value))
        if not match:
            raise ValueError(value)
        first, last = (super(BirthYearBetween, self).clean(part) for part in match.groups())
        if first > last:
            raise ValueError(value)
        return first, last

    def apply(self, query, value):
        return query.where(birth_years(self.column, *value))

    def operation(self):
        return admin_lazy_gettext("between")


class _Citizenship(pf.BasePeeweeFilter):
    non_personal = True

    def validate(self, value):
        return value in dict(CITIZENSHIP_CATEGORIES)


class CitizenshipEqual(_Citizenship):
    def apply(self, query, value):
        return query.where(citizenship_is(self.column, value))

    def operation(self):
        return admin_lazy_gettext("equals")


class CitizenshipNotEqual(_Citizenship):
    def apply(self, query, value):
        return query.where(~citizenship_is(self.column, value))

    def operation(self):
        return admin_lazy_gettext("not equal")


def fact_filters(person=Person):
    """The filters on birth year and citizenship category of `person` (the model or an alias
    the view's query joins)."""
    year, category = lazy_gettext("Birth year"), lazy_gettext("Citizenship category")
    options = [(code, lazy_gettext(label)) for code, label in CITIZENSHIP_CATEGORIES]
    filters = (*(kind(person.birth_date, year) for kind in (
                   BirthYearEqual, BirthYearGreater, BirthYearSmaller, BirthYearBetween)),
               CitizenshipEqual(person.nationality, category, options=options),
               CitizenshipNotEqual(person.nationality, category, options=options))
    # The list columns they filter (the base view matches filters to visible columns).
    for flt in filters:
        flt.list_column = "birth_year" if isinstance(flt, _BirthYear) else \
            "citizenship_category"
    return filters


def own_person(row):
    """The person of a row that points at one (participations, requests, ...)."""
    return row.person


def fact_formatters(person_of=own_person) -> dict:
    """Column formatters of `birth_year` and `citizenship_category` for rows whose person is
    `person_of(row)`."""
    return {"birth_year": lambda _v, _c, row, _n: person_of(row).birth_year or "–",
            "citizenship_category": lambda _v, _c, row, _n: citizenship_label(person_of(row))}


FACT_LABELS = {"birth_year": lazy_gettext("Birth year"),
               "citizenship_category": lazy_gettext("Citizenship category")}


class PersonFactsMixin:
    """The list columns `birth_year` and `citizenship_category` of the row's person in the
    export; views name them in `column_list`, take their formatters from `fact_formatters` and
    their labels from `FACT_LABELS`."""

    def person_of(self, row):
        """The person a row is about (the person list overrides)."""
        return row.person

    def export_value(self, row, name):
        if name == "birth_year":
            return self.person_of(row).birth_year
        if name == "citizenship_category":
            return citizenship_label(self.person_of(row))
        return super().export_value(row, name)
