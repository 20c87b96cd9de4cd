"""Step 2: the district catalogue; persons get a country of residence and a district."""

from peewee import CharField, ForeignKeyField, Model, SqliteDatabase
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate


class District(Model):
    country = CharField(max_length=2, default="AT")
    postcode = CharField(max_length=10)
    name = CharField(max_length=120)

    class Meta:
        legacy_table_names = False
        indexes = ((("country", "postcode"), True),)


def _migrator(database):
    if isinstance(database, SqliteDatabase):
        return SqliteMigrator(database)
    return PostgresqlMigrator(database)


def upgrade(database) -> None:
    """Create `district`, add `person.country` and `person.district_id`."""
    with database.bind_ctx([District]):
        database.create_tables([District])
        migrator = _migrator(database)
        migrate(
            migrator.add_column("person", "country", CharField(max_length=2, default="AT")),
            migrator.add_column(
                "person",
                "district_id",
                ForeignKeyField(District, null=True, field=District.id, on_delete="RESTRICT"),
            ),
        )
