"""The commissions' work queues: each compliance list of 004 (no personal contact for 8 weeks,
status report due, …) on the start page of the IFD's staff, counted and linked."""

from models.commissions.compliance import COMPLIANCE_LISTS
from models.commissions.models import Commission
from models.core.queues import Queue, register_queue
from models.core.roles import STAFF_ROLES

for _key, (_label, _condition) in COMPLIANCE_LISTS.items():
    register_queue(Queue(f"commission_{_key}", _label, STAFF_ROLES, Commission, _condition,
                         "commission.index_view", {"list": _key}))
