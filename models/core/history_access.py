"""Which history entries a user may see on a page: those of records the user sees in their
lists, and those of deleted records of a participation the user sees, where the user sees
every record of that kind there (models.core.access `whole_per_participation`)."""

from collections.abc import Callable

from peewee import fn

from models.core import access, clock
from models.core.history import HistoryEntry
from models.core.roles import Role, role_of

# The participations area tells which participations a user sees (ids, as a query), and
# which model is the participation itself.
_participation_ids: list[Callable] = []
_participation_model: list[type] = []


def use_participation_scope(participation_ids: Callable, participation_model: type) -> None:
    """Set `participation_ids(user, today)`, the ids of the participations a user sees, and
    the model of the participations."""
    _participation_ids[:] = [participation_ids]
    _participation_model[:] = [participation_model]


def history_models() -> dict:
    """{history relation: model} of every registered model whose changes are in the history."""
    return {model.history_relation: model for model in access.registered()
            if model.history_relation}


def visible_history(user, query=None, relations=None):
    """`query` (default: every history entry) narrowed to the entries `user` may see on a
    page; `relations` (names) limits the kinds of records considered."""
    query = HistoryEntry.select() if query is None else query
    role = role_of(user)
    if role is None:
        return query.where(False)
    if role == Role.ADMIN:
        return query if relations is None else query.where(
            HistoryEntry.relation.in_(list(relations)))
    condition = None
    for relation, model in history_models().items():
        if relations is not None and relation not in relations:
            continue
        part = _entries_of(model, user, role)
        if part is not None:
            condition = part if condition is None else condition | part
    return query.where(False if condition is None else condition)


def _entries_of(model, user, role):
    """Condition: the entries of `model` records `user` may see, or None for none."""
    rules = access.registered()[model]
    if role not in rules.read:
        return None
    key = model._meta.primary_key
    live = HistoryEntry.record_id.in_(access.visible(model, user).select(key))
    # The entries of a deleted participation name that participation, which nobody sees any
    # more: asking for them would only cost a scan (the largest part of the messages count).
    if (role in rules.whole_per_participation and _participation_ids
            and model not in _participation_model):
        gone = (~fn.EXISTS(model.select(key).where(key == HistoryEntry.record_id))
                & HistoryEntry.participation_id.in_(_participation_ids[0](user, clock.today())))
        live = live | gone
    return (HistoryEntry.relation == model.history_relation) & live
