"""Create, update and delete of domain records: checked, atomic, and always in the history."""

import logging

from models.core.base import db
from models.core.errors import DomainError
from models.core.history import Event, HistoryEntry, field_changes, record_history
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


def update_record(instance, old: dict, actor, now):
    """Validate and save `instance`, whose values before the edit were `old`."""
    _check(instance, actor, old, now)
    changes = field_changes(instance, old)
    if not changes:
        return instance
    with db.atomic():
        instance.save()
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
