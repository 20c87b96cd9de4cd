"""Assistance requests and their approval workflow (DOMAIN part C, 001 §3.3, §4)."""

import datetime as dt
import decimal
import enum
import json

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    TextField,
)

from models.core import clock
from models.core.base import VersionedModel, db, refuse_move
from models.core.errors import DomainError, NotPermitted, ValidationError
from models.core.history import Event, Kind, field_changes, record_history
from models.core.labels import LabelledEnum
from models.core.records import ChangedMeanwhile
from models.core.roles import Role
from models.core.text import N_
from models.participations.models import (
    Participation,
    acts_for_participation,
    is_complete,
    snapshot_json,
)
from models.people.models import FundingBody


class Status(LabelledEnum):
    """Where a request stands."""

    IN_PROGRESS = "in_progress", N_("in progress")
    SUBMITTED = "submitted", N_("request sent")
    APPROVED = "approved", N_("approved")
    REJECTED = "rejected", N_("rejected")
    REWORK = "rework", N_("rework needed")
    ENDED = "ended", N_("ended")




class Actor(enum.StrEnum):
    """Which side may fire a transition."""

    PROJECT = "project"
    FUNDING_BODY = "funding_body"


# (action, from status) -> (to status, who may do it)
TRANSITIONS = {
    ("submit", Status.IN_PROGRESS): (Status.SUBMITTED, Actor.PROJECT),
    ("submit", Status.REWORK): (Status.SUBMITTED, Actor.PROJECT),
    ("approve", Status.SUBMITTED): (Status.APPROVED, Actor.FUNDING_BODY),
    ("reject", Status.SUBMITTED): (Status.REJECTED, Actor.FUNDING_BODY),
    ("request_rework", Status.SUBMITTED): (Status.REWORK, Actor.FUNDING_BODY),
    ("end", Status.APPROVED): (Status.ENDED, Actor.PROJECT),
}
EDITABLE = frozenset({Status.IN_PROGRESS, Status.REWORK})
VALID_FOR_HOURS = frozenset({Status.APPROVED, Status.ENDED})

REASONS = (
    ("employment", N_("dependent employment")),
    ("marginal", N_("marginal employment")),
    ("self_employed", N_("self-employment")),
    ("job_search", N_("job search")),
    ("studies", N_("studies")),
    ("apprenticeship", N_("apprenticeship")),
    ("training", N_("other training")),
)
DELIVERY_MODELS = (
    ("employer", N_("employer model")),
    ("employee", N_("employee model")),
    ("mixed", N_("mixed model")),
)
END_REASONS = (
    ("period_expired", N_("approval period expired")),
    ("hours_changed", N_("change of hours")),
    ("reason_changed", N_("end or change of reason")),
    ("provider_changed", N_("change of provider or project")),
    ("old_age_pension", N_("old-age pension")),
    ("disability_pension", N_("disability pension")),
    ("waived", N_("waived or broken off by the person")),
    ("provider_broke_off", N_("broken off by the provider")),
    ("other", N_("other")),
)
QUARTER = decimal.Decimal("0.25")


class ConcurrentChange(ChangedMeanwhile):
    """Someone changed the request between reading and writing it (a transition)."""

    def __init__(self, request):
        super().__init__(request, N_("The request was changed by someone else meanwhile. "
                                     "Please reload it and try again."))


