"""The requests' work queues (001 §4.1): what waits for the funding body's clerks and for the
projects' staff."""

import datetime as dt

from models.core.history import HistoryEntry, Kind
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


def rework_answers(_today: dt.date):
    """Sent again after the funding body asked for rework: the project's answer waits for a
    decision (001 §4.1: "Nachbesserung")."""
    reworked = HistoryEntry.select(HistoryEntry.record_id).where(
        (HistoryEntry.relation == AssistanceRequest.history_relation)
        & (HistoryEntry.kind == Kind.STATUS) & (HistoryEntry.status == Status.REWORK))
    return (AssistanceRequest.status == Status.SUBMITTED) & AssistanceRequest.id.in_(reworked)


CLERKS = frozenset({Role.CLERK})
register_queue(Queue("new_requests", N_("New requests"), CLERKS, AssistanceRequest,
                     new_requests, "request.index_view", {"list": "new"}))
register_queue(Queue("rework_answers", N_("Answers to a rework request"), CLERKS,
                     AssistanceRequest, rework_answers, "request.index_view",
                     {"queue": "rework_answers"}))
register_queue(Queue("rework", N_("Rework needed"), STAFF_ROLES, AssistanceRequest,
                     rework_needed, "request.index_view", {"list": "rework"}))
register_queue(Queue("drafts", N_("Requests not sent yet"), PROJECT_WRITERS - {Role.ADMIN},
                     AssistanceRequest, drafts, "request.index_view", {"queue": "drafts"}))
register_queue(Queue("expiring", N_("Approvals ending within 30 days"),
                     CLERKS | STAFF_ROLES, AssistanceRequest, expiring_approvals,
                     "request.index_view", {"queue": "expiring"}))


def approved_since_last_login(_today: dt.date, user):
    """Approved after the user's previous login (for a first login: since the account was
    created), whatever their status now: the approval is the news."""
    since = user.previous_login_at or user.created_at or dt.datetime.min
    approvals = HistoryEntry.select(HistoryEntry.record_id).where(
        (HistoryEntry.relation == AssistanceRequest.history_relation)
        & (HistoryEntry.kind == Kind.STATUS) & (HistoryEntry.status == Status.APPROVED)
        & (HistoryEntry.created_at > since))
    return AssistanceRequest.id.in_(approvals)


register_queue(Queue("approved_since_login", N_("Approved since your last login"), STAFF_ROLES,
                     AssistanceRequest, approved_since_last_login, "request.index_view",
                     {"queue": "approved_since_login"}, per_user=True))
