"""Step 4: documents on participations and proofs of disability, the proofs and their
conditions (frozen here); an index to find the history entries of a record's documents."""

import datetime as dt

from peewee import (
    BigIntegerField,
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


class Person(_Base):
    pass


class Participation(_Base):
    pass


class User(_Base):
    pass


class DisabilityProof(_Base):
    person = ForeignKeyField(Person, on_delete="RESTRICT")
    notice_kind = CharField(max_length=20, default="assessment")
    notice_date = DateField()
    effective_from = DateField(null=True)
    degree_of_disability = IntegerField()
    note = TextField(null=True)
    created_at = DateTimeField(default=dt.datetime.now)


class Disability(_Base):
    proof = ForeignKeyField(DisabilityProof, on_delete="CASCADE")
    position = IntegerField(default=0)
    name = CharField(max_length=200)
    relevant = BooleanField(default=False)
    not_recognised = BooleanField(default=False)


class Document(_Base):
    original_name = CharField(max_length=255)
    display_name = CharField(max_length=255)
    note = TextField(null=True)
    kind = CharField(max_length=40, default="other", index=True)
    size = BigIntegerField()
    content_type = CharField(max_length=120)
    checksum = CharField(max_length=64)
    stored_name = CharField(max_length=32, unique=True)
    uploaded_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")
    uploaded_at = DateTimeField(index=True)
    participation = ForeignKeyField(Participation, null=True, on_delete="RESTRICT")
    disability_proof = ForeignKeyField(DisabilityProof, null=True, on_delete="RESTRICT")


NEW = [DisabilityProof, Disability, Document]


def upgrade(database) -> None:
    """Create `disability_proof`, `disability` and `document`; index history labels."""
    with database.bind_ctx([Person, Participation, User, *NEW]):
        database.create_tables(NEW)
    database.execute_sql(
        'CREATE INDEX "history_entry_relation_record_label" '
        'ON "history_entry" ("relation", "record_label")')
