"""Roles and the named sets of roles every rule speaks of. Imports no model."""

from models.core.labels import LabelledEnum
from models.core.text import N_


class Role(LabelledEnum):
    """What a user is: staff of projects, clerk of a funding body, statistics or admin."""

    STAFF_READ = "staff_read", N_("Project staff (read)")
    STAFF_WRITE = "staff_write", N_("Project staff (write)")
    PROJECT_LEAD = "project_lead", N_("Project lead")
    CLERK = "clerk", N_("Funding-body clerk")
    # Teilhabeplanende:r (000): reads like the body's clerks, and adds the persons a provider
    # misses to the projects of providers with a service agreement with the body.
    PLANNER = "planner", N_("Funding-body planner")
    STATISTICS = "statistics", N_("Statistics reader")
    ADMIN = "admin", N_("Administrator")


ALL_ROLES = frozenset(Role)
NO_ROLE = frozenset()
ADMIN_ONLY = frozenset({Role.ADMIN})
STAFF_ROLES = frozenset({Role.STAFF_READ, Role.STAFF_WRITE, Role.PROJECT_LEAD})
# Staff who work on cases themselves; leads and administrators also supervise others' cases.
WORKING_ROLES = frozenset({Role.STAFF_WRITE, Role.PROJECT_LEAD})
SUPERVISING_ROLES = frozenset({Role.ADMIN, Role.PROJECT_LEAD})
# The project side that writes records: persons, participations, requests, hours, care.
PROJECT_WRITERS = frozenset({Role.ADMIN, Role.STAFF_WRITE, Role.PROJECT_LEAD})
# Users of a funding body: they see what is addressed to their body.
FUNDING_USERS = frozenset({Role.CLERK, Role.PLANNER})
# The funding body's side of a request's workflow.
FUNDING_SIDE = frozenset({Role.CLERK, Role.ADMIN})
# Roles that may read personal (pb) data; the statistics role sees non-personal data only.
PERSONAL_READERS = ALL_ROLES - {Role.STATISTICS}
# Who writes and who reads messages in a case's history.
MESSAGE_WRITERS = frozenset({Role.STAFF_WRITE, Role.PROJECT_LEAD, Role.CLERK, Role.ADMIN})
MESSAGE_READERS = MESSAGE_WRITERS | {Role.STAFF_READ, Role.PLANNER}


def role_of(user) -> Role | None:
    """The role of a logged-in `user`, or None for nobody."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Role(user.role)


def may_read_personal(user) -> bool:
    """True when `user` may read personal data: names, birth dates, notes, file names …"""
    return user is not None and user.role in PERSONAL_READERS
