"""Step 12: data exports and the codebook versions (issue 14, DOMAIN J)."""

from models.exports.models import CodebookVersion, DataExport


def upgrade(database) -> None:
    """Create the two tables (the definitions are new, so the models' DDL is the step's)."""
    with database.bind_ctx([CodebookVersion, DataExport]):
        database.create_tables([CodebookVersion, DataExport])
