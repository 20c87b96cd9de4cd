"""The delivered hours' work queue (001 §6): participations whose approved hours of last month
have no delivered-hours entry yet, on the start page of the projects' writing staff."""

import datetime as dt

from models.core.queues import Queue, register_queue
from models.core.roles import WORKING_ROLES
from models.core.text import N_
from models.hours.models import DeliveredHours
from models.participations.models import Participation
from models.requests.models import VALID_FOR_HOURS, AssistanceRequest


def last_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the calendar month before `today`'s."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def hours_missing(today: dt.date):
    """An approved or ended request counts hours in last month (DOMAIN D: approval start to
    actual end or open), and no entry of the participation touches that month."""
    start, end = last_month(today)
    counted = AssistanceRequest.select(AssistanceRequest.participation).where(
        AssistanceRequest.status.in_(sorted(VALID_FOR_HOURS))
        & (AssistanceRequest.approval_start <= end)
        & (AssistanceRequest.actual_end.is_null() | (AssistanceRequest.actual_end >= start)))
    entered = DeliveredHours.select(DeliveredHours.participation).where(
        (DeliveredHours.period_start <= end) & (DeliveredHours.period_end >= start))
    return Participation.id.in_(counted) & Participation.id.not_in(entered)


register_queue(Queue("hours_missing", N_("Delivered hours missing for last month"),
                     WORKING_ROLES, Participation, hours_missing, "participation.index_view",
                     {"queue": "hours_missing"}))
