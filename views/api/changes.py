"""The changes feed: what changed, which record, when, from the history, only what the
token's user may see (the history's own visibility rule), by cursor; for the kinds of records
the API serves."""

from flask_smorest import Blueprint

from models.core.history import HistoryEntry
from models.core.history_access import visible_history
from models.core.text import N_
from views.api.auth import READ, api_user, needs
from views.api.common import page
from views.api.schemas import ChangesPageSchema, ListArgs

blp = Blueprint("api_changes", __name__, url_prefix="/api/v1/changes",
                description=N_("Changes feed: what changed since a cursor."))


FEED_RELATIONS = ("person", "participation", "request", "delivered_hours")


def _aware(moment):
    # The history keeps the server's local time without an offset (admin_app/clock.py); the
    # API names the offset, as RFC 3339 date-times must.
    return moment.astimezone() if moment.tzinfo is None else moment


def change_data(entry) -> dict:
    """An entry as the feed shows it: the names of the changed fields, never their values."""
    return {"id": entry.id, "relation": entry.relation, "record_id": entry.record_id,
            "record_label": entry.record_label, "event": entry.event, "kind": entry.kind,
            "status": entry.status, "created_at": _aware(entry.created_at),
            "fields_changed": sorted(entry.changes)}


@blp.route("")
@needs(READ)
@blp.doc(summary=N_("Changes since a cursor"), security=[{"bearer": []}])
@blp.arguments(ListArgs, location="query")
@blp.response(200, ChangesPageSchema)
def list_changes(args):
    """History entries the user may see, oldest first; pass 'next' as 'after' to go on."""
    # The records the API serves: a client follows what it can fetch, and the visibility
    # condition stays four parts instead of one per kind of record.
    query = visible_history(api_user(), HistoryEntry.select(), relations=FEED_RELATIONS)
    rows, cursor = page(query, HistoryEntry, args)
    return {"items": [change_data(row) for row in rows], "next": cursor}
