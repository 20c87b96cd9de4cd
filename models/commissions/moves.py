"""Moving a running commission (004 §2.4, §8.2): to another caseworker of its IFD, or to another
IFD, without closing it. In Fallakte an IFD is a project: a move to another project needs the
client's release from confidentiality uploaded to the commission."""

import datetime as dt

from models.accounts.models import UserProject, projects_in_force
from models.commissions.models import OPEN_PHASES, Commission, Phase
from models.commissions.phases import acts_for_commission
from models.core.base import db
from models.core.errors import NotPermitted, ValidationError
from models.core.history import Event, Kind, field_changes, record_history
from models.core.records import ChangedMeanwhile
from models.core.roles import WORKING_ROLES
from models.core.text import N_
from models.documents.models import DocumentKind, has_document_of_kind


def is_assigned(user, project_id, today: dt.date) -> bool:
    """True when `user` is assigned to the project `project_id` on `today`."""
    return projects_in_force(user, today).where(UserProject.project == project_id).exists()


def move_problems(commission, project, caseworker, today: dt.date) -> dict:
    """{field: msgid} for every reason the move of `commission` to `project` (None: its own)
    and `caseworker` (None: the project team) is refused, all at once."""
    errors = {}
    project_id = project.id if project is not None else commission.project_id
    caseworker_id = caseworker.id if caseworker is not None else None
    if Phase(commission.phase) not in OPEN_PHASES:
        errors["commission"] = N_("Only a running commission is moved; a closed one stays "
                                  "with its IFD.")
    if project_id == commission.project_id and caseworker_id == commission.caseworker_id:
        errors["caseworker"] = N_("Please choose another caseworker or another IFD.")
    elif caseworker is not None and caseworker.role not in WORKING_ROLES:
        errors["caseworker"] = N_("The new caseworker must be a staff member who may write.")
    elif caseworker is not None and not is_assigned(caseworker, project_id, today):
        errors["caseworker"] = N_("The new caseworker is not assigned to the IFD of the "
                                  "commission.")
    if project_id != commission.project_id and not has_document_of_kind(
            commission, DocumentKind.CONFIDENTIALITY_RELEASE):
        errors["project"] = N_("A move to another IFD needs the client's release from "
                               "confidentiality (Schweigepflichtentbindung) uploaded to the "
                               "commission.")
    return errors


def move_commission(commission, actor, now: dt.datetime, *, project=None, caseworker=None):
    """Hand `commission` to `caseworker` (None: the whole team) of `project` (None: its own
    IFD) without closing it; the phase and its dates stay, the history records the move."""
    if not acts_for_commission(commission, actor, now.date()):
        raise NotPermitted(N_("You may not move this commission."))
    errors = move_problems(commission, project, caseworker, now.date())
    if errors:
        raise ValidationError(errors)
    values = {"project": project.id if project is not None else commission.project_id,
              "caseworker": caseworker.id if caseworker is not None else None}
    old = dict(commission.__data__)
    with db.atomic():
        updated = (Commission.update(**values, version=commission.version + 1)
                   .where((Commission.id == commission.id)
                          & (Commission.version == commission.version))
                   .execute())
        if updated != 1:
            raise ChangedMeanwhile(commission)
        for name, value in values.items():
            setattr(commission, f"{name}_id", value)
        commission.version += 1
        record_history(commission, actor, now, Event.UPDATED, field_changes(commission, old),
                       kind=Kind.INFO)
    return commission
