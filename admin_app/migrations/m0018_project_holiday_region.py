"""Step 18: each project names the federal state whose public holidays count for its working
days (issue 12: contacts entered more than 5 working days late, the stabilisation start).
Existing projects keep none: they count the application's default region."""

from peewee import CharField
from playhouse.migrate import migrate

from admin_app.migrations.tools import migrator_for


def upgrade(database) -> None:
    migrate(migrator_for(database).add_column(
        "project", "holiday_region", CharField(max_length=8, null=True)))
