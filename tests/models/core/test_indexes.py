"""The lists' heaviest statements are served by an index (issue 16; migration step 13),
proven by the database's own query plan on SQLite and PostgreSQL."""

import pytest
from peewee import PostgresqlDatabase

from models import AssistanceRequest, DeliveredHours, HistoryEntry, db
from models.core.history import MESSAGES
from models.core.history_access import visible_history
from models.requests.models import Status


def _plan(query) -> str:
    """The query plan of `query` as one text; PostgreSQL is told to avoid full scans, as it
    would on a handful of rows."""
    sql, params = query.sql()
    if isinstance(db.obj, PostgresqlDatabase):
        with db.atomic():
            db.execute_sql("SET LOCAL enable_seqscan = off")
            rows = db.execute_sql("EXPLAIN " + sql, params).fetchall()
    else:
        rows = db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return " ".join(str(part) for row in rows for part in row)


def _count_query(query):
    """What peewee's .count() sends for `query`."""
    from peewee import SQL, Select, fn

    return Select([query.order_by().alias("_wrapped")], [fn.COUNT(SQL("1"))]).bind(db.obj)


def test_the_messages_count_reads_the_partial_index_of_message_entries(admin):
    messages = visible_history(admin, HistoryEntry.select(HistoryEntry.id).where(MESSAGES),
                               ("request", "participation"))
    assert "history_entry_messages" in _plan(_count_query(messages))


@pytest.mark.parametrize("query", [
    lambda: AssistanceRequest.select(AssistanceRequest.id)
    .where(AssistanceRequest.status == Status.SUBMITTED)
    .order_by(AssistanceRequest.approval_start.desc()).limit(20),
    lambda: AssistanceRequest.select(AssistanceRequest.id)
    .order_by(AssistanceRequest.approval_start.desc()).limit(20).offset(20000),
], ids=["requests of one list by approval start", "all requests by approval start"])
def test_the_request_list_pages_along_an_index(app, query):
    assert "assistance_request_" in _plan(query()) and "approval_start" in _plan(query())


def test_the_delivered_hours_list_pages_along_an_index(app):
    query = (DeliveredHours.select(DeliveredHours.id)
             .order_by(DeliveredHours.period_start.desc()).limit(20).offset(20000))
    assert "delivered_hours_period_start" in _plan(query)


def test_the_approved_hours_of_a_page_read_the_index_on_participation_and_status(project):
    """With rows of many participations, and statistics where the database keeps them in use
    (PostgreSQL's autovacuum analyses; the app never runs ANALYZE on SQLite)."""
    import datetime as dt

    from models.hours.models import valid_requests_query
    from seed.bulk import bulk_people
    from seed.factories import make_funding_body

    bulk_people([project], [make_funding_body("Kostenträger")], 300, dt.date(2026, 1, 1))
    if isinstance(db.obj, PostgresqlDatabase):
        db.execute_sql("ANALYZE")
    plan = _plan(valid_requests_query(range(1, 21)))
    assert "participation_id" in plan


@pytest.mark.parametrize(("condition", "index"), [
    ("no_personal_contact", "contact_form_at_commission_id"),
    ("contact_gap", "contact_at_commission_id"),
])
def test_the_compliance_lists_read_the_contacts_from_an_index(project, condition, index):
    """SQLite answers from the covering index alone; PostgreSQL (statistics of 2 000 contacts)
    may prefer a bitmap scan of the index on the contact time."""
    import datetime as dt

    from models import Commission
    from models.commissions import compliance
    from seed.bulk_commissions import bulk_commissions
    from seed.factories import make_funding_body

    bulk_commissions(project, make_funding_body("Integrationsamt"), 200, dt.date(2026, 11, 29))
    query = Commission.select(Commission.id).where(
        getattr(compliance, condition)(dt.date(2026, 11, 29)))
    if isinstance(db.obj, PostgresqlDatabase):
        db.execute_sql("ANALYZE")
        plan = _plan(query)
        assert "Seq Scan on contact" not in plan
        assert "contact_at" in plan or "contact_form_at" in plan
    else:
        assert f"COVERING INDEX {index}" in _plan(query)
