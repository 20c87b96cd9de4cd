"""Demo data exports (issue 14): done, scheduled and failed ones, so that `make run` shows the
Datenexporte page with something to download."""

import datetime as dt

from models.core.storage import FileStore
from models.exports.operations import fail_export, produce_export, request_export


def add_exports(users, store: FileStore | None, now: dt.datetime) -> int:
    """Exports of the staff member, the statistics reader and the project lead; produced into
    `store` when given (else they stay queued for the consumer). Returns how many."""
    tomorrow = now.date() + dt.timedelta(days=1)
    produced = [
        request_export(users["staff"], "requests", "pb", f"01.01.{now.year}", None, None, now),
        request_export(users["statistik"], "requests", "npb", None, None, None, now),
        request_export(users["statistik"], "hours", "npb", f"01.01.{now.year}",
                       f"31.12.{now.year}", None, now),
    ]
    if store is not None:
        for export in produced:
            produce_export(export, now, store)
    request_export(users["staff"], "hours", "pb", None, None, tomorrow.strftime("%d.%m.%Y"), now)
    failed = request_export(users["leitung"], "requests", "pb", None, None, None, now)
    fail_export(failed.id)
    return len(produced) + 2
