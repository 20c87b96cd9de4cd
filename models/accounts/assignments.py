"""Renewing project assignments (DOMAIN K): staff are assigned to projects for a period, renewed
yearly by the project lead. A lead renews the assignments of the staff of the projects they are
assigned to themselves; creating, changing and ending assignments stays with administrators."""

import datetime as dt

from models.accounts.models import UserProject, projects_in_force
from models.core.errors import DomainError, NotPermitted, ValidationError
from models.core.records import update_record
from models.core.roles import Role
from models.core.text import N_

# Whose assignments a project lead renews: the staff of the project, not other leads.
RENEWED_BY_LEADS = frozenset({Role.STAFF_READ, Role.STAFF_WRITE})


def can_renew_assignment(assignment: UserProject, user, today: dt.date) -> bool:
    """May `user` extend the period of `assignment`? Administrators always; a project lead
    for staff assignments of a project the lead is assigned to on `today`."""
    if user is None:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role != Role.PROJECT_LEAD or assignment.user_id == user.id:
        return False
    if assignment.user.role not in RENEWED_BY_LEADS:
        return False
    return projects_in_force(user, today).where(
        UserProject.project == assignment.project_id).exists()


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def renew_assignment(assignment: UserProject, actor, now: dt.datetime,
                     until: dt.date | None = None) -> UserProject:
    """Extend `assignment` to `until`, by default one year after its end (or after today,
    when it has lapsed already); at most that far. Written with its history entry."""
    today = now.date()
    if not can_renew_assignment(assignment, actor, today):
        raise NotPermitted(N_("You may renew the assignments of the staff of your projects "
                              "only."))
    if assignment.valid_to is None:
        raise DomainError(N_("This assignment has no end; it needs no renewal."))
    latest = _one_year_after(max(assignment.valid_to, today))
    until = until or latest
    if until <= assignment.valid_to:
        raise ValidationError({"valid_to": N_("The new end must lie after the current end.")})
    if until > latest:
        raise ValidationError({"valid_to": N_(
            "An assignment is renewed for one year at most.")})
    old = dict(assignment.__data__)
    assignment.valid_to = until
    return update_record(assignment, old, actor, now)
