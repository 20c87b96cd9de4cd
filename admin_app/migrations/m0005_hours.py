"""Step 5: delivered hours, billing rules, care cases, approval periods, activities (frozen)."""

import datetime as dt
from decimal import Decimal

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


class Participation(_Base):
    pass


class FundingBody(_Base):
    pass


class DeliveredHours(_Base):
    participation = ForeignKeyField(Participation, on_delete="RESTRICT")
    period_start = DateField()
    period_end = DateField()
    hours = DecimalField(max_digits=8, decimal_places=2)
    note = TextField(null=True)
    created_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        indexes = ((("participation", "period_start"), False),)


class BillingRules(_Base):
    funding_body = ForeignKeyField(FundingBody, unique=True, on_delete="RESTRICT")
    balancing_period = CharField(max_length=10, default="approval")
    basis = CharField(max_length=10, default="week")
    weeks_per_month = DecimalField(max_digits=4, decimal_places=2, null=True)
    indirect_share = DecimalField(max_digits=5, decimal_places=2, default=Decimal(100))
    absence_share = DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    absence_cap = DecimalField(max_digits=6, decimal_places=2, null=True)
    group_rule = CharField(max_length=10, default="divided")
    contingent_socio = DecimalField(max_digits=8, decimal_places=2, null=True)
    contingent_low = DecimalField(max_digits=8, decimal_places=2, null=True)


class CareCase(_Base):
    participation = ForeignKeyField(Participation, on_delete="RESTRICT")
    funding_body = ForeignKeyField(FundingBody, on_delete="RESTRICT")
    billing = CharField(max_length=20, default="approved_hours")
    start = DateField()
    end = DateField(null=True)
    note = TextField(null=True)
    created_at = DateTimeField(default=dt.datetime.now)


class ApprovalPeriod(_Base):
    case = ForeignKeyField(CareCase, on_delete="RESTRICT")
    start = DateField()
    end = DateField()
    hours = DecimalField(max_digits=6, decimal_places=2, null=True)
    extension_requested_on = DateField(null=True)


class Activity(_Base):
    case = ForeignKeyField(CareCase, on_delete="RESTRICT")
    day = DateField()
    minutes = IntegerField(null=True)
    mode = CharField(max_length=10, default="direct")
    level = CharField(max_length=10, default="socio")
    kind = CharField(max_length=20)
    topic = CharField(max_length=20, null=True)
    group_size = IntegerField(default=1)
    absence = BooleanField(default=False)
    note = TextField(null=True)

    class Meta:
        indexes = ((("case", "day"), False),)


NEW = [DeliveredHours, BillingRules, CareCase, ApprovalPeriod, Activity]


def upgrade(database) -> None:
    """Create the tables of hours and ambulatory care."""
    with database.bind_ctx([Participation, FundingBody, *NEW]):
        database.create_tables(NEW)
