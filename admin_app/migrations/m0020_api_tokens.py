"""Step 20: personal API tokens (issue 17, models/accounts/tokens.py)."""

from models.accounts.tokens import ApiToken


def upgrade(database) -> None:
    """Create the table (the definition is new, so the model's DDL is the step's)."""
    with database.bind_ctx([ApiToken]):
        database.create_tables([ApiToken])
