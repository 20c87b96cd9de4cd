"""Step 10: IFD commissions (004): commissions, their phase history, the catalogues of tasks
and results, results, contacts and their links (frozen here); documents may attach to a
commission."""

import datetime as dt

from peewee import (
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


class Person(_Base):
    pass


class Project(_Base):
    pass


class FundingBody(_Base):
    pass


class User(_Base):
    pass


class Commission(_Base):
    version = IntegerField(default=0)
    person = ForeignKeyField(Person, on_delete="RESTRICT")
    project = ForeignKeyField(Project, on_delete="RESTRICT")
    funding_body = ForeignKeyField(FundingBody, null=True, on_delete="RESTRICT")
    legal_basis = CharField(max_length=40, null=True)
    service_type = CharField(max_length=40, null=True, index=True)
    case_group = CharField(max_length=40, null=True)
    caseworker = ForeignKeyField(User, null=True, on_delete="RESTRICT")
    start = DateField()
    planned_end = DateField(null=True)
    phase = CharField(max_length=4, default="P1", index=True)
    phase_since = DateField()
    end_reason = CharField(max_length=40, null=True)
    end_date = DateField(null=True)
    created_at = DateTimeField(default=dt.datetime.now)


class PhaseChange(_Base):
    commission = ForeignKeyField(Commission, on_delete="CASCADE")
    from_phase = CharField(max_length=4)
    to_phase = CharField(max_length=4, index=True)
    date = DateField(index=True)
    actor = ForeignKeyField(User, null=True, on_delete="RESTRICT")
    recorded_at = DateTimeField()


class Task(_Base):
    version = IntegerField(default=0)
    name = CharField(max_length=200, unique=True)
    active = BooleanField(default=True)


class ResultKind(_Base):
    version = IntegerField(default=0)
    name = CharField(max_length=200, unique=True)
    active = BooleanField(default=True)


class Result(_Base):
    version = IntegerField(default=0)
    commission = ForeignKeyField(Commission, on_delete="RESTRICT")
    kind = ForeignKeyField(ResultKind, on_delete="RESTRICT")
    start = DateField(null=True)
    end = DateField(null=True)
    paying_body = ForeignKeyField(FundingBody, null=True, on_delete="RESTRICT")
    invalid = BooleanField(default=False, index=True)
    invalid_reason = TextField(null=True)
    invalid_since = DateTimeField(null=True)
    created_at = DateTimeField(default=dt.datetime.now)


class Contact(_Base):
    version = IntegerField(default=0)
    commission = ForeignKeyField(Commission, on_delete="RESTRICT")
    at = DateTimeField(index=True)
    form = CharField(max_length=20)
    keyword = CharField(max_length=200)
    participants = TextField()
    text = TextField(null=True)
    recorded_at = DateTimeField()
    late = BooleanField(default=False)


class ContactTask(_Base):
    contact = ForeignKeyField(Contact, on_delete="CASCADE")
    task = ForeignKeyField(Task, on_delete="RESTRICT")

    class Meta:
        indexes = ((("contact", "task"), True),)


class ContactResult(_Base):
    contact = ForeignKeyField(Contact, on_delete="CASCADE")
    result = ForeignKeyField(Result, on_delete="CASCADE")

    class Meta:
        indexes = ((("contact", "result"), True),)


NEW = [Commission, PhaseChange, Task, ResultKind, Result, Contact, ContactTask, ContactResult]


def _migrator(database):
    if isinstance(database, SqliteDatabase):
        return SqliteMigrator(database)
    return PostgresqlMigrator(database)


def upgrade(database) -> None:
    """Create the commission tables; give `document` its reference to a commission."""
    with database.bind_ctx([Person, Project, FundingBody, User, *NEW]):
        database.create_tables(NEW)
        migrate(_migrator(database).add_column(
            "document", "commission_id",
            ForeignKeyField(Commission, null=True, field=Commission.id, on_delete="RESTRICT")))
