"""Requesting, producing, deleting and expiring data exports (DOMAIN J, 001 §8).

Every function takes the acting user and `now`; none reads the wall clock."""

import datetime as dt
import json
import os
import re
import secrets

from models.core.access import visible
from models.core.base import db
from models.core.errors import DomainError, NotPermitted, ValidationError
from models.core.history import Event, record_history
from models.core.roles import Role
from models.core.text import N_
from models.exports.columns import definition, fingerprint
from models.exports.models import (
    CodebookVersion,
    DataExport,
    DataScope,
    ExportKind,
    ExportStatus,
)
from models.exports.rows import export_rows
from models.exports.workbook import write_table

RETENTION = dt.timedelta(days=30)
DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
BAD_DATE = N_("Enter a date as dd.mm.yyyy.")
# Kinds the page offers: both exports of 001 §8.
PRODUCIBLE = frozenset({ExportKind.REQUESTS, ExportKind.HOURS})


class QueueUnavailable(DomainError):
    """The task queue cannot be reached: the export is kept (failed, can be retried)."""

    def __init__(self):
        super().__init__(N_("The task queue cannot be reached. The export was kept; "
                            "please try again later."))


def parse_date(value, field: str, errors: dict) -> dt.date | None:
    """A date from a date or dd.mm.yyyy text; records a message in `errors` when invalid."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = DATE.match(text)
    try:
        if not match:
            raise ValueError(text)
        day, month, year = (int(part) for part in match.groups())
        return dt.date(year, month, day)
    except ValueError:
        errors[field] = BAD_DATE
        return None


def may_create(user, scope: str) -> bool:
    """Every role may export what it sees; the statistics role non-personal data only."""
    if user is None:
        return False
    return scope == DataScope.NON_PERSONAL or user.role != Role.STATISTICS


def request_export(actor, kind, scope, period_from, period_to, scheduled_on,
                   now: dt.datetime) -> DataExport:
    """Record an export: queued for now, or scheduled for a later day (06:00 local time)."""
    errors: dict = {}
    if kind not in {k.value for k in ExportKind}:
        errors["kind"] = N_("Choose a type.")
    elif kind not in PRODUCIBLE:
        errors["kind"] = N_("This export is not available yet.")
    if scope not in {s.value for s in DataScope}:
        errors["scope"] = N_("Choose personal or non-personal data.")
    period_from = parse_date(period_from, "period_from", errors)
    period_to = parse_date(period_to, "period_to", errors)
    scheduled_on = parse_date(scheduled_on, "scheduled_on", errors)
    if period_from and period_to and period_from > period_to:
        errors["period_to"] = N_("The end of the period lies before its start.")
    today = now.date()
    if scheduled_on is not None and scheduled_on < today:
        errors["scheduled_on"] = N_("The scheduled date cannot lie in the past.")
    if errors:
        raise ValidationError(errors)
    if not may_create(actor, scope):
        raise NotPermitted(N_("The statistics role may create non-personal exports only."))
    later = scheduled_on is not None and scheduled_on > today
    with db.atomic():
        export = DataExport.create(
            kind=kind, scope=scope, period_from=period_from, period_to=period_to,
            scheduled_on=scheduled_on, creator=actor, created_at=now,
            status=ExportStatus.SCHEDULED if later else ExportStatus.QUEUED)
        record_history(export, actor, now, Event.CREATED, {
            "kind": [None, kind], "scope": [None, scope],
            "period_from": [None, period_from], "period_to": [None, period_to],
            "scheduled_on": [None, scheduled_on]})
    return export


def request_list_export(actor, endpoint: str, args: str, title: str,
                        now: dt.datetime) -> DataExport:
    """Record the export of a long list (its filter in `args`) for the queue; the statistics
    role's lists hold non-personal data only, so are its exports."""
    scope = DataScope.PERSONAL if may_create(actor, DataScope.PERSONAL) \
        else DataScope.NON_PERSONAL
    with db.atomic():
        export = DataExport.create(kind=ExportKind.LIST, scope=scope, creator=actor,
                                   created_at=now, status=ExportStatus.QUEUED,
                                   list_endpoint=endpoint, list_args=args, title=title[:120])
        record_history(export, actor, now, Event.CREATED, {
            "kind": [None, ExportKind.LIST], "title": [None, export.title],
            "list_args": [None, args]})
    return export


def own_exports(user):
    """The exports `user` sees: their own; administrators all."""
    return visible(DataExport, user).order_by(DataExport.created_at.desc(), DataExport.id.desc())


