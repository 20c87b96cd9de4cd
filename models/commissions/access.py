"""Who sees commissions and their rows (004 §1.3): staff their projects' commissions, clerks
their funding body's, statistics every row without personal fields, administrators all."""

from models.accounts.models import projects_in_force
from models.commissions.models import (
    TRANSITIONS,
    Commission,
    Contact,
    PhaseChange,
    Result,
    ResultKind,
    Task,
)
from models.commissions.occasions import OccasionAccess, open_commissions
from models.commissions.releases import PayingBodyRelease
from models.commissions.situations import EmploymentSituation
from models.core.access import register, visible
from models.core.roles import (
    ADMIN_ONLY,
    ALL_ROLES,
    FUNDING_SIDE,
    FUNDING_USERS,
    NO_ROLE,
    PROJECT_WRITERS,
    Role,
)

PHASE_ACTIONS = sorted({f"to_{target.value.lower()}" for targets in TRANSITIONS.values()
                        for target in targets} | {"stabilise"})


def _commissions(query, user, today):
    if user.is_staff:
        return query.where(Commission.project.in_(projects_in_force(user, today)))
    if user.role in FUNDING_USERS:
        return query.where(Commission.funding_body == user.funding_body_id)
    return query


def visible_commission_ids(user, today):
    """Subquery of the ids of the commissions `user` sees."""
    return visible(Commission, user, Commission.select(Commission.id), today)


def _by_commission(model):
    def scope(query, user, today):
        return query.where(model.commission.in_(visible_commission_ids(user, today)))
    return scope


# Phases change by their actions only (with a date and the gates), never by a bulk edit.
register(Commission, read=ALL_ROLES, write=PROJECT_WRITERS, scope=_commissions,
         actions={**{name: PROJECT_WRITERS for name in PHASE_ACTIONS}, "move": PROJECT_WRITERS,
                  "bulk_edit": NO_ROLE})
register(PhaseChange, read=ALL_ROLES, scope=_by_commission(PhaseChange))
# Contacts are the caseworkers' documentation; the funding body's clerks see the commission
# data, not the contacts (004 §8: documents at contacts are for the caseworkers only), except
# by an occasion-based access (models/commissions/occasions.py).
def _contacts(query, user, today):
    # The funding side (clerks, planners) sees contacts only of the commissions opened to the
    # user on occasion today (004 §1.3; only a clerk opens one).
    if user.role in FUNDING_USERS:
        return query.where(Contact.commission.in_(open_commissions(user, today)))
    return _by_commission(Contact)(query, user, today)


# The planner takes no part in a commission's work and opens no occasion-based access.
register(Contact, read=ALL_ROLES - {Role.PLANNER}, write=PROJECT_WRITERS, scope=_contacts,
         actions={"bulk_edit": NO_ROLE})
# Results are added with a contact's commission and never edited or deleted (004 §7): the
# project's writers only declare them invalid.
register(Result, read=ALL_ROLES, scope=_by_commission(Result),
         actions={"invalidate": PROJECT_WRITERS, "paying_body": PROJECT_WRITERS})
register(Task, read=ALL_ROLES, write=ADMIN_ONLY)
register(ResultKind, read=ALL_ROLES, write=ADMIN_ONLY)
register(EmploymentSituation, read=ALL_ROLES, write=PROJECT_WRITERS,
         scope=_by_commission(EmploymentSituation),
         actions={"confirm": PROJECT_WRITERS, "bulk_edit": NO_ROLE})


def _releases(query, user, today):
    # Staff see the releases for their IFDs; the funding side (clerks, planners) those of their
    # own body, a clerk of the Integrationsamt (who releases) every one.
    from models.commissions.releases import may_release

    if user.is_staff:
        return query.where(PayingBodyRelease.project.in_(projects_in_force(user, today)))
    if user.role in FUNDING_USERS and not may_release(user):
        return query.where(PayingBodyRelease.funding_body == user.funding_body_id)
    return query


register(PayingBodyRelease, read=ALL_ROLES, write=FUNDING_SIDE, scope=_releases,
         actions={"bulk_edit": NO_ROLE})


def _occasions(query, user, today):
    if user.role == Role.CLERK:
        return query.where(OccasionAccess.user == user.id)
    return query


# Administrators read every occasion-based access ("Anlassbezogene Zugriffe"); a clerk their
# own; the accesses are opened from the commission page, never edited.
register(OccasionAccess, read=ADMIN_ONLY | {Role.CLERK}, scope=_occasions)
