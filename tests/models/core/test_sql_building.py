"""IN subqueries are built once each, however deep they nest (models/core/sql_building.py)."""

from peewee import Select

from models import Participation, Person, Project
from models.core.sql_building import _peewee_is_rhs_empty


def _nested(depth: int):
    """`id IN (SELECT id … WHERE id IN (SELECT …))`, `depth` levels deep."""
    query = Project.select(Project.id)
    for level in range(depth):
        model = (Participation, Person)[level % 2]
        query = model.select(model.id).where(model.id.in_(query))
    return query


def _selects_built(query, monkeypatch) -> int:
    built = []
    original = Select.__sql__

    def counting(self, ctx):
        built.append(self)
        return original(self, ctx)

    monkeypatch.setattr(Select, "__sql__", counting)
    query.sql()
    return len(built)


def test_every_level_of_a_nested_in_subquery_is_built_once(app, monkeypatch):
    assert _selects_built(_nested(6), monkeypatch) == 7


def test_peewee_alone_builds_the_subqueries_again_and_again(app, monkeypatch):
    """The cost the fix removes: without it, six levels build over ten times as many."""
    monkeypatch.setattr("peewee.Expression._is_rhs_empty", _peewee_is_rhs_empty)
    assert _selects_built(_nested(6), monkeypatch) > 7 * 10


def test_the_sql_is_what_peewee_alone_builds(app, monkeypatch):
    fixed = _nested(4).sql()
    monkeypatch.setattr("peewee.Expression._is_rhs_empty", _peewee_is_rhs_empty)
    assert _nested(4).sql() == fixed


def test_an_empty_list_still_becomes_a_false_condition(app):
    sql, _params = Person.select().where(Person.id.in_([])).sql()
    assert "0 = 1" in sql
