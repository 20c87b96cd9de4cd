"""A fix for how peewee builds the SQL of `x IN (subquery)`, applied once on import.

peewee's `Expression._is_rhs_empty` renders the right-hand side of every IN / NOT IN to see
whether it is "()" (an empty list, which PostgreSQL refuses) — and then renders it again for
the statement. A subquery is thus built twice, its own nested IN subqueries four times, and so
on: our visibility rules nest IN subqueries three to five deep, and building the SQL of a page
took longer than running it. A query (any `SelectBase`) always renders as "(SELECT …)", never
as "()", so it needs no trial rendering; lists, tuples and values keep peewee's check.
"""

from peewee import Expression, SelectBase

_peewee_is_rhs_empty = Expression._is_rhs_empty


def _is_rhs_empty(self, rhs, ctx) -> bool:
    if isinstance(rhs, SelectBase):
        return False
    return _peewee_is_rhs_empty(self, rhs, ctx)


def apply() -> None:
    """Build each IN subquery once (idempotent)."""
    Expression._is_rhs_empty = _is_rhs_empty


apply()
