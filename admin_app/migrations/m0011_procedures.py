"""Step 11: needs-assessment procedures (000) with life areas and assessments, service
agreements, and the partial unique index that allows one current procedure per person; the
personal budget (002) with partial budgets and checks (frozen here)."""

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


class Provider(_Base):
    pass


class Project(_Base):
    pass


class FundingBody(_Base):
    pass


class User(_Base):
    pass


class Person(_Base):
    pass


class Procedure(_Base):
    version = IntegerField(default=0)
    person = ForeignKeyField(Person, on_delete="RESTRICT")
    type = CharField(max_length=20, default="initial")
    project = ForeignKeyField(Project, on_delete="RESTRICT")
    funding_body = ForeignKeyField(FundingBody, on_delete="RESTRICT")
    editor = ForeignKeyField(User, on_delete="RESTRICT")
    opened = DateTimeField()
    closed = DateTimeField(null=True)
    status = CharField(max_length=10, default="open")
    goals = TextField(null=True)
    previous = ForeignKeyField("self", null=True)


class LifeArea(_Base):
    version = IntegerField(default=0)
    name = CharField(max_length=200, unique=True)
    position = IntegerField(default=0)
    active = BooleanField(default=True)


class Assessment(_Base):
    version = IntegerField(default=0)
    procedure = ForeignKeyField(Procedure, on_delete="RESTRICT")
    life_area = ForeignKeyField(LifeArea, on_delete="RESTRICT")
    situation = TextField(null=True)
    resources = TextField(null=True)
    barriers = TextField(null=True)
    support_needed = TextField(null=True)

    class Meta:
        indexes = ((("procedure", "life_area"), True),)


class ServiceAgreement(_Base):
    version = IntegerField(default=0)
    provider = ForeignKeyField(Provider, on_delete="RESTRICT")
    funding_body = ForeignKeyField(FundingBody, on_delete="RESTRICT")
    valid_from = DateField()
    valid_to = DateField(null=True)


class PersonalBudget(_Base):
    version = IntegerField(default=0)
    person = ForeignKeyField(Person, on_delete="RESTRICT")
    lead_body = ForeignKeyField(FundingBody, on_delete="RESTRICT")
    first_approach = DateField()
    valid_from = DateField()
    valid_to = DateField()
    status = CharField(max_length=10, default="applied")
    agreement_date = DateField(null=True)
    agreement_goals = TextField(null=True)
    notice_date = DateField(null=True)


class PartialBudget(_Base):
    version = IntegerField(default=0)
    budget = ForeignKeyField(PersonalBudget, on_delete="RESTRICT")
    funding_body = ForeignKeyField(FundingBody, on_delete="RESTRICT")
    amount_per_month = DecimalField(max_digits=10, decimal_places=2)
    valid_from = DateField()
    valid_to = DateField()
    proofs = TextField(null=True)
    quality_rules = TextField(null=True)
    reported_on = DateField(null=True)

    class Meta:
        indexes = ((("budget", "funding_body"), True),)


class BudgetCheck(_Base):
    version = IntegerField(default=0)
    budget = ForeignKeyField(PersonalBudget, on_delete="RESTRICT")
    due_on = DateField(index=True)
    done_on = DateField(null=True)
    outcome = CharField(max_length=10, null=True)
    notes = TextField(null=True)


NEW = [Procedure, LifeArea, Assessment, ServiceAgreement, PersonalBudget, PartialBudget,
       BudgetCheck]


def upgrade(database) -> None:
    """The new tables and the partial unique index (both SQLite and PostgreSQL have them)."""
    with database.bind_ctx([Provider, Project, FundingBody, User, Person, *NEW]):
        database.create_tables(NEW)
    database.execute_sql("CREATE UNIQUE INDEX procedure_one_current_per_person "
                         "ON procedure (person_id) WHERE closed IS NULL")