class AssistanceRequest(VersionedModel):
    """A concrete need for assistance hours that a funding body approves."""

    participation = ForeignKeyField(Participation, backref="requests", on_delete="RESTRICT",
                                    verbose_name=N_("Participation"))
    funding_body = ForeignKeyField(FundingBody, backref="requests", on_delete="RESTRICT",
                                   verbose_name=N_("Funding body"))
    status = CharField(max_length=20, default=Status.IN_PROGRESS, index=True,
                       choices=Status.choices(), verbose_name=N_("Status"))
    approval_start = DateField(verbose_name=N_("Approval start"))
    planned_end = DateField(null=True, verbose_name=N_("Planned approval end"))
    reason = CharField(max_length=20, choices=REASONS, verbose_name=N_("Reason"))
    region = CharField(max_length=120, null=True, verbose_name=N_("Region"))
    delivery_model = CharField(max_length=20, choices=DELIVERY_MODELS,
                               verbose_name=N_("Delivery model"))
    hours_per_week = DecimalField(max_digits=6, decimal_places=2,
                                  verbose_name=N_("Hours per week"))
    message = TextField(null=True, verbose_name=N_("Message"))
    actual_end = DateField(null=True, verbose_name=N_("Actual end date"))
    end_reason = CharField(max_length=20, null=True, choices=END_REASONS,
                           verbose_name=N_("End reason"))
    end_reason_text = TextField(null=True, verbose_name=N_("End reason (other)"))
    snapshot = TextField(null=True, verbose_name=N_("Eligibility at approval"))
    created_at = DateTimeField(default=clock.now, verbose_name=N_("Created"))

    history_relation = "request"
    verbose_name, verbose_name_plural = N_("Assistance request"), N_("assistance requests")
    snapshot_fields = {"snapshot": Participation}
    # Written by the transitions only (_transition), never by an edit of the fields.
    workflow_fields = ("status", "snapshot", "actual_end", "end_reason", "end_reason_text")
    # Free text may name persons.
    personal_fields = ("message", "end_reason_text")

    def __str__(self):
        return f"#{self.id} {self.participation.person}" if self.id else "–"

    def history_label(self) -> str:
        return f"#{self._pk}"

    @property
    def snapshot_data(self) -> dict | None:
        """The eligibility data frozen at approval, or None before."""
        return json.loads(self.snapshot) if self.snapshot else None

    def before_save(self, actor, old, today) -> None:
        """Fields may change only in draft/rework, by the project, with complete eligibility."""
        if old is not None and old.get("status") not in EDITABLE:
            raise DomainError(N_("Only requests in progress or in rework can be changed."))
        refuse_move(self, old, "participation", N_(
            "The participation of a request cannot be changed; delete the request and create "
            "it for the right participation."))
        if actor is not None and not acts_for_participation(self.participation, actor, today):
            raise NotPermitted(N_("Only the project may change the request."))
        errors = {}
        if not is_complete(self.participation):
            errors["participation"] = N_(
                "The eligibility data of the participation are incomplete.")
        hours = self.hours_per_week
        if hours is None or hours <= 0 or hours % QUARTER:
            errors["hours_per_week"] = N_(
                "Hours per week are given in quarter hours (e.g. 12.25), more than 0.")
        if self.planned_end and self.approval_start and self.planned_end < self.approval_start:
            errors["planned_end"] = N_("The planned end lies before the approval start.")
        if not self.region:
            self.region = self.participation.project.region
        if errors:
            raise ValidationError(errors)

    def before_delete(self, actor, now) -> None:
        """Only drafts and rework requests may be deleted, and only by the project."""
        if self.status not in EDITABLE:
            raise DomainError(N_("Only requests in progress or in rework can be deleted."))
        if actor is not None and not acts_for_project(self, actor, now.date()):
            raise NotPermitted(N_("Only the project may delete the request."))


# -- who acts -----------------------------------------------------------------------------


def acts_for_project(request, user, today: dt.date) -> bool:
    """True when `user` may act as the request's project on `today` (see acts_for_participation)."""
    return acts_for_participation(request.participation, user, today)


def acts_for_funding_body(request, user) -> bool:
    """True when `user` is a clerk of the body the request is addressed to, or admin."""
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.CLERK and user.funding_body_id == request.funding_body_id


def _may(action: str, request, user, today: dt.date | None) -> bool:
    rule = TRANSITIONS.get((action, Status(request.status)))
    if rule is None:
        return False
    side = rule[1]
    if side == Actor.FUNDING_BODY:
        return acts_for_funding_body(request, user)
    return acts_for_project(request, user, today or clock.today())


def can_submit(request, user, today: dt.date | None = None) -> bool:
    """May `user` send the request to the funding body now?"""
    return _may("submit", request, user, today)


def can_approve(request, user, today: dt.date | None = None) -> bool:
    """May `user` approve the request now?"""
    return _may("approve", request, user, today)


def can_reject(request, user, today: dt.date | None = None) -> bool:
    """May `user` reject the request now?"""
    return _may("reject", request, user, today)


def can_request_rework(request, user, today: dt.date | None = None) -> bool:
    """May `user` send the request back for rework now?"""
    return _may("request_rework", request, user, today)


