"""The predefined lists of 001 §4.1 table 4 with their counts, the same for projects and
funding bodies; the request, delivered-hours and message lists show them as tabs."""

from flask import url_for
from flask_babel import lazy_gettext
from peewee import fn

from models.core.access import visible
from models.core.history import may_read_messages
from models.requests.models import (
    AssistanceRequest,
    Status,
)
from views.sections.messages import visible_messages

# The predefined lists (001 §4.1 table 4): key -> (label, condition or None for all).
LIST_STATUS = {
    "new": (lazy_gettext("New requests"), Status.SUBMITTED),
    "rework": (lazy_gettext("Rework needed"), Status.REWORK),
    "running": (lazy_gettext("Approved and running"), Status.APPROVED),
    "ended": (lazy_gettext("Ended"), Status.ENDED),
    "rejected": (lazy_gettext("Rejected"), Status.REJECTED),
    "all": (lazy_gettext("All"), None),
}


def predefined_list_counts(user):
    """(key, label, count, url) of the predefined lists of 001 §4.1 table 4 as `user` sees
    them, and the count of messages or None; the same lists for projects and funding bodies."""
    from models.hours.models import DeliveredHours

    by_status = dict(
        visible(AssistanceRequest, user)
        .select(AssistanceRequest.status, fn.COUNT(AssistanceRequest.id))
        .group_by(AssistanceRequest.status)
        .tuples()
    )
    counts = [(key, label, sum(by_status.values()) if status is None
               else by_status.get(status, 0), url_for("request.index_view", list=key))
              for key, (label, status) in LIST_STATUS.items()]
    counts.append(("delivered_hours", lazy_gettext("Delivered hours"),
                   visible(DeliveredHours, user).count(),
                   url_for("delivered_hours.index_view")))
    messages = visible_messages(user).count() if may_read_messages(user) else None
    return counts, messages


def count_of(counts, key: str) -> int:
    """The count of the predefined list `key` among (key, label, count, url) rows."""
    return next(count for name, _label, count, _url in counts if name == key)
