"""Step 19: covering indexes for the compliance lists of the commissions (issue 12): which
commissions had a personal contact, or any contact, since a date (models/commissions/
compliance.py). The names are those peewee gives the indexes of `Contact.Meta`."""

INDEXES = (
    'CREATE INDEX IF NOT EXISTS "contact_form_at_commission_id" '
    'ON "contact" ("form", "at", "commission_id")',
    'CREATE INDEX IF NOT EXISTS "contact_at_commission_id" ON "contact" ("at", "commission_id")',
)


def upgrade(database) -> None:
    for statement in INDEXES:
        database.execute_sql(statement)
