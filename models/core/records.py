"""Create, update and delete of domain records: checked, atomic, and always in the history."""

import logging

from models.core.base import db
from models.core.errors import DomainError
from models.core.history import Event, HistoryEntry, Kind, field_changes, record_history
from models.core.text import N_

log = logging.getLogger(__name__)


def _check(instance, actor, old, now) -> None:
    hook = getattr(instance, "before_save", None)
    if hook:
        hook(actor, old, now.date())


def create_record(instance, actor, now):
    """Validate and insert `instance` with its 'created' history entry."""
    _check(instance, actor, None, now)
    with db.atomic():
        instance.save(force_insert=True)
        record_history(instance, actor, now, Event.CREATED, field_changes(instance, {}))
    return instance


class ChangedMeanwhile(DomainError):
    """Someone changed (or deleted) the record between reading and writing it: the write is
    refused. Says who changed it last and when (from the history), and holds the current row
    (None when it was deleted) so that the user can see the current values."""

    def __init__(self, instance, message=None):
        super().__init__(message or N_("This record was changed meanwhile."))
        model = type(instance)
        key = model._meta.primary_key
        self.current = model.select().where(key == instance._pk).first()
        latest = None
        if model.history_relation:
            latest = (HistoryEntry.select().where(
                (HistoryEntry.relation == model.history_relation)
                & (HistoryEntry.record_id == instance._pk) & HistoryEntry.kind.in_(
                    [Kind.CHANGE, Kind.SYSTEM, Kind.STATUS, Kind.INFO]))
                .order_by(HistoryEntry.created_at.desc(), HistoryEntry.id.desc()).first())
        self.editor = latest.editor if latest else None
        self.changed_at = latest.created_at if latest else None


def _versioned(instance) -> bool:
    return "version" in type(instance)._meta.fields


def edited_fields(instance, old: dict) -> list[str]:
    """Names of the fields an edit of `instance` writes: those that differ from `old`, except
    the version and the fields of the workflow (models.base.VersionedModel)."""
    skipped = {"version", *getattr(instance, "workflow_fields", ())}
    model = type(instance)
    return [name for name, model_field in model._meta.fields.items()
            if name not in skipped and not model_field.primary_key
            and model_field.db_value(old.get(name)) != model_field.db_value(
                instance.__data__.get(name))]


def save_edit(instance, old: dict, names=None, touch=False) -> None:
    """Write the fields of `instance` that differ from `old` (or `names`), only if the row
    still has the version `old` was read at; the version rises by one (with `touch` also when
    no field changed: rows that belong to the record did). Raises ChangedMeanwhile otherwise.
    Call inside the edit's transaction.

    Only the changed columns are written, with the version in the WHERE clause: a whole-row
    save would write back status and version from a stale copy and pass the lock again."""
    for name in getattr(instance, "workflow_fields", ()):
        if name in old:  # an edit never touches them; the copy keeps what was read
            instance.__data__[name] = old[name]
    names = edited_fields(instance, old) if names is None else names
    model = type(instance)
    key = model._meta.primary_key
    seen = old.get("version") if _versioned(instance) else None
    if not names and not (touch and seen is not None):
        if seen is not None and seen != instance.__data__.get("version"):
            raise ChangedMeanwhile(instance)
        return
    values = {model._meta.fields[name]: instance.__data__.get(name) for name in names}
    query = model.update(values).where(key == instance._pk)
    if seen is not None:
        values[model.version] = seen + 1
        query = model.update(values).where((key == instance._pk) & (model.version == seen))
    if query.execute() != 1:
        raise ChangedMeanwhile(instance)
    if seen is not None:
        instance.version = seen + 1


def update_record(instance, old: dict, actor, now):
    """Validate and save `instance`, whose values before the edit were `old`.

    `old["version"]` is the version the edit was based on (the one its form showed): when the
    row has another one now, the edit is refused with ChangedMeanwhile."""
    _check(instance, actor, old, now)
    with db.atomic():
        save_edit(instance, old)
        changes = field_changes(instance, old)
        if changes:
            record_history(instance, actor, now, Event.UPDATED, changes)
    return instance


def dependents(instance) -> list[str]:
    """Plural names (msgids) of the kinds of rows that still refer to `instance`."""
    found = []
    for backref_field in type(instance)._meta.backrefs:
        if getattr(backref_field.model, "deleted_with_owner", False):
            continue
        if backref_field.model.select().where(backref_field == instance).exists():
            found.append(getattr(backref_field.model, "verbose_name_plural", N_("records")))
    return found


def delete_record(instance, actor, now) -> None:
    """Delete `instance` unless other rows refer to it; the history keeps who and when.

    The entry of the deletion names the record by its label only (id or pseudonym)."""
    hook = getattr(instance, "before_delete", None)
    if hook:
        hook(actor, now)
    blockers = dependents(instance)
    if blockers:
        raise DomainError(
            N_("This record cannot be deleted because %(what)s still refer to it."),
            what=tuple(dict.fromkeys(blockers)),
        )
    with db.atomic():
        work = delete_with_owner(instance, actor, now)
    run_after_commit(work)


def delete_owned(instance, actor, now) -> list:
    """Delete the rows that belong to `instance` (its documents, ...), each by its own
    `delete_with_owner`; returns what must happen after the commit (removing files)."""
    work = []
    for backref_field in type(instance)._meta.backrefs:
        model = backref_field.model
        if not getattr(model, "deleted_with_owner", False):
            continue
        for row in model.select().where(backref_field == instance):
            work += row.delete_with_owner(actor, now)
    return work


def delete_with_owner(instance, actor, now) -> list:
    """Delete `instance`, what it owns and write its entry; returns the after-commit work."""
    work = delete_owned(instance, actor, now)
    if instance.history_goes_with_record:
        HistoryEntry.delete().where(instance.history_with_record()).execute()
    record_history(instance, actor, now, Event.DELETED)
    instance.delete_instance()
    return work


def run_after_commit(work) -> None:
    """Run the after-commit work of a deletion. Inside an outer transaction nothing is known
    to be committed yet: the files stay, and `documents cleanup` removes them later."""
    if db.in_transaction():
        return
    for job in work:
        try:
            job()
        except OSError:
            log.exception("After-commit work failed; `documents cleanup` will retry")

