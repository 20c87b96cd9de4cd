"""Database connection: one per request, SQLite tuned for a small multi-process server."""

import peewee
from flask import Flask
from playhouse.db_url import connect

from models import db

PEEWEE_4 = int(peewee.__version__.split(".")[0]) >= 4
SQLITE_PRAGMAS = {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": 10000}


def make_database(url: str):
    """A peewee database for `url` (sqlite:/// or postgresql://)."""
    if url.startswith("sqlite"):
        # BEGIN IMMEDIATE: a transaction takes the write lock when it starts, waiting for it
        # up to busy_timeout. A deferred one that read first fails at its first write with
        # "database is locked" once another connection wrote meanwhile (a server error where
        # two users save at once); IMMEDIATE ones queue, and the version check decides.
        return connect(url, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE")
    # `autorollback` for peewee 3 only: peewee 4 runs in autocommit mode and rolls a failed
    # statement back itself; there the option only earns a DeprecationWarning.
    return connect(url, **({} if PEEWEE_4 else {"autorollback": True}))


def init_db(app: Flask) -> None:
    """Bind the models to the configured database and open/close it around requests."""
    db.initialize(make_database(app.config["DATABASE_URL"]))

    @app.before_request
    def _open():
        db.connect(reuse_if_open=True)

    @app.teardown_request
    def _close(_exc):
        if not db.is_closed():
            db.close()
