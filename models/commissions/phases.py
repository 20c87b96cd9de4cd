"""Phase changes of commissions with every gate of 004 §2 and §8. A refused change names every
unmet condition at once; a change writes the phase, its PhaseChange row and the history entry
in one transaction."""

import datetime as dt

from models.accounts.delegation import works_on
from models.accounts.models import UserProject, projects_in_force
from models.commissions.models import (
    OPEN_PHASES,
    STATISTICAL_FIELDS,
    TRANSITIONS,
    Commission,
    EndReason,
    LegalBasis,
    Phase,
    PhaseChange,
    ServiceType,
    is_integration_office,
)
from models.commissions.workdays import add_months
from models.core.base import db
from models.core.errors import DomainError, NotPermitted
from models.core.history import Event, Kind, field_changes, record_history
from models.core.records import ChangedMeanwhile
from models.core.roles import WORKING_ROLES, Role
from models.core.text import N_
from models.documents.models import DocumentKind, has_disability_proof, missing_kinds

# How long a phase may last or recur (004 §2.2, §2.3, §3.1, §3.2, §3.4).
P2_MAX_MONTHS = 2
P3_REENTRY_MONTHS = 1
SECURING_MONTHS = 9
SUPPORTED_EMPLOYMENT_MONTHS = 12
STABILISATION_MONTHS = 6

# What each missing document is called in a refusal.
MISSING_DOCUMENT = {
    DocumentKind.DATA_PROTECTION_NOTICE: N_(
        "The signed data-protection notice is not uploaded to the commission."),
    DocumentKind.GOAL_AGREEMENT: N_("The goal agreement is not uploaded to the commission."),
    DocumentKind.WRITTEN_COMMISSION: N_(
        "The written commission is not uploaded to the commission."),
    DocumentKind.EXPERT_OPINION: N_(
        "The finished expert opinion is not uploaded to the commission."),
    DocumentKind.CONFIDENTIALITY_RELEASE: N_(
        "The release from confidentiality is not uploaded to the commission."),
    # Made on the commission's page (models.commissions.reports) or uploaded signed.
    DocumentKind.FINAL_REPORT: N_(
        "No final report is stored with the commission (made on its page or uploaded)."),
}
MISSING_FIELD = {
    "funding_body": N_("The funding body is missing."),
    "legal_basis": N_("The legal basis is missing."),
    "service_type": N_("The service type is missing."),
    "case_group": N_("The case group is missing."),
}


class PhaseRefused(DomainError):
    """A phase change was refused; `conditions` lists every unmet one as (msgid, params)."""

    def __init__(self, conditions: list):
        super().__init__(N_("The phase change is not possible:"))
        self.conditions = tuple(conditions)


# -- who may -------------------------------------------------------------------------------


def acts_for_commission(commission, user, today: dt.date) -> bool:
    """An administrator, or write staff of the commission's project who work on it (caseworker,
    their delegates, the project lead)."""
    if user is None:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role not in WORKING_ROLES:
        return False
    assigned = projects_in_force(user, today).where(
        UserProject.project == commission.project_id).exists()
    return assigned and works_on(user, commission.caseworker_id)


def can_change_phase(commission, user, target, today: dt.date) -> bool:
    """May `user` move `commission` to `target` (the transition table and the actor)?"""
    return Phase(target) in TRANSITIONS[Phase(commission.phase)] \
        and acts_for_commission(commission, user, today)


# -- gates ---------------------------------------------------------------------------------


def _documents(commission, kinds) -> list:
    return [(MISSING_DOCUMENT[kind], {}) for kind in missing_kinds(commission, kinds)]


def _disability_proof(commission) -> list:
    if has_disability_proof(commission.person):
        return []
    return [(N_("No proof of disability with its notice uploaded for the person."), {})]


def last_entry(commission, phase):
    """The date of the latest change of `commission` into `phase`, or None."""
    row = (PhaseChange.select(PhaseChange.date)
           .where((PhaseChange.commission == commission.id) & (PhaseChange.to_phase == phase))
           .order_by(PhaseChange.date.desc()).first())
    return row.date if row else None


