"""Step 15: the report texts of a commission (004 §9, "Indikation zum Auftrag"), mixed into
its reports; documents may attach to a contact (004 §8)."""

from peewee import ForeignKeyField, Model, TextField
from playhouse.migrate import migrate

from admin_app.migrations.tools import migrator_for

# The texts the reports ask for; frozen here.
TEXTS = ("planned_contents", "disability_effects", "agreed_goals", "additions",
         "extension_reasons", "closing_outcome")


class Contact(Model):
    class Meta:
        legacy_table_names = False


def upgrade(database) -> None:
    """Add the report texts to `commission` and the reference to a contact to `document`."""
    migrator = migrator_for(database)
    with database.bind_ctx([Contact]):
        operations = [migrator.add_column("commission", name, TextField(null=True))
                      for name in TEXTS]
        operations.append(migrator.add_column(
            "document", "contact_id",
            ForeignKeyField(Contact, null=True, field=Contact.id, on_delete="RESTRICT")))
        migrate(*operations)
