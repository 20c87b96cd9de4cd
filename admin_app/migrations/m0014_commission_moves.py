"""Step 14: the employment situation of commissions (004 §3.1), the Integrationsamt's releases
of paying bodies for an IFD (004 §4, §7.1) and the occasion-based accesses (004 §1.3); frozen
here."""

from peewee import (
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


class Project(_Base):
    pass


class FundingBody(_Base):
    pass


class User(_Base):
    pass


class Commission(_Base):
    pass


class EmploymentSituation(_Base):
    version = IntegerField(default=0)
    commission = ForeignKeyField(Commission, on_delete="RESTRICT")
    kind = CharField(max_length=40)
    since = DateField(index=True)
    status = CharField(max_length=10)
    confirmed_at = DateTimeField(null=True)
    confirmed_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")
    recorded_at = DateTimeField()

    class Meta:
        indexes = ((("commission", "since"), False),)


class PayingBodyRelease(_Base):
    version = IntegerField(default=0)
    project = ForeignKeyField(Project, on_delete="RESTRICT")
    funding_body = ForeignKeyField(FundingBody, on_delete="RESTRICT")
    valid_from = DateField()
    valid_to = DateField(null=True)
    released_by = ForeignKeyField(User, on_delete="RESTRICT")
    released_at = DateTimeField()

    class Meta:
        indexes = ((("project", "funding_body", "valid_from"), False),)


class OccasionAccess(_Base):
    commission = ForeignKeyField(Commission, on_delete="RESTRICT")
    user = ForeignKeyField(User, on_delete="RESTRICT")
    occasion = CharField(max_length=20)
    reason = TextField()
    opened_at = DateTimeField()
    day = DateField(index=True)

    class Meta:
        indexes = ((("user", "day", "commission"), False),)


NEW = [EmploymentSituation, PayingBodyRelease, OccasionAccess]


def upgrade(database) -> None:
    """Create the three tables."""
    with database.bind_ctx([Project, FundingBody, User, Commission, *NEW]):
        database.create_tables(NEW)