def _p3_gates(commission, on_date) -> list:
    unmet = _documents(commission, (DocumentKind.DATA_PROTECTION_NOTICE,))
    unmet += _disability_proof(commission)
    unmet += [(MISSING_FIELD[name], {}) for name in STATISTICAL_FIELDS
              if commission.__data__.get(name) in (None, "")]
    body = commission.funding_body if commission.funding_body_id else None
    if body is None:
        if len(missing_kinds(commission, (DocumentKind.GOAL_AGREEMENT,
                                          DocumentKind.WRITTEN_COMMISSION))) == 2:
            unmet.append((N_("Neither a goal agreement (Integrationsamt) nor a written "
                             "commission (rehabilitation body) is uploaded."), {}))
    elif is_integration_office(body):
        unmet += _documents(commission, (DocumentKind.GOAL_AGREEMENT,))
    else:
        unmet += _documents(commission, (DocumentKind.WRITTEN_COMMISSION,))
        if commission.planned_end is None:
            unmet.append((N_("The planned end set by the rehabilitation body is missing."), {}))
    previous = last_entry(commission, Phase.P3)
    if previous is not None and on_date < add_months(previous, P3_REENTRY_MONTHS):
        unmet.append((N_("The commission entered P3 on %(date)s; a new entry in P3 is possible "
                         "only one month later."), {"date": previous}))
    return unmet


def _p4_gates(commission, end_reason) -> list:
    unmet = []
    if end_reason not in set(EndReason):
        unmet.append((N_("The end reason is missing."), {}))
    unmet += _documents(commission, (DocumentKind.FINAL_REPORT,))
    return unmet


def _fp3_gates(commission) -> list:
    unmet = [(MISSING_FIELD[name], {}) for name in ("funding_body", "legal_basis")
             if commission.__data__.get(name) in (None, "")]
    return unmet + _documents(commission, (DocumentKind.WRITTEN_COMMISSION,
                                           DocumentKind.DATA_PROTECTION_NOTICE))


def unmet_conditions(commission, target, on_date: dt.date, today: dt.date,
                     end_reason=None) -> list:
    """Every condition (msgid, params) that keeps `commission` from entering `target` on
    `on_date`; empty when the change is possible."""
    target = Phase(target)
    current = Phase(commission.phase)
    if target not in TRANSITIONS[current]:
        return [(N_("From %(from)s the commission cannot change to %(to)s."),
                 {"from": (current.label,), "to": (target.label,)})]
    unmet = []
    if on_date is None:
        return [(N_("The date of the phase change is missing."), {})]
    if on_date > today:
        unmet.append((N_("The date of the phase change lies in the future."), {}))
    if on_date < commission.phase_since:
        unmet.append((N_("The date of the phase change lies before the start of the current "
                         "phase (%(date)s)."), {"date": commission.phase_since}))
    if target == Phase.P2:
        unmet += _documents(commission, (DocumentKind.DATA_PROTECTION_NOTICE,))
        unmet += _disability_proof(commission)
    elif target == Phase.P3:
        unmet += _p3_gates(commission, on_date)
    elif target == Phase.P4:
        unmet += _p4_gates(commission, end_reason)
    elif target == Phase.FP3:
        unmet += _fp3_gates(commission)
    elif target == Phase.FP4:
        unmet += _documents(commission, (DocumentKind.EXPERT_OPINION,
                                          DocumentKind.CONFIDENTIALITY_RELEASE))
    return unmet


def planned_end_on_entry(commission, p3_date: dt.date):
    """The planned end when entering P3 on `p3_date`: 9 months for an Integrationsamt
    "Sicherung", 12 for supported employment, 6 for a stabilisation phase; otherwise the one
    the rehabilitation body set (kept) (004 §3.1, §3.2, §3.4)."""
    if commission.legal_basis == LegalBasis.STABILISATION:
        return add_months(p3_date, STABILISATION_MONTHS)
    if commission.legal_basis == LegalBasis.SUPPORTED_EMPLOYMENT \
            or commission.service_type == ServiceType.SUPPORTED_EMPLOYMENT:
        if is_integration_office(commission.funding_body):
            return add_months(p3_date, SUPPORTED_EMPLOYMENT_MONTHS)
        return commission.planned_end
    if commission.service_type == ServiceType.SECURING \
            and is_integration_office(commission.funding_body):
        return add_months(p3_date, SECURING_MONTHS)
    return commission.planned_end


def is_p2_overdue(commission, today: dt.date) -> bool:
    """True when the commission has been in P2 for more than two months (004 §2.2)."""
    return commission.phase == Phase.P2 \
        and today > add_months(commission.phase_since, P2_MAX_MONTHS)


# -- the change ----------------------------------------------------------------------------


def change_phase(commission, target, actor, now: dt.datetime, on_date: dt.date,
                 end_reason=None):
    """Move `commission` to `target` on `on_date` (all gates checked; every unmet one named),
    with its PhaseChange row and history entry in one transaction."""
    target = Phase(target)
    if not acts_for_commission(commission, actor, now.date()):
        raise NotPermitted(N_("You may not change the phase of this commission."))
    unmet = unmet_conditions(commission, target, on_date, now.date(), end_reason)
    if unmet:
        raise PhaseRefused(unmet)
    return change_phase_unchecked(commission, target, actor, now, on_date, end_reason)


