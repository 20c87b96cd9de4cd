"""Which history entries a user sees: the shape of the rule where it costs."""

import pytest

from models import HistoryEntry
from models.core.history import MESSAGES
from models.core.history_access import visible_history
from seed.factories import make_user


@pytest.mark.parametrize(("relation", "asks_for_deleted_records"), [
    ("participation", False),
    ("request", True),
])
def test_only_records_inside_a_participation_ask_for_deleted_ones(project, relation,
                                                                  asks_for_deleted_records):
    """A deleted participation is seen by nobody, so its entries need no search (a scan of
    every message entry); a deleted request of a seen participation keeps its entries."""
    staff = make_user(role="staff_write", projects=[project])
    query = visible_history(staff, HistoryEntry.select(HistoryEntry.id).where(MESSAGES),
                            (relation,))
    sql, _params = query.sql()
    assert ("NOT EXISTS" in sql) is asks_for_deleted_records
