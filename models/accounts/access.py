"""Users, their project assignments, delegations and announcements: administrators' records.
The history is read by administrators and written by no one."""

from models.accounts.announcements import Announcement
from models.accounts.delegation import Delegation, colleague_ids
from models.accounts.models import User, UserProject, projects_in_force
from models.core.access import register
from models.core.history import HistoryEntry
from models.core.roles import ADMIN_ONLY, NO_ROLE, STAFF_ROLES, Role, role_of


def _pick_users(user, today):
    """Staff choose among their colleagues (and themselves); others among the visible users."""
    if role_of(user) in STAFF_ROLES:
        return User.select().where(User.id.in_(colleague_ids(user, today))
                                   | (User.id == user.id)).order_by(User.full_name)
    return None


register(User, read=ADMIN_ONLY, write=ADMIN_ONLY, pick=_pick_users,
         actions={"unlock": ADMIN_ONLY, "reset_second_factor": ADMIN_ONLY})
def _assignments(query, user, today):
    if user.is_staff:
        return query.where(UserProject.project.in_(projects_in_force(user, today)))
    return query


# Project leads renew the assignments of their projects' staff (models.accounts.assignments);
# renewing is checked per row by can_renew_assignment.
register(UserProject, read=ADMIN_ONLY | {Role.PROJECT_LEAD}, write=ADMIN_ONLY,
         scope=_assignments, actions={"renew": ADMIN_ONLY | {Role.PROJECT_LEAD}})
register(Delegation, read=ADMIN_ONLY, write=ADMIN_ONLY, actions={"revoke": ADMIN_ONLY})
register(Announcement, read=ADMIN_ONLY, write=ADMIN_ONLY)
register(HistoryEntry, read=ADMIN_ONLY, write=NO_ROLE)
