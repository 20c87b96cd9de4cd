"""Roles and scoping: the one place that decides which rows a user may see and change."""

import datetime as dt

from .accounts import STAFF_ROLES, Role, User, UserProject, projects_in_force
from .catalogues import District
from .history import HistoryEntry
from .people import FundingBody, Person, Project, Provider

ALL_ROLES = frozenset(Role)
ADMIN_ONLY = frozenset({Role.ADMIN})
PERSON_WRITERS = frozenset({Role.ADMIN, Role.STAFF_WRITE, Role.PROJECT_LEAD})

# Which roles may open the views of a model at all (rows are scoped further below).
READ_ROLES = {
    Provider: ALL_ROLES,
    Project: ALL_ROLES,
    FundingBody: ALL_ROLES,
    District: ALL_ROLES,
    Person: ALL_ROLES,
    User: ADMIN_ONLY,
    UserProject: ADMIN_ONLY,
    HistoryEntry: ADMIN_ONLY,
}
# Which roles may create, edit and delete rows of a model (within their scope).
WRITE_ROLES = {
    Provider: ADMIN_ONLY,
    Project: ADMIN_ONLY,
    FundingBody: ADMIN_ONLY,
    District: ADMIN_ONLY,
    Person: PERSON_WRITERS,
    User: ADMIN_ONLY,
    UserProject: ADMIN_ONLY,
    HistoryEntry: frozenset(),
}


def may_read(user, model) -> bool:
    """True when `user` may open the views of `model`."""
    return _role(user) in READ_ROLES.get(model, frozenset())


def may_write(user, model) -> bool:
    """True when `user` may create, edit and delete rows of `model` in scope."""
    return _role(user) in WRITE_ROLES.get(model, frozenset())


def _role(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Role(user.role)


def _today():
    return dt.date.today()


def _own_projects(user):
    return projects_in_force(user, _today())


def _persons(query, user):
    if user.is_staff:
        return query.where(Person.project.in_(_own_projects(user)))
    if user.role == Role.CLERK:
        # Clerks see persons through requests addressed to their body (requests issue).
        return query.where(False)
    return query


def _projects(query, user):
    if user.is_staff:
        return query.where(Project.id.in_(_own_projects(user)))
    return query


def _providers(query, user):
    if user.is_staff:
        own = Project.select(Project.provider).where(Project.id.in_(_own_projects(user)))
        return query.where(Provider.id.in_(own))
    return query


def _funding_bodies(query, user):
    if user.role == Role.CLERK:
        return query.where(FundingBody.id == user.funding_body_id)
    return query


SCOPES = {
    Person: _persons,
    Project: _projects,
    Provider: _providers,
    FundingBody: _funding_bodies,
}


def visible(model, user, query=None):
    """`query` (default: all rows of `model`) narrowed to the rows `user` may see."""
    query = model.select() if query is None else query
    role = _role(user)
    if role is None or role not in READ_ROLES.get(model, frozenset()):
        return query.where(False)
    if role == Role.ADMIN:
        return query
    rule = SCOPES.get(model)
    return rule(query, user) if rule else query


def is_visible(user, instance) -> bool:
    """True when `instance` lies in the scope of `user`."""
    model = type(instance)
    return visible(model, user).where(model._meta.primary_key == instance._pk).exists()


__all__ = ["STAFF_ROLES", "may_read", "may_write", "visible", "is_visible", "UserProject"]
