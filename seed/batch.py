"""Batched writes for the demo: rows built by the factories, inserted with `insert_many`.

Each row gets the same 'created' history entry `create_record` writes, and status entries
like the workflow's; only the per-row queries (duplicate and overlap checks, look-ups) are
left out, where the caller says why its data are valid by construction.
"""

from models.core.base import db
from models.core.history import Event, HistoryEntry, Kind, field_changes, history_values

CHUNK = 500


def _chunks(items):
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _link_parents(instance) -> None:
    """Foreign keys to rows inserted after this instance was built take their ids now."""
    for name, parent in instance.__rel__.items():
        instance.__data__[name] = parent._pk


def _insert(model, fields, rows, returning=None) -> list:
    """INSERT `rows` (lists of values of `fields`) in one statement; the returned keys.

    Written out here because peewee's query builder spends more time composing a statement of
    thousands of values than the database spends inserting them (about 80 % of the seed). The
    values go through each field's own db_value, as in peewee's insert, and as parameters."""
    def quoted(name):
        return f'"{name}"'

    placeholders = "(" + ", ".join([db.param] * len(fields)) + ")"
    table, values = quoted(model._meta.table_name), ", ".join([placeholders] * len(rows))
    columns = ", ".join(quoted(field.column_name) for field in fields)
    # Names come from the models, values are bound parameters.
    sql = f"INSERT INTO {table} ({columns}) VALUES {values}"  # noqa: S608  # nosec B608
    if returning is not None:
        sql += f" RETURNING {quoted(returning.column_name)}"
    converters = [field.db_value for field in fields]
    params = [convert(value) for row in rows for convert, value in zip(converters, row,
                                                                        strict=True)]
    cursor = db.execute_sql(sql, params)
    return [row[0] for row in cursor.fetchall()] if returning is not None else []


def insert_rows(instances) -> list:
    """Insert `instances` (all of one model) in chunks; each gets its id. No history."""
    if not instances:
        return instances
    model = type(instances[0])
    key = model._meta.primary_key
    fields = [field for field in model._meta.sorted_fields if field is not key]
    for chunk in _chunks(instances):
        for instance in chunk:
            _link_parents(instance)
        rows = [[instance.__data__.get(field.name) for field in fields] for instance in chunk]
        returned = _insert(model, fields, rows, returning=key)
        # One statement numbers its rows in order (SQLite rowid, PostgreSQL sequence); the
        # order RETURNING lists them in is not promised, so sort.
        for instance, pk in zip(chunk, sorted(returned), strict=True):
            instance._pk = pk
    return instances


def insert_history(entries: list[dict]) -> None:
    """Insert history entries (values of `history_values`) in chunks."""
    if not entries:
        return
    names = list(dict.fromkeys(name for entry in entries for name in entry))
    fields = [HistoryEntry._meta.fields[name] for name in names]
    for chunk in _chunks(entries):
        _insert(HistoryEntry, fields, [[entry.get(name) for name in names] for entry in chunk])


class StatusSteps:
    """Workflow steps of records not yet inserted: applied to the instance at once, their
    status entries written once the records have ids (`history`)."""

    def __init__(self):
        self._steps = []

    def apply(self, instance, target, actor, now, changes=None, message=None) -> None:
        """Move `instance` to `target` with `changes`, as a transition does, in memory."""
        old = dict(instance.__data__)
        instance.status = target
        instance.version = instance.version + 1
        for name, value in (changes or {}).items():
            setattr(instance, name, value)
        self._steps.append((instance, actor, now, field_changes(instance, old), message,
                            target))

    def history(self) -> list[dict]:
        """The status entries of the applied steps."""
        entries = []
        for instance, actor, now, details, message, target in self._steps:
            values = history_values(instance, actor, now, Event.UPDATED, details,
                                    kind=Kind.STATUS, message=message)
            values["status"] = target
            entries.append(values)
        return entries


def created_changes(instance) -> dict:
    """The changes of the 'created' entry of `instance` as it is now (before later steps)."""
    return field_changes(instance, {})


def insert_records(instances, actor, now, changes=None) -> list:
    """Insert `instances` with their 'created' history entries, as `create_record` would;
    `changes[i]` replaces the entry's changes of a row that moved on before its insert."""
    insert_rows(instances)
    insert_history([
        history_values(instance, actor, now, Event.CREATED,
                       changes[index] if changes else field_changes(instance, {}))
        for index, instance in enumerate(instances)])
    return instances
