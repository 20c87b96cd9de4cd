"""Step 6: accounts and access — password policy, lockout, second factor, delegation,
caseworkers, announcements, display settings and saved list layouts (frozen here)."""

import datetime as dt

from peewee import (
    SQL,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate


class _Base(Model):
    class Meta:
        legacy_table_names = False


class User(_Base):
    pass


class PasswordHistory(_Base):
    user = ForeignKeyField(User, on_delete="CASCADE")
    password_hash = CharField(max_length=255)
    created_at = DateTimeField(index=True)


class RecoveryCode(_Base):
    user = ForeignKeyField(User, on_delete="CASCADE")
    code_hash = CharField(max_length=64, index=True)
    created_at = DateTimeField()
    used_at = DateTimeField(null=True)


class LoginFailure(_Base):
    address = CharField(max_length=64, index=True)
    username = CharField(max_length=80)
    at = DateTimeField(index=True)


class Delegation(_Base):
    grantor = ForeignKeyField(User, on_delete="CASCADE")
    grantee = ForeignKeyField(User, on_delete="CASCADE")
    created_at = DateTimeField()
    revoked_at = DateTimeField(null=True)


class Announcement(_Base):
    title = CharField(max_length=200)
    text = TextField()
    audience = TextField(default="")
    valid_from = DateField(default=dt.date.today)
    valid_to = DateField(null=True)
    created_at = DateTimeField(default=dt.datetime.now)


class AnnouncementDismissal(_Base):
    user = ForeignKeyField(User, on_delete="CASCADE")
    announcement = ForeignKeyField(Announcement, on_delete="CASCADE")
    dismissed_at = DateTimeField()

    class Meta:
        indexes = ((("user", "announcement"), True),)


class ListLayout(_Base):
    user = ForeignKeyField(User, on_delete="CASCADE")
    view = CharField(max_length=80)
    columns = TextField(default="")
    arguments = TextField(default="")
    updated_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        indexes = ((("user", "view"), True),)


NEW = [PasswordHistory, RecoveryCode, LoginFailure, Delegation, Announcement,
       AnnouncementDismissal, ListLayout]

# NOT NULL columns get a default in the DDL: SQLite can then add them in place instead of
# rebuilding `user`, which the foreign keys pointing at it would refuse.
FALSE, ZERO, NORMAL = SQL("DEFAULT FALSE"), SQL("DEFAULT 0"), SQL("DEFAULT 'normal'")
USER_COLUMNS = {
    "must_change_password": BooleanField(default=False, constraints=[FALSE]),
    "password_changed_at": DateTimeField(null=True),
    "failed_logins": IntegerField(default=0, constraints=[ZERO]),
    "locked_at": DateTimeField(null=True),
    "totp_secret": CharField(max_length=64, null=True),
    "totp_enabled": BooleanField(default=False, constraints=[FALSE]),
    "totp_last_step": IntegerField(default=0, constraints=[ZERO]),
    "second_factor_required": BooleanField(default=False, constraints=[FALSE]),
    "font_size": CharField(max_length=10, default="normal", constraints=[NORMAL]),
    "theme": CharField(max_length=10, default="normal", constraints=[NORMAL]),
}


def _migrator(database):
    if isinstance(database, SqliteDatabase):
        return SqliteMigrator(database)
    return PostgresqlMigrator(database)


def upgrade(database) -> None:
    """New tables; new columns on `user`; `participation.caseworker_id`."""
    with database.bind_ctx([User, *NEW]):
        database.create_tables(NEW)
        migrator = _migrator(database)
        operations = [migrator.add_column("user", name, column, allow_not_null=True)
                      for name, column in USER_COLUMNS.items()]
        operations.append(migrator.add_column(
            "participation", "caseworker_id",
            ForeignKeyField(User, null=True, field=User.id, on_delete="RESTRICT")))
        migrate(*operations)
