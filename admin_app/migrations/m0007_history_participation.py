"""Step 7: every history entry names the participation it belongs to (DOMAIN B: deleting a
participation deletes its history), filled in for the entries written before (frozen here).

An entry belongs to the participation of its record: the participation itself, its requests,
documents, delivered hours and care cases, and the approval periods and activities of those
cases. Records deleted since are found through the 'created' entry of their history, which
lists the participation (or the case) they were created for; where SQLite gave a deleted
record's id to a new one, each 'created' entry starts the history of the record it created.
"""

import json
from bisect import bisect_right
from collections import defaultdict

from peewee import (
    Case,
    CharField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate


class _Base(Model):
    class Meta:
        legacy_table_names = False


class Participation(_Base):
    pass


class AssistanceRequest(_Base):
    participation = ForeignKeyField(Participation)


class DeliveredHours(_Base):
    participation = ForeignKeyField(Participation)


class CareCase(_Base):
    participation = ForeignKeyField(Participation)


class ApprovalPeriod(_Base):
    case = ForeignKeyField(CareCase)


class Activity(_Base):
    case = ForeignKeyField(CareCase)


class HistoryEntry(_Base):
    relation = CharField(max_length=40)
    record_id = IntegerField()
    record_label = CharField(max_length=40, null=True)
    event = CharField(max_length=10, null=True)
    details = TextField(default="{}")
    participation_id = IntegerField(null=True, index=True)


MODELS = [Participation, AssistanceRequest, DeliveredHours, CareCase, ApprovalPeriod, Activity,
          HistoryEntry]
# Relation → (frozen model, the field naming its parent); cases before their rows.
WITH_PARENT = (("request", AssistanceRequest, "participation"),
               ("delivered_hours", DeliveredHours, "participation"),
               ("care_case", CareCase, "participation"),
               ("approval_period", ApprovalPeriod, "case"),
               ("activity", Activity, "case"))
BATCH = 500


def _migrator(database):
    if isinstance(database, SqliteDatabase):
        return SqliteMigrator(database)
    return PostgresqlMigrator(database)


def _link(ids, participation_id) -> None:
    ids = sorted(ids)
    for start in range(0, len(ids), BATCH):
        (HistoryEntry.update(participation_id=participation_id)
         .where(HistoryEntry.id.in_(ids[start:start + BATCH])).execute())


def _created_parent(details: str, field: str):
    try:
        value = json.loads(details or "{}").get(field)
    except (ValueError, AttributeError):
        return None
    return value[1] if isinstance(value, list) and len(value) == 2 else None


class Owners:
    """The participation of each record of a relation over time: {record id: [(id of its
    'created' entry, participation id)]}; the table for records created without an entry."""

    def __init__(self, current: dict):
        self.current = current
        self.segments: dict = defaultdict(list)

    def at(self, record_id, entry_id):
        """The participation of record `record_id` when entry `entry_id` was written."""
        segments = self.segments.get(record_id, [])
        index = bisect_right([start for start, _owner in segments], entry_id) - 1
        return segments[index][1] if index >= 0 else self.current.get(record_id)


def _link_relation(relation, model, field, cases: Owners | None) -> Owners:
    """Link the entries of one relation; returns who owned its records (for rows of cases)."""
    column = getattr(model, field)
    parents = dict(model.select(model.id, column).tuples())

    def owner_of(parent, entry_id):
        return cases.at(parent, entry_id) if field == "case" else parent

    owners = Owners(parents if field != "case" else {})
    found: dict = defaultdict(set)
    last_record = segment_owner = None
    # Only a 'created' entry's details name the parent: read no others.
    details = Case(None, [(HistoryEntry.event == "created", HistoryEntry.details)], None)
    entries = (HistoryEntry.select(HistoryEntry.id, HistoryEntry.record_id, HistoryEntry.event,
                                   details)
               .where(HistoryEntry.relation == relation)
               .order_by(HistoryEntry.record_id, HistoryEntry.id).tuples())
    for entry_id, record_id, event, text in entries.iterator():
        if record_id != last_record:
            last_record, segment_owner = record_id, None
        if event == "created":
            segment_owner = owner_of(_created_parent(text, field), entry_id)
            owners.segments[record_id].append((entry_id, segment_owner))
        owner = segment_owner
        if owner is None and record_id in parents:  # created without a history entry
            owner = owner_of(parents[record_id], entry_id)
        if owner is not None:
            found[owner].add(entry_id)
    for participation_id, ids in found.items():
        _link(ids, participation_id)
    return owners


def _link_participations_and_documents() -> None:
    existing = Participation.select(Participation.id)
    # The trace of a deleted participation belongs to nothing (see models.history).
    (HistoryEntry.update(participation_id=HistoryEntry.record_id)
     .where((HistoryEntry.relation == "participation")
            & (HistoryEntry.event.is_null() | (HistoryEntry.event != "deleted"))
            & HistoryEntry.record_id.in_(existing)).execute())
    # Entries of a participation's documents are labelled 'T<participation id>'.
    for (label,) in (HistoryEntry.select(HistoryEntry.record_label).distinct()
                     .where((HistoryEntry.relation == "document")
                            & HistoryEntry.record_label.startswith("T")).tuples()):
        number = label[1:]
        if number.isdigit() and Participation.select().where(
                Participation.id == int(number)).exists():
            (HistoryEntry.update(participation_id=int(number))
             .where((HistoryEntry.relation == "document")
                    & (HistoryEntry.record_label == label)).execute())


def upgrade(database) -> None:
    """Add `history_entry.participation_id` and fill it in."""
    migrator = _migrator(database)
    migrate(migrator.add_column("history_entry", "participation_id", IntegerField(null=True)),
            migrator.add_index("history_entry", ("participation_id",), False))
    fill_in(database)


def fill_in(database) -> None:
    """Set the participation of every entry written before this step."""
    with database.bind_ctx(MODELS):
        _link_participations_and_documents()
        cases = None
        for relation, model, field in WITH_PARENT:
            owners = _link_relation(relation, model, field, cases)
            if relation == "care_case":
                cases = owners
