"""Step 3: participations with eligibility data and assistance requests (frozen here)."""

import datetime as dt

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
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


class Project(_Base):
    pass


class FundingBody(_Base):
    pass


class Participation(_Base):
    person = ForeignKeyField(Person, on_delete="RESTRICT")
    project = ForeignKeyField(Project, on_delete="RESTRICT")
    created_on = DateField(default=dt.date.today)
    note = TextField(null=True)
    legal_basis = TextField(default="")
    care_level = IntegerField(null=True)
    with_findings = BooleanField(null=True)
    kinds_with_findings = TextField(default="")
    degree_of_disability = IntegerField(null=True)
    disability_pass = BooleanField(default=False)
    favoured_status = BooleanField(default=False)
    without_findings = BooleanField(null=True)
    kinds_without_findings = TextField(default="")
    created_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        indexes = ((("person", "project"), True),)


class AssistanceRequest(_Base):
    participation = ForeignKeyField(Participation, on_delete="RESTRICT")
    funding_body = ForeignKeyField(FundingBody, on_delete="RESTRICT")
    status = CharField(max_length=20, default="in_progress", index=True)
    approval_start = DateField()
    planned_end = DateField(null=True)
    reason = CharField(max_length=20)
    region = CharField(max_length=120, null=True)
    delivery_model = CharField(max_length=20)
    hours_per_week = DecimalField(max_digits=6, decimal_places=2)
    message = TextField(null=True)
    actual_end = DateField(null=True)
    end_reason = CharField(max_length=20, null=True)
    end_reason_text = TextField(null=True)
    snapshot = TextField(null=True)
    version = IntegerField(default=0)
    created_at = DateTimeField(default=dt.datetime.now)


NEW = [Participation, AssistanceRequest]


def upgrade(database) -> None:
    """Create `participation` and `assistance_request`."""
    with database.bind_ctx([Person, Project, FundingBody, *NEW]):
        database.create_tables(NEW)
