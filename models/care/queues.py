"""The care cases' work queue (003): running cases of clients with a red mark (no approval,
expired, or without hours), on the start page of the projects' staff."""

import datetime as dt

from peewee import fn

from models.care.models import HOUR_BASED, ApprovalPeriod, CareCase
from models.core.queues import Queue, register_queue
from models.core.roles import STAFF_ROLES
from models.core.text import N_


def red_marks(today: dt.date):
    """The condition of models.care.contingents.client_mark's red, in SQL: hour-based, and no
    running approval with hours, and not blue (no running approval, the latest ended one
    with an extension requested). Cases that have ended are nobody's work any more."""
    running = ApprovalPeriod.select(ApprovalPeriod.case).where(
        (ApprovalPeriod.start <= today) & (ApprovalPeriod.end >= today))
    later = ApprovalPeriod.alias()
    extended = ApprovalPeriod.select(ApprovalPeriod.case).where(
        (ApprovalPeriod.end < today) & ApprovalPeriod.extension_requested_on.is_null(False)
        & ~fn.EXISTS(later.select(later.id).where(
            (later.case == ApprovalPeriod.case) & (later.end < today)
            & (later.end > ApprovalPeriod.end))))
    blue = CareCase.id.not_in(running) & CareCase.id.in_(extended)
    return ((CareCase.billing == HOUR_BASED)
            & (CareCase.end.is_null() | (CareCase.end >= today))
            & CareCase.id.not_in(running.where(ApprovalPeriod.hours.is_null(False)))
            & ~blue)


register_queue(Queue("red_marks", N_("Clients with a red mark"), STAFF_ROLES, CareCase,
                     red_marks, "care_case.index_view", {"queue": "red_marks"}))
