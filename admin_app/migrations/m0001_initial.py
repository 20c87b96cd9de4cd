"""Step 1: the first schema, frozen here as it was so that later steps have a fixed base."""

import datetime as dt

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


class _Base(Model):
    class Meta:
        legacy_table_names = False


class Provider(_Base):
    name = CharField(max_length=200, unique=True)
    city = CharField(max_length=120, null=True)


class Project(_Base):
    provider = ForeignKeyField(Provider, on_delete="RESTRICT")
    name = CharField(max_length=200, unique=True)
    region = CharField(max_length=120, null=True)


class FundingBody(_Base):
    name = CharField(max_length=200, unique=True)
    kind = CharField(max_length=120, null=True)
    city = CharField(max_length=120, null=True)


class User(_Base):
    username = CharField(max_length=80, unique=True)
    full_name = CharField(max_length=160)
    password_hash = CharField(max_length=255)
    role = CharField(max_length=20)
    funding_body = ForeignKeyField(FundingBody, null=True, on_delete="RESTRICT")
    active = BooleanField(default=True)
    session_version = IntegerField(default=0)
    created_at = DateTimeField(default=dt.datetime.now)


class UserProject(_Base):
    user = ForeignKeyField(User, on_delete="CASCADE")
    project = ForeignKeyField(Project, on_delete="RESTRICT")
    valid_from = DateField()
    valid_to = DateField(null=True)

    class Meta:
        indexes = ((("user", "project", "valid_from"), True),)


class Person(_Base):
    project = ForeignKeyField(Project, on_delete="RESTRICT")
    pseudonym = CharField(max_length=8, unique=True)
    first_name = CharField(max_length=120)
    last_name = CharField(max_length=120)
    first_name_folded = CharField(max_length=120, index=True)
    last_name_folded = CharField(max_length=120, index=True)
    birth_date = DateField(null=True)
    gender = CharField(max_length=1, default="x")
    nationality = CharField(max_length=2, default="XX")
    lives_in_country = BooleanField(default=True)
    postcode = CharField(max_length=10, null=True)
    city = CharField(max_length=120, null=True)
    street = CharField(max_length=200, null=True)
    svnr = CharField(max_length=10, null=True, unique=True)
    file_number = CharField(max_length=60, null=True, index=True)
    created_at = DateTimeField(default=dt.datetime.now)


class HistoryEntry(_Base):
    kind = CharField(max_length=10, default="system")
    relation = CharField(max_length=40, index=True)
    record_id = IntegerField(index=True)
    record_label = CharField(max_length=40, null=True)
    event = CharField(max_length=10, null=True)
    status = CharField(max_length=40, null=True)
    editor = ForeignKeyField(User, null=True, on_delete="RESTRICT")
    created_at = DateTimeField(index=True)
    details = TextField(default="{}")
    message = TextField(null=True)

    class Meta:
        indexes = ((("relation", "record_id"), False),)


MODELS = [Provider, Project, FundingBody, User, UserProject, Person, HistoryEntry]


def upgrade(database) -> None:
    """Create the tables of the first schema."""
    with database.bind_ctx(MODELS):
        database.create_tables(MODELS)
