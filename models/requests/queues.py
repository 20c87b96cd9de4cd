"""The requests' work queues (001 §4.1): what waits for the funding body's clerks and for the
projects' staff."""

import datetime as dt

from models.core.queues import Queue, register_queue
from models.core.roles import PROJECT_WRITERS, STAFF_ROLES, Role
from models.core.text import N_
from models.requests.models import AssistanceRequest, Status

EXPIRING_WITHIN = dt.timedelta(days=30)


def new_requests(_today: dt.date):
    """Sent and waiting for the funding body's decision."""
    return AssistanceRequest.status == Status.SUBMITTED


def rework_needed(_today: dt.date):
    """Sent back to the project for rework."""
    return AssistanceRequest.status == Status.REWORK


def drafts(_today: dt.date):
    """Being prepared by the project, not sent yet."""
    return AssistanceRequest.status == Status.IN_PROGRESS


def expiring_approvals(today: dt.date):
    """Approved, the planned end within the next 30 days: a follow-up request is due."""
    return ((AssistanceRequest.status == Status.APPROVED)
            & (AssistanceRequest.planned_end >= today)
            & (AssistanceRequest.planned_end <= today + EXPIRING_WITHIN))


CLERKS = frozenset({Role.CLERK})
register_queue(Queue("new_requests", N_("New requests"), CLERKS, AssistanceRequest,
                     new_requests, "request.index_view", {"list": "new"}))
register_queue(Queue("rework", N_("Rework needed"), STAFF_ROLES, AssistanceRequest,
                     rework_needed, "request.index_view", {"list": "rework"}))
register_queue(Queue("drafts", N_("Requests not sent yet"), PROJECT_WRITERS - {Role.ADMIN},
                     AssistanceRequest, drafts, "request.index_view", {"queue": "drafts"}))
register_queue(Queue("expiring", N_("Approvals ending within 30 days"),
                     CLERKS | STAFF_ROLES, AssistanceRequest, expiring_approvals,
                     "request.index_view", {"queue": "expiring"}))
