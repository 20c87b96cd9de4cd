"""Step 9: every record users edit gets a version (optimistic locking: an edit based on an
older version is refused, see models.records.update_record). Existing rows start at 0."""

from peewee import SQL, IntegerField, SqliteDatabase
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate

# The tables of the editable models (models.base.VersionedModel) that had no version yet;
# `assistance_request` has one since step 3.
TABLES = ("provider", "project", "funding_body", "district", "user", "user_project", "person",
          "participation", "disability_proof", "document", "delivered_hours", "billing_rules",
          "care_case", "approval_period", "activity", "delegation", "announcement")


def _migrator(database):
    if isinstance(database, SqliteDatabase):
        return SqliteMigrator(database)
    return PostgresqlMigrator(database)


def upgrade(database) -> None:
    """Add `version` (NOT NULL DEFAULT 0) to each table of TABLES."""
    migrator = _migrator(database)
    # The default in the DDL lets SQLite add the NOT NULL column in place (see step 6).
    migrate(*(migrator.add_column(table, "version",
                                  IntegerField(default=0, constraints=[SQL("DEFAULT 0")]),
                                  allow_not_null=True)
              for table in TABLES))
