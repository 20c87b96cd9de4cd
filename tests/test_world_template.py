"""The role-matrix world is built once per run and copied into each test that asks for it
(tests/conftest.py `world`, tests/snapshot.py): the copy must be what `make_world()` builds,
and nothing one test changes may reach the next."""

import random

import pytest

from models import ALL_MODELS, Person
from models.core.storage import FileStore, files
from seed.factories import make_person, seed_faker
from tests.snapshot import empty_tables
from tests.views.world import make_world


def _rows():
    """Every model table's row ids."""
    return {model.__name__: sorted(row.id for row in model.select(model.id))
            for model in ALL_MODELS}


def _declared(world):
    """The world's declaration: per view, the declared rows (model, id) and who sees them."""
    return {endpoint: [(type(row).__name__, row._pk, sorted(roles)) for row, roles in rows]
            for endpoint, rows in world["sees"].items()}


@pytest.fixture
def fresh(app, tmp_path):
    """The world as `make_world()` builds it in an empty database, then emptied again."""
    previous = files.store
    files.initialize(FileStore(tmp_path / "fresh-store"))
    try:
        seed_faker(1234)
        built = make_world()
        after = random.getstate()
        rows, stored = _rows(), sorted(p.name for p in (tmp_path / "fresh-store").rglob("*")
                                       if p.is_file())
    finally:
        files.initialize(previous)
    empty_tables()
    return built, rows, stored, after


def test_the_copy_holds_what_make_world_builds(fresh, world_template, document_store):
    built, rows, stored, after = fresh
    random.seed(99)
    world = world_template.copy()
    assert random.getstate() == after  # the factories go on as after make_world()
    assert _rows() == rows
    assert _declared(world) == _declared(built)
    assert {role: (user.id, user.role) for role, user in world["users"].items()} == \
        {role: (user.id, user.role) for role, user in built["users"].items()}
    assert len([p for p in document_store.root.rglob("*") if p.is_file()]) == len(stored)


KEYS = ("person", "participation", "project", "user", "name", "username", "status")


def test_the_objects_are_those_of_the_rows(world):
    for rows in world["sees"].values():
        for row, _roles in rows:
            model = type(row)
            stored = model.get_by_id(row._pk).__data__
            assert {key: stored.get(key) for key in KEYS} == \
                {key: row.__data__.get(key) for key in KEYS}, (model.__name__, row._pk)


def test_new_rows_get_the_next_ids(world):
    """The id sequences stand where `make_world()` left them (PostgreSQL keeps them apart)."""
    highest = max(p.id for p in Person.select(Person.id))
    assert make_person(world["own"]).id == highest + 1


def test_what_one_test_changes_does_not_reach_the_next(world, world_template, document_store):
    person_id = world["person"].id
    world["person"].delete_instance(recursive=True)
    world["users"].clear()
    empty_tables()
    again = world_template.copy()
    assert Person.get_by_id(person_id).last_name == again["person"].last_name
    assert set(again["users"]) == {"staff_read", "staff_write", "project_lead", "clerk",
                                   "planner", "statistics", "admin"}


def test_the_world_goes_only_into_an_empty_database(world_template, project):
    """A fixture that made rows before `world` would lose them (SQLite) or clash (PostgreSQL):
    the copy refuses and says why."""
    with pytest.raises(RuntimeError, match="empty database"):
        world_template.copy()
