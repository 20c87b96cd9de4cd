"""The audit trail: every change of a domain record is one HistoryEntry (DOMAIN part I)."""

import datetime as dt
import decimal
import enum
import json

from peewee import JOIN, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from models.accounts.models import User
from models.core.base import BaseModel
from models.core.labels import LabelledEnum
from models.core.roles import MESSAGE_READERS, MESSAGE_WRITERS
from models.core.text import N_


class Kind(LabelledEnum):
    """What kind of entry: a user's change, the system's own change, a status change, info
    (uploads, logins) or a message."""

    CHANGE = "change", N_("Change")
    SYSTEM = "system", N_("System")
    STATUS = "status", N_("Status")
    INFO = "info", N_("Info")
    MESSAGE = "message", N_("Message")


class Event(LabelledEnum):
    """What happened to the record."""

    CREATED = "created", N_("created")
    UPDATED = "updated", N_("updated")
    DELETED = "deleted", N_("deleted")




# Enums whose members name history events; areas add theirs (accounts: logins, passwords).
_EVENT_TYPES: list = [Event]


def add_event_type(enum_type) -> None:
    """Let the history name the events of `enum_type` (a LabelledEnum) by their labels."""
    _EVENT_TYPES.append(enum_type)


def event_choices() -> list[tuple[str, str]]:
    """(code, msgid) of every history event."""
    return [pair for enum_type in _EVENT_TYPES for pair in enum_type.choices()]


class HistoryEntry(BaseModel):
    """One entry of the history; written with the change it describes, never edited."""

    verbose_name, verbose_name_plural = N_("History entry"), N_("history entries")

    kind = CharField(max_length=10, default=Kind.SYSTEM, verbose_name=N_("Type"))
    relation = CharField(max_length=40, index=True, verbose_name=N_("Relation"))
    record_id = IntegerField(index=True, verbose_name=N_("Record ID"))
    # A label without personal content (pseudonym or #id): kept when the record is deleted.
    record_label = CharField(max_length=40, null=True, verbose_name=N_("Record"))
    event = CharField(max_length=10, null=True, verbose_name=N_("Event"))
    status = CharField(max_length=40, null=True, verbose_name=N_("Status"))
    editor = ForeignKeyField(User, null=True, on_delete="RESTRICT", verbose_name=N_("Editor"))
    created_at = DateTimeField(index=True, verbose_name=N_("Timestamp"))
    details = TextField(default="{}", verbose_name=N_("Details"))
    message = TextField(null=True, verbose_name=N_("Message"))
    # The participation the record belongs to (itself, its requests, documents, hours, care
    # cases and their rows): the entries go with it when it is deleted (DOMAIN B). An id, not
    # a label a re-created participation would reuse, and no foreign key: the trace of the
    # deletion outlives the participation.
    participation_id = IntegerField(null=True, index=True, verbose_name=N_("Participation"))

    class Meta:
        indexes = ((("relation", "record_id"), False),
                   # Entries of a record's documents are found by its label (documents).
                   (("relation", "record_label"), False))

    @property
    def changes(self) -> dict:
        """Changed fields as {field: [old, new]}."""
        return json.loads(self.details or "{}")


def _plain(value):
    """A JSON-friendly form of a field value."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | enum.Enum):
        return str(value)
    return value


def field_changes(instance, old: dict) -> dict:
    """{field: [old, new]} for every field of `instance` that differs from `old`."""
    # The version of a record is bookkeeping of the edits themselves, not a change.
    ignored = set(getattr(instance, "history_ignored_fields", ())) | {"id", "version"}
    changes = {}
    for name in instance._meta.fields:
        if name in ignored:
            continue
        before, after = _plain(old.get(name)), _plain(instance.__data__.get(name))
        if before != after:
            changes[name] = [before, after]
    return changes


def history_values(instance, actor, now, event, changes=None, kind=None,
                   message=None) -> dict:
    """The field values of the history entry for a change of `instance` (not yet written).

    Without a `kind`, a change someone made is a "Change", one without an actor (a task, the
    clock) is the "System"'s."""
    if kind is None:
        kind = Kind.CHANGE if actor is not None else Kind.SYSTEM
    # The one trace a record that takes its history along leaves behind belongs to nothing:
    # a participation created later (perhaps under the same id) must not show it.
    trace = event == Event.DELETED and instance.history_goes_with_record
    return {
        "participation_id": None if trace else instance.history_participation(),
        "kind": kind,
        "relation": instance.history_relation,
        "record_id": instance._pk,
        "record_label": instance.history_label(),
        "event": event,
        "editor": actor,
        "created_at": now,
        "details": json.dumps(changes or {}, ensure_ascii=False, default=str),
        "message": message,
    }


def record_history(instance, actor, now, event, changes=None, kind=None, message=None):
    """Write the history entry for a change of `instance`; call inside the change's transaction."""
    return HistoryEntry.create(**history_values(instance, actor, now, event, changes, kind,
                                                message))


# Messages are free text and may name persons: the statistics role never reads them.
MESSAGE_ROLES = MESSAGE_WRITERS


def may_read_messages(user) -> bool:
    """True when `user`'s role may read the text of messages."""
    return user.role in MESSAGE_READERS


def add_message(instance, actor, now, text: str):
    """A free-text message on a record, shown in its history and in the messages list."""
    from models.core.base import db
    from models.core.errors import DomainError, NotPermitted

    text = (text or "").strip()
    if not text:
        raise DomainError(N_("Please enter a message."))
    if actor.role not in MESSAGE_ROLES:
        raise NotPermitted(N_("You may not write messages."))
    with db.atomic():
        return record_history(instance, actor, now, None, kind=Kind.MESSAGE, message=text)


def history_of(relation: str, record_id: int):
    """Entries of one record, newest first, with their editors in the same query."""
    return history_where((HistoryEntry.relation == relation)
                         & (HistoryEntry.record_id == record_id))


def belongs_to_participation(participation_id: int):
    """Condition: the entries of everything that belongs to the participation, deleted records
    included (see HistoryEntry.participation_id)."""
    return HistoryEntry.participation_id == participation_id


def history_where(condition):
    """Entries matching `condition`, newest first, with their editors in the same query."""
    return (
        HistoryEntry.select(HistoryEntry, User)
        .join(User, JOIN.LEFT_OUTER, on=(HistoryEntry.editor == User.id))
        .where(condition)
        .order_by(HistoryEntry.created_at.desc(), HistoryEntry.id.desc())
    )


# Messages proper and status changes that came with a message (a decision's reason).
MESSAGES = (HistoryEntry.kind == Kind.MESSAGE) | HistoryEntry.message.is_null(False)
