"""The access registry: which roles may read, write and act on each model, and which rows.

Each area declares its models in its own `access` module with `register(...)`; this module
imports no area model. `visible`, `may_read`, `may_write`, `may_act` and `pickable` read the
registry. A scope rule is `rule(query, user, today) -> query` for users other than admins.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from models.core import clock
from models.core.roles import NO_ROLE, Role, role_of

Scope = Callable[..., object]


@dataclass(frozen=True)
class Access:
    """What the registry knows of one model."""

    read: frozenset
    write: frozenset = NO_ROLE
    scope: Scope | None = None
    # {action name: roles}; unlisted actions need write access.
    actions: dict = field(default_factory=dict)
    # Rows a user may choose in a form field pointing at the model; default: the visible ones.
    pick: Scope | None = None
    # Roles that see every row of this kind on each participation they see (its history
    # entries, also of deleted rows, and figures computed from such rows). A clerk sees only
    # the requests addressed to their body and the care cases it pays: for them the row decides.
    whole_per_participation: frozenset = NO_ROLE


_REGISTRY: dict[type, Access] = {}


def register(model, *, read, write=NO_ROLE, scope=None, actions=None, pick=None,
             whole_per_participation=NO_ROLE) -> None:
    """Declare the access rules of `model` (once, from its area's access module)."""
    if model in _REGISTRY:
        raise ValueError(f"{model.__name__} is registered twice")
    _REGISTRY[model] = Access(frozenset(read), frozenset(write), scope, dict(actions or {}),
                              pick, frozenset(whole_per_participation))


def registered() -> dict:
    """{model: Access} of every registered model."""
    return dict(_REGISTRY)


def _rules(model) -> Access | None:
    return _REGISTRY.get(model)


def may_read(user, model) -> bool:
    """True when `user` may open the views of `model`."""
    rules = _rules(model)
    return rules is not None and role_of(user) in rules.read


def may_write(user, model) -> bool:
    """True when `user` may create, edit and delete rows of `model` in scope."""
    rules = _rules(model)
    return rules is not None and role_of(user) in rules.write


def may_act(user, model, action_name: str) -> bool:
    """True when `user`'s role may run the list action `action_name` on rows of `model`."""
    rules = _rules(model)
    if rules is not None and action_name in rules.actions:
        return role_of(user) in rules.actions[action_name]
    return may_write(user, model)


def visible(model, user, query=None, today: dt.date | None = None):
    """`query` (default: all rows of `model`) narrowed to the rows `user` may see."""
    query = model.select() if query is None else query
    role = role_of(user)
    rules = _rules(model)
    if rules is None or role not in rules.read:
        return query.where(False)
    if role == Role.ADMIN or rules.scope is None:
        return query
    return rules.scope(query, user, today or clock.today())


def is_visible(user, instance) -> bool:
    """True when `instance` lies in the scope of `user`."""
    model = type(instance)
    return visible(model, user).where(model._meta.primary_key == instance._pk).exists()


def pickable(model, user, query=None):
    """Rows `user` may choose in a form field pointing at `model` (a relation picker)."""
    rules = _rules(model)
    if rules is not None and rules.pick is not None:
        picked = rules.pick(user, clock.today())
        if picked is not None:
            return picked
    return visible(model, user, query)


def seen_in_part(model, user):
    """None when `user` sees every `model` row of the participations they see; otherwise a
    query of the ids of the rows they see. Figures computed from such rows (approved hours
    from requests) count only these: a clerk's only their body's requests."""
    rules = _rules(model)
    if rules is not None and role_of(user) in rules.whole_per_participation:
        return None
    return visible(model, user).select(model._meta.primary_key)