def delete_export(export: DataExport, actor, now: dt.datetime, store) -> None:
    """Delete an export with its file; refused while it is being produced."""
    if actor.role != Role.ADMIN and export.creator_id != actor.id:
        raise NotPermitted(N_("You may delete your own exports only."))
    _delete(export, actor, now, store)


def _delete(export, actor, now, store) -> None:
    with db.atomic():
        fresh = DataExport.get_or_none(DataExport.id == export.id)
        if fresh is None:
            return
        if fresh.status == ExportStatus.RUNNING:
            raise DomainError(N_("An export that is being produced cannot be deleted."))
        fresh.delete_instance()
        record_history(fresh, actor, now, Event.DELETED)
    if fresh.stored_name:
        store.remove(fresh.stored_name)


def expire_exports(now: dt.datetime, store) -> int:
    """Delete every export created more than 30 days before `now`, with its file."""
    count = 0
    for export in DataExport.select().where(DataExport.created_at < now - RETENTION):
        try:
            _delete(export, None, now, store)
        except DomainError:
            continue
        count += 1
    return count


def due_exports(now: dt.datetime):
    """Scheduled exports whose day has come (the periodic task runs at 06:00 local time)."""
    return DataExport.select().where((DataExport.status == ExportStatus.SCHEDULED)
                                     & (DataExport.scheduled_on <= now.date()))


def mark_queued(export: DataExport) -> None:
    """A failed or due export goes back to the queue (a retry)."""
    DataExport.update(status=ExportStatus.QUEUED, progress=0, error=None).where(
        DataExport.id == export.id).execute()


def current_codebook(now: dt.datetime) -> CodebookVersion:
    """The codebook version of the current definitions; a changed definition opens a new one
    and closes the previous one."""
    data = definition()
    print_ = fingerprint(data)
    with db.atomic():
        latest = CodebookVersion.select().order_by(CodebookVersion.number.desc()).first()
        if latest is not None and latest.fingerprint == print_:
            return latest
        if latest is not None:
            latest.valid_to = now
            latest.save()
        return CodebookVersion.create(number=(latest.number + 1) if latest else 1,
                                      fingerprint=print_, definition=json.dumps(data),
                                      valid_from=now)


def codebook_for(moment: dt.datetime) -> CodebookVersion | None:
    """The codebook version valid at `moment` (an export's time)."""
    return (CodebookVersion.select()
            .where((CodebookVersion.valid_from <= moment)
                   & (CodebookVersion.valid_to.is_null() | (CodebookVersion.valid_to > moment)))
            .order_by(CodebookVersion.number.desc()).first())


def _write_data_export(export, now, path, progress) -> int:
    columns, total, rows = export_rows(export, now)
    return write_table(path, "Export", [c.name for c in columns], rows, total, progress)


def produce_export(export: DataExport, now: dt.datetime, store, writer=None) -> DataExport:
    """Write the export's file (status running → done, progress recorded on the way).

    `writer(export, now, path, progress)` writes the file and returns its row count (default:
    the data exports of 001 §8; list exports bring the list's). The file is written under a
    temporary name and moved into place when complete."""
    updated = DataExport.update(status=ExportStatus.RUNNING, progress=0, error=None,
                                taken_at=now).where(
        (DataExport.id == export.id)
        & DataExport.status.in_([ExportStatus.QUEUED, ExportStatus.SCHEDULED,
                                 ExportStatus.FAILED])).execute()
    if not updated:
        return DataExport.get_or_none(DataExport.id == export.id)
    export = DataExport.get_by_id(export.id)
    codebook = current_codebook(now) if export.kind != ExportKind.LIST else None
    writer = writer or _write_data_export

    def progress(percent):
        DataExport.update(progress=percent).where(DataExport.id == export.id).execute()

    name = secrets.token_hex(16)
    target = store.path(name)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(name + ".part")
    try:
        count = writer(export, now, partial, progress)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    with db.atomic():
        done = DataExport.update(status=ExportStatus.DONE, progress=100, row_count=count,
                                 stored_name=name, codebook=codebook).where(
            DataExport.id == export.id).execute()
        if done:
            export = DataExport.get_by_id(export.id)
            record_history(export, None, now, Event.UPDATED,
                           {"status": [ExportStatus.RUNNING, ExportStatus.DONE],
                            "row_count": [None, count]})
    if not done:
        store.remove(name)  # deleted meanwhile
    return export


def fail_export(export_id: int, message: str = N_("The export could not be produced. "
                                                  "Please try again.")) -> None:
    """Mark an export as failed with a German message for the page (the trace is logged)."""
    DataExport.update(status=ExportStatus.FAILED, error=message).where(
        DataExport.id == export_id).execute()
