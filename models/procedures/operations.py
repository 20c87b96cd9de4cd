"""The steps of a procedure (000): open the first one, close it, open a continuation. Each takes
the acting user and the time, checks, and writes with its history entry in one transaction."""

import datetime as dt

from peewee import IntegrityError

from models.accounts.delegation import Delegation, active_delegations
from models.accounts.models import User
from models.core.access import is_visible, may_write
from models.core.base import db
from models.core.errors import DomainError, NotPermitted
from models.core.history import Event, Kind, field_changes, record_history
from models.core.records import ChangedMeanwhile
from models.core.roles import Role
from models.core.text import N_
from models.people.models import Project
from models.procedures.models import (
    Procedure,
    ProcedureStatus,
    ProcedureType,
    ServiceAgreement,
)


class ProcedureOpen(DomainError):
    """Another procedure of the person is still open: names who holds it (editor, project)."""

    def __init__(self, current: Procedure):
        super().__init__(N_("A procedure of this person is still open (editor: %(editor)s, "
                            "project: %(project)s); it must be closed first."),
                         editor=current.editor.full_name, project=current.project.name)
        self.current = current


def current_procedure(person) -> Procedure | None:
    """The person's open procedure, or None."""
    return (Procedure.select().where((Procedure.person == person) & Procedure.closed.is_null())
            .first())


def agreement_in_force(provider_id, funding_body_id, today: dt.date) -> bool:
    """True when a service agreement of the provider with the funding body is valid `today`
    (both ends included)."""
    return ServiceAgreement.select().where(
        (ServiceAgreement.provider == provider_id)
        & (ServiceAgreement.funding_body == funding_body_id)
        & (ServiceAgreement.valid_from <= today)
        & (ServiceAgreement.valid_to.is_null() | (ServiceAgreement.valid_to >= today))).exists()


def planners_to_ask(user, today: dt.date) -> list:
    """Planners of the bodies under agreement with a staff user's projects: whom to ask."""
    from models.accounts.models import projects_in_force
    from models.people.models import FundingBody

    if user is None or not user.is_staff:
        return []
    providers = Project.select(Project.provider).where(
        Project.id.in_(projects_in_force(user, today)))
    bodies = ServiceAgreement.select(ServiceAgreement.funding_body).where(
        ServiceAgreement.provider.in_(providers) & (ServiceAgreement.valid_from <= today)
        & (ServiceAgreement.valid_to.is_null() | (ServiceAgreement.valid_to >= today)))
    return list(User.select(User, FundingBody)
                .join(FundingBody, on=(User.funding_body == FundingBody.id), attr="funding_body")
                .where((User.role == Role.PLANNER) & User.active
                       & User.funding_body.in_(bodies))
                .order_by(FundingBody.name, User.full_name))


def can_open(actor, person, project, funding_body, today: dt.date) -> bool:
    """True when `actor` may open a procedure of `person` in `project` for `funding_body`:
    a writing role, the person in scope, and (for staff) a service agreement in force."""
    if actor is None:
        return True
    if not (may_write(actor, Procedure) and is_visible(actor, person)):
        return False
    if actor.is_staff:
        provider_id = Project.get_by_id(getattr(project, "id", project)).provider_id
        return agreement_in_force(provider_id, getattr(funding_body, "id", funding_body), today)
    return True


def can_close(procedure: Procedure, actor) -> bool:
    """The editor closes a procedure, or a colleague the editor delegated their cases to."""
    if actor is None:
        return True
    if procedure.closed is not None or not may_write(actor, Procedure):
        return False
    if actor.id == procedure.editor_id:
        return True
    return active_delegations().where((Delegation.grantor == procedure.editor_id)
                                      & (Delegation.grantee == actor.id)).exists()


def _refuse_while_open(person) -> None:
    current = current_procedure(person)
    if current is not None:
        raise ProcedureOpen(current)


def _insert(procedure: Procedure, actor, now) -> Procedure:
    """Insert inside the caller's transaction; the partial unique index refuses a second
    current procedure that slipped past the check (two users at the same moment)."""
    try:
        with db.atomic():
            procedure.save(force_insert=True)
    except IntegrityError:
        current = current_procedure(procedure.person)
        if current is None:
            raise
        raise ProcedureOpen(current) from None
    record_history(procedure, actor, now, Event.CREATED, field_changes(procedure, {}))
    return procedure


def open_procedure(person, project, funding_body, actor, now: dt.datetime,
                   goals: str | None = None) -> Procedure:
    """Open the first procedure (initial assessment) of `person`; `actor` becomes its editor."""
    if not can_open(actor, person, project, funding_body, now.date()):
        raise NotPermitted(N_("You may not open a procedure for this person."))
    procedure = Procedure(person=person, project=project, funding_body=funding_body,
                          editor=actor, opened=now, type=ProcedureType.INITIAL, goals=goals)
    procedure.before_save(actor, None, now.date())
    with db.atomic():
        _refuse_while_open(person)
        if Procedure.select().where(Procedure.person == person).exists():
            raise DomainError(N_("This person has had a procedure already: open a "
                                 "continuation."))
        return _insert(procedure, actor, now)


def open_continuation(person, actor, now: dt.datetime) -> Procedure:
    """Open a continuation of the person's latest procedure, once that one is closed; same
    project and funding body, goals taken over; `actor` becomes its editor."""
    if actor is None or not may_write(actor, Procedure):
        raise NotPermitted(N_("Only users with the right to write open a continuation."))
    with db.atomic():
        _refuse_while_open(person)
        previous = (Procedure.select().where(Procedure.person == person)
                    .order_by(Procedure.opened.desc(), Procedure.id.desc()).first())
        if previous is None:
            raise DomainError(N_("This person has no procedure yet: open an initial "
                                 "assessment."))
        if not can_open(actor, person, previous.project, previous.funding_body_id, now.date()):
            raise NotPermitted(N_("You may not open a procedure for this person."))
        procedure = Procedure(person=person, project=previous.project_id,
                              funding_body=previous.funding_body_id, editor=actor, opened=now,
                              type=ProcedureType.CONTINUATION, goals=previous.goals,
                              previous=previous)
        return _insert(procedure, actor, now)


def close_procedure(procedure: Procedure, actor, now: dt.datetime) -> Procedure:
    """Close an open procedure (the editor or a delegate); final."""
    if procedure.closed is not None:
        raise DomainError(N_("This procedure is closed already."))
    if not can_close(procedure, actor):
        raise NotPermitted(N_("Only the editor of the procedure or a delegate closes it."))
    values = {"status": ProcedureStatus.CLOSED, "closed": now, "version": procedure.version + 1}
    with db.atomic():
        updated = (Procedure.update(**values)
                   .where((Procedure.id == procedure.id) & (Procedure.version == procedure.version)
                          & Procedure.closed.is_null()).execute())
        if updated != 1:
            raise ChangedMeanwhile(procedure)
        old = dict(procedure.__data__)
        for name, value in values.items():
            setattr(procedure, name, value)
        entry = record_history(procedure, actor, now, Event.UPDATED,
                               field_changes(procedure, old), kind=Kind.STATUS)
        entry.status = ProcedureStatus.CLOSED
        entry.save()
    return procedure


def close_procedures(procedures, actor, now: dt.datetime) -> tuple[list, list]:
    """Close many (a bulk action): returns (closed, refused with their messages)."""
    done, refused = [], []
    for procedure in procedures:
        try:
            done.append(close_procedure(procedure, actor, now))
        except DomainError as error:
            refused.append((procedure, error))
    return done, refused
