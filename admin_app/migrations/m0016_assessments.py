"""Step 16: documents attach to procedures (000: the assessment's papers) and to personal
budgets (002: the signed goal agreement)."""

from peewee import ForeignKeyField, Model
from playhouse.migrate import migrate

from admin_app.migrations.tools import migrator_for


class _Base(Model):
    class Meta:
        legacy_table_names = False


class Procedure(_Base):
    pass


class PersonalBudget(_Base):
    pass


def upgrade(database) -> None:
    """Give `document` its references to a procedure and to a personal budget."""
    with database.bind_ctx([Procedure, PersonalBudget]):
        migrator = migrator_for(database)
        migrate(
            migrator.add_column("document", "procedure_id", ForeignKeyField(
                Procedure, null=True, field=Procedure.id, on_delete="RESTRICT")),
            migrator.add_column("document", "personal_budget_id", ForeignKeyField(
                PersonalBudget, null=True, field=PersonalBudget.id, on_delete="RESTRICT")),
        )
