"""The accounts' work queues: locked accounts for administrators, project assignments ending
within 30 days for administrators and project leads (who renew their staff's, DOMAIN K)."""

import datetime as dt

from models.accounts.models import User, UserProject
from models.core.queues import Queue, register_queue
from models.core.roles import ADMIN_ONLY, Role
from models.core.text import N_

EXPIRING_WITHIN = dt.timedelta(days=30)


def locked(_today: dt.date):
    """Locked after three failed logins, until an administrator unlocks them."""
    return User.locked_at.is_null(False)


def expiring_assignments(today: dt.date):
    """The assignment ends within the next 30 days: renew it or let it end."""
    return (UserProject.valid_to >= today) & (UserProject.valid_to <= today + EXPIRING_WITHIN)


register_queue(Queue("locked_accounts", N_("Locked accounts"), ADMIN_ONLY, User, locked,
                     "user.index_view", {"queue": "locked_accounts"}))
register_queue(Queue("expiring_assignments", N_("Project assignments ending within 30 days"),
                     ADMIN_ONLY | {Role.PROJECT_LEAD}, UserProject, expiring_assignments,
                     "assignment.index_view", {"queue": "expiring_assignments"}))
