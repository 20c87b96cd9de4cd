"""Step 17: list exports of more than 5 000 rows go through the task queue (issue 14).

A data export remembers which list it exports, with what filter, and under which name."""

from playhouse.migrate import SchemaMigrator, migrate

from models.exports.models import DataExport

COLUMNS = ("list_endpoint", "list_args", "title")


def upgrade(database) -> None:
    """Add the three columns where they are missing (a new database has them from step 12)."""
    present = {column.name for column in database.get_columns(DataExport._meta.table_name)}
    migrator = SchemaMigrator.from_database(database)
    operations = [migrator.add_column(DataExport._meta.table_name, name,
                                      DataExport._meta.fields[name])
                  for name in COLUMNS if name not in present]
    if operations:
        migrate(*operations)
