"""Users, their project assignments, delegations and announcements: administrators' records.
The history is read by administrators and written by no one."""

from models.core.access import register
from models.core.history import HistoryEntry
from models.core.roles import ADMIN_ONLY, NO_ROLE, STAFF_ROLES, role_of

from .announcements import Announcement
from .delegation import Delegation, colleague_ids
from .models import User, UserProject


def _pick_users(user, today):
    """Staff choose among their colleagues (and themselves); others among the visible users."""
    if role_of(user) in STAFF_ROLES:
        return User.select().where(User.id.in_(colleague_ids(user, today))
                                   | (User.id == user.id)).order_by(User.full_name)
    return None


register(User, read=ADMIN_ONLY, write=ADMIN_ONLY, pick=_pick_users,
         actions={"unlock": ADMIN_ONLY, "reset_second_factor": ADMIN_ONLY})
register(UserProject, read=ADMIN_ONLY, write=ADMIN_ONLY)
register(Delegation, read=ADMIN_ONLY, write=ADMIN_ONLY, actions={"revoke": ADMIN_ONLY})
register(Announcement, read=ADMIN_ONLY, write=ADMIN_ONLY)
register(HistoryEntry, read=ADMIN_ONLY, write=NO_ROLE)
