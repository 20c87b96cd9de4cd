"""Migrations upgrade an old database without losing data; the models match the schema."""

import datetime as dt
import os

import pytest
from playhouse.db_url import connect

from admin_app.db import make_database
from admin_app.migrations import LATEST, STEPS, current_version, upgrade
from admin_app.migrations import m0001_initial as v1
from models import ALL_MODELS
from tests.conftest import _postgres_database


@pytest.fixture
def empty_database(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        fresh_url, drop = _postgres_database(url)
        database = connect(fresh_url)
        yield database
        database.close()
        drop()
    else:
        database = make_database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
        yield database
        database.close()


def _fill_oldest_schema(database):
    with database.bind_ctx(v1.MODELS):
        provider = v1.Provider.create(name="Träger Alt")
        project = v1.Project.create(provider=provider, name="Projekt Alt")
        user = v1.User.create(username="alt", full_name="Alte Nutzerin", password_hash="x",
                              role="admin")
        person = v1.Person.create(project=project, pseudonym="ALT12345", first_name="Anna",
                                  last_name="Österreicher", first_name_folded="anna",
                                  last_name_folded="osterreicher", birth_date=dt.date(1970, 5, 6),
                                  postcode="1010")
        v1.HistoryEntry.create(relation="person", record_id=person.id, event="created",
                               editor=user, created_at=dt.datetime(2024, 1, 2, 3, 4))
        return person.id


def test_upgrade_from_the_oldest_schema_keeps_the_data(empty_database):
    upgrade(empty_database, target=1)
    person_id = _fill_oldest_schema(empty_database)
    applied = upgrade(empty_database)
    assert applied == [version for version, _step in STEPS if version > 1]
    row = empty_database.execute_sql(
        f"SELECT last_name, birth_date, country, district_id FROM person WHERE id = {person_id:d}"
    ).fetchone()
    assert row[0] == "Österreicher"
    assert str(row[1]) == "1970-05-06"
    assert (row[2], row[3]) == ("AT", None)
    history = empty_database.execute_sql("SELECT COUNT(*) FROM history_entry").fetchone()[0]
    assert history == 1


def test_a_step_missed_below_the_highest_applied_one_is_applied(empty_database, monkeypatch):
    """A branch's step 14 merged after a database already ran step 15 of another branch."""
    import admin_app.migrations as migrations

    upgrade(empty_database)
    ran = []
    late = type("Step", (), {"upgrade": staticmethod(lambda database: ran.append(14))})
    later = type("Step", (), {"upgrade": staticmethod(lambda database: ran.append(15))})
    monkeypatch.setattr(migrations, "STEPS", [*STEPS, (LATEST + 2, later)])
    assert migrations.upgrade(empty_database, target=LATEST + 2) == [LATEST + 2]
    monkeypatch.setattr(migrations, "STEPS", [*STEPS, (LATEST + 1, late), (LATEST + 2, later)])
    assert migrations.upgrade(empty_database, target=LATEST + 2) == [LATEST + 1]
    assert ran == [15, 14]


def test_a_second_upgrade_applies_nothing(empty_database):
    upgrade(empty_database)
    assert upgrade(empty_database) == []
    assert current_version(empty_database) == LATEST


def test_every_model_column_exists_after_upgrade(empty_database):
    upgrade(empty_database)
    missing = []
    for model in ALL_MODELS:
        table = model._meta.table_name
        present = {column.name for column in empty_database.get_columns(table)}
        wanted = {f.column_name for f in model._meta.sorted_fields}
        missing += [f"{table}.{name}" for name in sorted(wanted - present)]
    assert missing == []


def test_upgrade_refolds_the_names_for_both_spellings_of_an_umlaut(empty_database):
    """Names folded before Mueller = Müller keep being found: their keys are computed again."""
    from models.core.text import fold

    upgrade(empty_database, target=1)
    with empty_database.bind_ctx(v1.MODELS):
        provider = v1.Provider.create(name="Träger Alt")
        project = v1.Project.create(provider=provider, name="Projekt Alt")
        names = [("Jörg", "Mueller"), ("Joerg", "Döring"), ("Anna", "Huber")]
        for number, (first, last) in enumerate(names):
            # The keys as the fold of that time wrote them: without accents, 'ae' kept.
            v1.Person.create(project=project, pseudonym=f"ALT{number:05d}", first_name=first,
                             last_name=last, first_name_folded=first.lower().replace("ö", "o"),
                             last_name_folded=last.lower().replace("ö", "o"))
    upgrade(empty_database)
    rows = empty_database.execute_sql(
        "SELECT first_name, last_name, first_name_folded, last_name_folded FROM person "
        "ORDER BY pseudonym").fetchall()
    assert [tuple(row[2:]) for row in rows] == [(fold(row[0]), fold(row[1])) for row in rows]
    assert [row[3] for row in rows] == ["muller", "doring", "huber"]


def test_rows_written_before_step_9_start_at_version_0(empty_database):
    upgrade(empty_database, target=1)
    person_id = _fill_oldest_schema(empty_database)
    upgrade(empty_database, target=8)
    assert upgrade(empty_database, target=9) == [9]
    row = empty_database.execute_sql(
        f"SELECT version FROM person WHERE id = {person_id:d}").fetchone()
    assert row[0] == 0


def test_step_17_adds_the_list_export_columns_to_a_database_of_step_13(empty_database):
    upgrade(empty_database, target=13)
    for column in ("list_endpoint", "list_args", "title"):
        empty_database.execute_sql(f'ALTER TABLE "data_export" DROP COLUMN "{column}"')
    # (step 12 creates the table from today's model: without them it is step 13's table)
    assert 17 in upgrade(empty_database)
    names = {c.name for c in empty_database.get_columns("data_export")}
    assert {"list_endpoint", "list_args", "title"} <= names
