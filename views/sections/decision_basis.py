"""What a decision on a request rests on, as the request page shows it: the eligibility data
that approval freezes, the participation's documents and the person's proofs of disability,
the other requests of the participation with their hours, and its messages. Every part lists
only the rows the user sees in the list of their own kind (`section_rows`)."""

import dataclasses
import json
from dataclasses import dataclass, field

from peewee import fn, prefetch

from models.core.history import MESSAGES, HistoryEntry, belongs_to_participation, history_where
from models.disability.models import NOTICE_KINDS, Disability, DisabilityProof
from models.hours.arithmetic import approved_hours_so_far
from models.participations.models import ELIGIBILITY_FIELDS, Participation, snapshot_json
from models.people.models import FundingBody
from models.requests.models import VALID_FOR_HOURS, AssistanceRequest, Status
from views.core.formatting import format_date, hours_text, label_of
from views.sections.documents import document_sections
from views.sections.eligibility import eligibility_label, eligibility_text

# The records whose messages the request page shows: the participation's and its requests'.
MESSAGE_RELATIONS = (Participation.history_relation, AssistanceRequest.history_relation)
# Before these, approval is still ahead: the page shows what it would freeze.
UNDECIDED = frozenset({Status.IN_PROGRESS, Status.SUBMITTED, Status.REWORK})


@dataclass
class OtherRequest:
    """Another request of the participation as the basis lists it."""

    request: AssistanceRequest
    status: str
    period: str
    hours_per_week: str
    approved_so_far: str


@dataclass
class RequestBasis:
    """The parts of the request page that show what a decision rests on."""

    eligibility: list
    frozen: bool
    pending: bool
    documents: object
    proofs: list = field(default_factory=list)
    proof_documents: dict = field(default_factory=dict)
    others: list = field(default_factory=list)

    def notice_kind(self, code) -> str:
        """The German name of a proof's kind of notice."""
        return label_of(NOTICE_KINDS, code)


def eligibility_rows(data: dict) -> list:
    """(label, text) of the eligibility fields in `data` (a snapshot's dictionary)."""
    return [(eligibility_label(name), eligibility_text(name, data[name]))
            for name in ELIGIBILITY_FIELDS if name in data]


def request_basis(view, row, today) -> RequestBasis:
    """The basis of `row` (a request with participation and person joined) for `view`'s
    user: a constant number of queries, however many documents, proofs and requests."""
    participation = row.participation
    frozen = row.snapshot_data
    # Exactly what approve_request would store, read the same way.
    data = frozen if frozen is not None else json.loads(snapshot_json(participation))
    documents = dataclasses.replace(document_sections([participation])[participation.id],
                                    may_upload=False)
    proofs = list(prefetch(
        view.section_rows(DisabilityProof)
        .where(DisabilityProof.person == participation.person_id)
        .order_by(fn.COALESCE(DisabilityProof.effective_from,
                              DisabilityProof.notice_date).desc(), DisabilityProof.id.desc()),
        Disability.select().order_by(Disability.position)))
    proof_documents = {key: dataclasses.replace(section, may_upload=False)
                       for key, section in document_sections(proofs).items()}
    return RequestBasis(eligibility=eligibility_rows(data), frozen=frozen is not None,
                        pending=Status(row.status) in UNDECIDED, documents=documents,
                        proofs=proofs, proof_documents=proof_documents,
                        others=other_requests(view, row, today))


def other_requests(view, row, today) -> list[OtherRequest]:
    """The participation's other requests the user sees, newest start first, with the hours
    each has granted so far (approved and ended ones only)."""
    query = (AssistanceRequest.select(AssistanceRequest, FundingBody)
             .join(FundingBody, on=(AssistanceRequest.funding_body == FundingBody.id))
             .where((AssistanceRequest.participation == row.participation_id)
                    & (AssistanceRequest.id != row.id))
             .order_by(AssistanceRequest.approval_start.desc(), AssistanceRequest.id.desc()))
    found = []
    for other in view.section_rows(AssistanceRequest, query):
        valid = Status(other.status) in VALID_FOR_HOURS
        so_far = (approved_hours_so_far(other.hours_per_week, other.approval_start,
                                        other.actual_end, today) if valid else None)
        end = other.actual_end or other.planned_end
        found.append(OtherRequest(
            request=other, status=label_of(Status.labels(), other.status),
            period=f"{format_date(other.approval_start)} – {format_date(end) or '…'}",
            hours_per_week=hours_text(other.hours_per_week), approved_so_far=hours_text(so_far)))
    return found


def participation_messages(participation_id: int):
    """The messages of a participation and of all its requests, newest first (to be read
    through `section_history`, which keeps those of records the user sees)."""
    return history_where(belongs_to_participation(participation_id) & MESSAGES
                         & HistoryEntry.relation.in_(MESSAGE_RELATIONS))


def decision_reason(messages, row):
    """The message given with the decision that put `row` in its current status (rejected or
    rework), or None: the project reads why first."""
    if messages is None or Status(row.status) not in (Status.REJECTED, Status.REWORK):
        return None
    return next((entry for entry in messages
                 if entry.relation == AssistanceRequest.history_relation
                 and entry.record_id == row.id and entry.status == row.status
                 and entry.message), None)