def change_phase_unchecked(commission, target, actor, now, on_date, end_reason=None):
    """Write a phase change whose gates were checked: phase, PhaseChange row and history entry
    in one transaction, refused when the commission changed meanwhile."""
    target = Phase(target)
    values = {"phase": target, "phase_since": on_date, "version": commission.version + 1}
    if target in (Phase.P4, Phase.FP4, Phase.FP5):
        values["end_date"] = on_date
    if target == Phase.P4:
        values["end_reason"] = EndReason(end_reason)
    elif target in OPEN_PHASES:
        values["end_date"] = None
        values["end_reason"] = None
    if target == Phase.P3:
        values["planned_end"] = planned_end_on_entry(commission, on_date)
    source = commission.phase
    with db.atomic():
        updated = (Commission.update(**values)
                   .where((Commission.id == commission.id)
                          & (Commission.version == commission.version)
                          & (Commission.phase == source))
                   .execute())
        if updated != 1:
            raise ChangedMeanwhile(commission)
        old = dict(commission.__data__)
        for name, value in values.items():
            setattr(commission, name, value)
        PhaseChange.create(commission=commission, from_phase=source, to_phase=target,
                           date=on_date, actor=actor, recorded_at=now)
        entry = record_history(commission, actor, now, Event.UPDATED,
                                field_changes(commission, old), kind=Kind.STATUS)
        entry.status = target
        entry.save()
    return commission


def enter_counselling(commission, actor, now, on_date):
    """P1/P4 → P2 (needs the data-protection notice and the proof of disability)."""
    return change_phase(commission, Phase.P2, actor, now, on_date)


def commission_phase(commission, actor, now, on_date):
    """→ P3 (notice, proof, funding body, statistics, goal agreement or written commission,
    no second entry within a month)."""
    return change_phase(commission, Phase.P3, actor, now, on_date)


def close_commission(commission, actor, now, on_date, end_reason):
    """→ P4 (end reason and final report)."""
    return change_phase(commission, Phase.P4, actor, now, on_date, end_reason)


def start_opinion(commission, actor, now, on_date):
    """FP1 → FP3."""
    return change_phase(commission, Phase.FP3, actor, now, on_date)


def deliver_opinion(commission, actor, now, on_date):
    """FP3 → FP4."""
    return change_phase(commission, Phase.FP4, actor, now, on_date)


def return_opinion(commission, actor, now, on_date):
    """FP1/FP3 → FP5."""
    return change_phase(commission, Phase.FP5, actor, now, on_date)


def start_stabilisation(placement, actor, now: dt.datetime, job_start: dt.date, where=None):
    """A placement succeeded (004 §3.4): close the placement commission the day before the job
    starts (reason "placed", the gates of P4 apply) and open a "Sicherung" commission with the
    same funding body in P3 from the first working day of the job, for 6 months; both in one
    transaction. The job may start in the future. Returns the new commission."""
    from models.commissions.workdays import next_working_day, project_region
    from models.core.records import create_record

    if not acts_for_commission(placement, actor, now.date()):
        raise NotPermitted(N_("You may not change the phase of this commission."))
    unmet = []
    if placement.service_type != ServiceType.PLACEMENT or placement.phase != Phase.P3:
        unmet.append((N_("Only a commissioned placement (P3) opens a stabilisation phase."),
                      {}))
    close_on = job_start - dt.timedelta(days=1)
    # The close date may lie in the future here: the job start is known in advance.
    unmet += unmet_conditions(placement, Phase.P4, close_on, max(now.date(), close_on),
                              EndReason.PLACED)
    if unmet:
        raise PhaseRefused(unmet)
    start = next_working_day(job_start, where or project_region(placement.project))
    with db.atomic():
        change_phase_unchecked(placement, Phase.P4, actor, now, close_on, EndReason.PLACED)
        follow_up = Commission(
            person=placement.person_id, funding_body=placement.funding_body_id,
            legal_basis=LegalBasis.STABILISATION, service_type=ServiceType.SECURING,
            case_group=placement.case_group, caseworker=placement.caseworker_id, start=start,
            planned_end=add_months(start, STABILISATION_MONTHS), phase=Phase.P3,
            phase_since=start)
        create_record(follow_up, actor, now)
        PhaseChange.create(commission=follow_up, from_phase=Phase.P1, to_phase=Phase.P3,
                           date=start, actor=actor, recorded_at=now)
    return follow_up
