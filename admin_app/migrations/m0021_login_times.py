"""Step 21: each user's last and previous login (issue 15): the start page of project staff
lists the requests approved since the previous login. Existing users start without either."""

from peewee import DateTimeField
from playhouse.migrate import migrate

from admin_app.migrations.tools import migrator_for


def upgrade(database) -> None:
    migrator = migrator_for(database)
    migrate(migrator.add_column("user", "last_login_at", DateTimeField(null=True)),
            migrator.add_column("user", "previous_login_at", DateTimeField(null=True)))
