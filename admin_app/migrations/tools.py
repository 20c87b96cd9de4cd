"""What later migration steps share (earlier steps keep their own copies: they never change)."""

from peewee import PostgresqlDatabase
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator


def migrator_for(database):
    """peewee's schema migrator for the kind of `database`."""
    if isinstance(database, PostgresqlDatabase):
        return PostgresqlMigrator(database)
    return SqliteMigrator(database)
