"""Many delivered-hours entries at once (the API's batch): every entry or none, each refused
entry with its own errors; the same rules as one entry (DeliveredHours.before_save), asked
once per participation instead of once per entry."""

import datetime as dt
from collections import defaultdict

from models.core.base import db
from models.core.errors import DomainError, NotPermitted, ValidationError
from models.core.history import Event, HistoryEntry, field_changes, history_values
from models.core.text import N_
from models.hours.models import NOT_THE_PROJECT, OVERLAP, DeliveredHours
from models.participations.models import acts_for_participation

CHUNK = 200  # rows per INSERT: well below SQLite's limit of bound variables


class BatchRefused(DomainError):
    """Some entries were refused, so none was stored: {index: DomainError} in `errors`."""

    def __init__(self, errors: dict):
        super().__init__(N_("Please correct the marked fields."))
        self.errors = errors


def _refusals(entries, actor, today) -> dict:
    refused, allowed = {}, {}
    for index, entry in enumerate(entries):
        key = entry.participation_id
        if key not in allowed:
            allowed[key] = acts_for_participation(entry.participation, actor, today)
        if not allowed[key]:
            refused[index] = NotPermitted(NOT_THE_PROJECT)
        elif problems := entry.value_errors():
            refused[index] = ValidationError(problems)
    return refused


def _overlaps(entries, refused) -> dict:
    """Entries overlapping a stored entry or an earlier one of the batch."""
    candidates = [(i, e) for i, e in enumerate(entries) if i not in refused]
    if not candidates:
        return {}
    first = min(e.period_start for _i, e in candidates)
    last = max(e.period_end for _i, e in candidates)
    spans = defaultdict(list)
    stored = (DeliveredHours.select(DeliveredHours.participation, DeliveredHours.period_start,
                                    DeliveredHours.period_end)
              .where(DeliveredHours.participation.in_({e.participation_id
                                                       for _i, e in candidates})
                     & (DeliveredHours.period_start <= last)
                     & (DeliveredHours.period_end >= first)).tuples())
    for participation, start, end in stored:
        spans[participation].append((start, end))
    found = {}
    for index, entry in candidates:
        taken = spans[entry.participation_id]
        if any(start <= entry.period_end and end >= entry.period_start
               for start, end in taken):
            found[index] = ValidationError({"period_start": OVERLAP})
        else:
            taken.append((entry.period_start, entry.period_end))
    return found


def record_delivered_hours(entries: list, actor, now: dt.datetime) -> list:
    """Store `entries` (new DeliveredHours, participations loaded with their person) with
    their history entries, all or none; raises BatchRefused naming each refused entry."""
    refused = _refusals(entries, actor, now.date())
    refused.update(_overlaps(entries, refused))
    if refused:
        raise BatchRefused(refused)
    fields = [DeliveredHours.participation, DeliveredHours.period_start,
              DeliveredHours.period_end, DeliveredHours.hours, DeliveredHours.note,
              DeliveredHours.created_at]
    with db.atomic():
        rows = [(e.participation_id, e.period_start, e.period_end, e.hours, e.note, now)
                for e in entries]
        for start in range(0, len(rows), CHUNK):
            DeliveredHours.insert_many(rows[start:start + CHUNK], fields=fields).execute()
        # No two entries of a participation share a start (they would overlap): the pair
        # finds each new row's id on either database, without RETURNING.
        ids = {(p, s): i for i, p, s in DeliveredHours.select(
            DeliveredHours.id, DeliveredHours.participation, DeliveredHours.period_start)
            .where(DeliveredHours.participation.in_({e.participation_id for e in entries})
                   & (DeliveredHours.created_at == now)).tuples()}
        history = []
        for entry in entries:
            entry.id = ids[(entry.participation_id, entry.period_start)]
            entry.created_at, entry.version = now, 0
            history.append(history_values(entry, actor, now, Event.CREATED,
                                       field_changes(entry, {})))
        for start in range(0, len(history), CHUNK):
            HistoryEntry.insert_many(history[start:start + CHUNK]).execute()
    return entries
