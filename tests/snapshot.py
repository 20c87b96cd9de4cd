"""Snapshots of the test database's rows, taken once and put back before each test that needs
them (the role-matrix world is built once per session instead of once per test).

SQLite: the whole database is copied with the online backup API into a template file, and back.
PostgreSQL: the rows of every model table are dumped with COPY, restored with COPY in the order
of `ALL_MODELS` (parents first), and the id sequences are set to where they stood.
"""

import io
import sqlite3
from pathlib import Path

from peewee import PostgresqlDatabase

from models import ALL_MODELS, db


def is_postgres() -> bool:
    return isinstance(db.obj, PostgresqlDatabase)


_sequences: dict[str, list[str]] = {}


def id_sequences() -> list[str]:
    """The sequences behind the primary keys of the model tables (PostgreSQL)."""
    name = db.obj.database
    if name not in _sequences:
        cursor = db.connection().cursor()
        found = []
        for model in ALL_MODELS:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)",
                           (f'"{model._meta.table_name}"', model._meta.primary_key.column_name))
            (sequence,) = cursor.fetchone()
            if sequence is not None:
                found.append(sequence)
        _sequences[name] = found
    return _sequences[name]


def has_rows() -> bool:
    """True when any model table has a row."""
    db.connect(reuse_if_open=True)
    probes = " UNION ALL ".join(
        f'SELECT 1 FROM (SELECT 1 FROM "{model._meta.table_name}" LIMIT 1) AS t'
        for model in ALL_MODELS)
    return db.execute_sql(f"SELECT EXISTS ({probes})").fetchone()[0] in (1, True)  # noqa: S608


def empty_tables() -> None:
    """Delete every row of the model tables, children first; on PostgreSQL the ids start at 1
    again. (DELETE, not TRUNCATE: on tables this small TRUNCATE costs PostgreSQL ~0.5 s, as it
    makes new files for each table.)"""
    db.connect(reuse_if_open=True)
    with db.atomic():
        for model in reversed(ALL_MODELS):
            db.execute_sql(f'DELETE FROM "{model._meta.table_name}"')  # noqa: S608
        if is_postgres():
            db.execute_sql("SELECT setval(name::regclass, 1, false) FROM unnest(%s) AS name",
                           (id_sequences(),))
    db.close()


class SqliteSnapshot:
    """The database file as it is now, kept in `template` (a file next to the test database)."""

    def __init__(self, template: Path):
        self.template = template

    def take(self) -> "SqliteSnapshot":
        db.connect(reuse_if_open=True)
        target = sqlite3.connect(self.template)
        try:
            db.connection().backup(target)
        finally:
            target.close()
        return self

    def restore(self) -> None:
        """Overwrite the (empty) test database with the template, schema and rows."""
        db.connect(reuse_if_open=True)
        source = sqlite3.connect(self.template)
        try:
            source.backup(db.connection())
        finally:
            source.close()


class PostgresSnapshot:
    """The rows of every model table (COPY text format) and the values of their id sequences."""

    def __init__(self):
        self.rows: dict[str, bytes] = {}
        self.sequences: list[tuple[str, int, bool]] = []

    @staticmethod
    def _tables():
        return [model._meta.table_name for model in ALL_MODELS]

    def take(self) -> "PostgresSnapshot":
        db.connect(reuse_if_open=True)
        cursor = db.connection().cursor()
        for table in self._tables():
            buffer = io.BytesIO()
            cursor.copy_expert(f'COPY "{table}" TO STDOUT', buffer)
            self.rows[table] = buffer.getvalue()
        for sequence in id_sequences():
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
            last_value, is_called = cursor.fetchone()
            self.sequences.append((sequence, last_value, is_called))
        db.connection().commit()
        return self

    def restore(self) -> None:
        """Load the rows into the (empty) tables, parents first; set the sequences."""
        db.connect(reuse_if_open=True)
        with db.atomic():
            cursor = db.connection().cursor()
            for table in self._tables():
                if self.rows[table]:
                    cursor.copy_expert(f'COPY "{table}" FROM STDIN', io.BytesIO(self.rows[table]))
            for sequence, last_value, is_called in self.sequences:
                cursor.execute("SELECT setval(%s, %s, %s)", (sequence, last_value, is_called))


def take_snapshot():
    """A snapshot of the current database; SQLite keeps it in a file next to the database."""
    if is_postgres():
        return PostgresSnapshot().take()
    return SqliteSnapshot(Path(db.obj.database).with_name("world-template.sqlite3")).take()