def can_end(request, user, today: dt.date | None = None) -> bool:
    """May `user` end the approved request now?"""
    return _may("end", request, user, today)


def can_edit(request, user, today: dt.date | None = None) -> bool:
    """May `user` change the fields of the request now?"""
    return Status(request.status) in EDITABLE and acts_for_project(request, user,
                                                                today or clock.today())


# -- transitions --------------------------------------------------------------------------


def _transition(request, action, actor, now, changes=None, message=None, reason=False):
    """Move `request` along TRANSITIONS with optimistic locking and a status history entry;
    with `reason`, the message is the decision's reason and must be given."""
    current = Status(request.status)
    rule = TRANSITIONS.get((action, current))
    if rule is None:
        raise DomainError(N_("This step is not possible in status %(status)s."),
                          status=(Status(current).label,))
    target, _side = rule
    if not _may(action, request, actor, now.date()):
        raise NotPermitted(N_("You may not do this step for this request."))
    if reason and not (message or "").strip():
        # The project has to learn why; a decision without a reason leaves it guessing.
        raise ValidationError({"message": N_("Please give the reason; the project reads it.")})
    values = {"status": target, "version": request.version + 1, **(changes or {})}
    with db.atomic():
        updated = (
            AssistanceRequest.update(**values)
            .where((AssistanceRequest.id == request.id)
                   & (AssistanceRequest.version == request.version)
                   & (AssistanceRequest.status == current))
            .execute()
        )
        if updated != 1:
            raise ConcurrentChange(request)
        old = dict(request.__data__)
        for name, value in values.items():
            setattr(request, name, value)
        details = field_changes(request, old)
        entry = record_history(request, actor, now, Event.UPDATED, details, kind=Kind.STATUS,
                               message=message)
        entry.status = target
        entry.save()
    return request


def submit_request(request, actor, now):
    """Send the request to the funding body (project); its eligibility must be complete."""
    if not is_complete(request.participation):
        raise DomainError(N_("The eligibility data of the participation are incomplete."))
    return _transition(request, "submit", actor, now)


def save_and_submit_request(request, old, actor, now):
    """Save the fields and send the request in one step."""
    from models.core.records import create_record, update_record

    with db.atomic():
        if old is None:
            create_record(request, actor, now)
        else:
            update_record(request, old, actor, now)
        return submit_request(request, actor, now)


def approve_request(request, actor, now):
    """Approve (funding body); the eligibility data are frozen into the request."""
    return _transition(request, "approve", actor, now,
                       changes={"snapshot": snapshot_json(request.participation)})


def reject_request(request, actor, now, message=None):
    """Reject (funding body) with the reason as message, shown to the project."""
    return _transition(request, "reject", actor, now, message=(message or "").strip() or None,
                       reason=True)


def request_rework(request, actor, now, message=None):
    """Send back for rework (funding body) with the reason as message, shown to the project."""
    return _transition(request, "request_rework", actor, now,
                       message=(message or "").strip() or None, reason=True)


def end_request(request, actor, now, end_date, reason, text=None):
    """End an approved request (project) with the actual end date and the end reason."""
    errors = {}
    if end_date is None:
        errors["actual_end"] = N_("Please enter the actual end date.")
    elif end_date < request.approval_start:
        errors["actual_end"] = N_("The end date lies before the approval start.")
    if reason not in dict(END_REASONS):
        errors["end_reason"] = N_("Please choose an end reason.")
    elif reason == "period_expired" and request.planned_end is None:
        errors["end_reason"] = N_("The request has no planned end; please choose another "
                                  "end reason.")
    elif reason == "period_expired" and end_date is not None \
            and end_date != request.planned_end and "actual_end" not in errors:
        # The approval period expired: it ended on its planned end, not on another day.
        errors["actual_end"] = N_("With the reason 'approval period expired' the end date is "
                                  "the planned end of the approval.")
    if reason == "other" and not (text or "").strip():
        errors["end_reason_text"] = N_("Please describe the other end reason.")
    if errors:
        raise ValidationError(errors)
    changes = {"actual_end": end_date, "end_reason": reason,
               "end_reason_text": (text or "").strip() or None}
    return _transition(request, "end", actor, now, changes=changes)
