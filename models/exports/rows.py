"""The rows of the data exports as plain tuples, selected once and scoped to the creator."""

import datetime as dt
import json

from peewee import fn

from models.core.access import seen_in_part, visible
from models.exports.columns import columns_for, row_maker
from models.exports.models import DataExport, DataScope, ExportKind
from models.exports.period import period_bounds
from models.hours.models import OPEN_START, aggregate_hours_rows
from models.participations.models import Participation
from models.people.models import Person, Project
from models.requests.models import VALID_FOR_HOURS, AssistanceRequest


def request_rows_query(user, period_from, period_to, taken_at: dt.datetime):
    """Valid (approved or ended) requests touching the period that `user` may see, as tuples in
    the order of columns.REQUEST_SOURCES."""
    first, last = period_bounds(period_from, period_to, taken_at.date())
    end = fn.COALESCE(AssistanceRequest.actual_end, AssistanceRequest.planned_end)
    condition = (AssistanceRequest.status.in_(sorted(VALID_FOR_HOURS))
                 & (AssistanceRequest.approval_start <= last))
    if first is not None:
        condition &= end.is_null() | (end >= first)
    query = (AssistanceRequest.select(
        Person.pseudonym, Person.first_name, Person.last_name, Person.svnr, Person.birth_date,
        Person.postcode, Person.city, Person.street, Person.gender,
        fn.COALESCE(Person.nationality, ""), Project.name, AssistanceRequest.id,
        AssistanceRequest.status, AssistanceRequest.approval_start,
        AssistanceRequest.planned_end, AssistanceRequest.actual_end, AssistanceRequest.reason,
        AssistanceRequest.delivery_model, AssistanceRequest.hours_per_week,
        AssistanceRequest.end_reason, AssistanceRequest.end_reason_text,
        AssistanceRequest.snapshot)
        .join(Participation).join(Person)
        .switch(Participation).join(Project)
        .where(condition)
        .order_by(AssistanceRequest.id))
    return visible(AssistanceRequest, user, query, taken_at.date())


def _with_snapshot(cursor):
    """Each row with its snapshot (the last value) parsed once."""
    loads = json.loads
    for row in cursor:
        row = list(row)
        row[-1] = loads(row[-1]) if row[-1] else None
        yield row


def _request_rows(export, taken_at, make):
    query = request_rows_query(export.creator, export.period_from, export.period_to, taken_at)
    return query.count(), map(make, _with_snapshot(query.tuples().iterator()))


def hours_rows(user, period_from, period_to, taken_at: dt.datetime):
    """(count, rows) per participation `user` sees: approved and delivered hours of the period,
    pro-rated by days (001 §8.2), as tuples in the order of columns.HOURS_SOURCES."""
    first, last = period_bounds(period_from, period_to, taken_at.date())
    first = first or OPEN_START
    participations = visible(
        Participation, user,
        Participation.select(Participation.id).join(Person)
        .switch(Participation).join(Project), taken_at.date()
    ).order_by(Project.name, Person.last_name_folded, Participation.id)
    fields = (Person.pseudonym, Person.last_name, Person.first_name, Person.birth_date,
              Person.svnr, Person.file_number, Project.name)
    count, rows = aggregate_hours_rows(participations, first, last, fields,
                                       seen_in_part(AssistanceRequest, user))
    period = (first if first > OPEN_START else None, last)
    return count, ((*row, *period) for row in rows)


def export_rows(export: DataExport, taken_at: dt.datetime):
    """(columns, row count, rows of cells) of an export as its creator may see it."""
    columns = columns_for(export.kind, export.scope == DataScope.PERSONAL)
    make = row_maker(export.kind, columns)
    if export.kind == ExportKind.HOURS:
        total, rows = hours_rows(export.creator, export.period_from, export.period_to, taken_at)
        return columns, total, map(make, rows)
    total, rows = _request_rows(export, taken_at, make)
    return columns, total, rows
