"""Step 13: indexes the lists need at 100 000 persons (issue 16).

- The messages count of the request and delivered-hours lists reads the message entries only:
  a partial index over them (the condition is models.core.history.MESSAGES word for word, so
  that SQLite and PostgreSQL see the query implies it).
- The requests list is sorted by approval start within a predefined list (status); the
  delivered-hours list by period start.
- The approved hours of a page of delivered hours read the valid requests of its
  participations: an index on (participation, status), or SQLite walks the status index
  over every approved request (140 ms at 20 000 persons, 1 ms with it).
"""

INDEXES = (
    'CREATE INDEX IF NOT EXISTS "history_entry_messages" ON "history_entry" '
    '("relation", "record_id") WHERE ("kind" = \'message\') OR ("message" IS NOT NULL)',
    'CREATE INDEX IF NOT EXISTS "assistance_request_status_approval_start" '
    'ON "assistance_request" ("status", "approval_start")',
    'CREATE INDEX IF NOT EXISTS "assistance_request_approval_start" '
    'ON "assistance_request" ("approval_start")',
    'CREATE INDEX IF NOT EXISTS "assistance_request_participation_id_status" '
    'ON "assistance_request" ("participation_id", "status")',
    'CREATE INDEX IF NOT EXISTS "delivered_hours_period_start" '
    'ON "delivered_hours" ("period_start")',
)


def upgrade(database) -> None:
    for statement in INDEXES:
        database.execute_sql(statement)
