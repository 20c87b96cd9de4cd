"""The data exports' work queue: the user's own exports that are scheduled for a later day or
failed (001 §8), on every start page; the Datenexporte page lists exactly them."""

import datetime as dt

from models.core.queues import Queue, register_queue
from models.core.roles import ALL_ROLES
from models.core.text import N_
from models.exports.models import DataExport, ExportStatus


def waiting_or_failed(_today: dt.date, user):
    """The user's own exports scheduled for later or failed (administrators see everyone's
    exports on the page, but their queue is their own)."""
    return ((DataExport.creator == user.id)
            & DataExport.status.in_([ExportStatus.SCHEDULED, ExportStatus.FAILED]))


register_queue(Queue("scheduled_exports", N_("Your scheduled or failed exports"), ALL_ROLES,
                     DataExport, waiting_or_failed, "data_export.index",
                     {"queue": "scheduled_exports"}, per_user=True))
