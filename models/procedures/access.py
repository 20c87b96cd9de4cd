"""Procedures: staff see those of their projects while their provider has a service agreement
in force with the procedure's funding body (000, Zugangsvoraussetzungen); clerks those of their
funding body; statistics every row without personal fields; administrators all. No role
deletes a procedure. Life areas and service agreements are kept by administrators."""

from peewee import JOIN

from models.accounts.models import projects_in_force
from models.core.access import register
from models.core.roles import ADMIN_ONLY, ALL_ROLES, FUNDING_USERS, PROJECT_WRITERS
from models.people.models import Project
from models.procedures.models import Assessment, LifeArea, Procedure, ServiceAgreement


def _procedures(query, user, today):
    if user.is_staff:
        seen = (Procedure.select(Procedure.id)
                .join(Project, JOIN.INNER, on=(Procedure.project == Project.id))
                .join(ServiceAgreement, JOIN.INNER,
                      on=((ServiceAgreement.provider == Project.provider)
                          & (ServiceAgreement.funding_body == Procedure.funding_body)))
                .where(Procedure.project.in_(projects_in_force(user, today))
                       & (ServiceAgreement.valid_from <= today)
                       & (ServiceAgreement.valid_to.is_null()
                          | (ServiceAgreement.valid_to >= today))))
        return query.where(Procedure.id.in_(seen))
    if user.role in FUNDING_USERS:
        return query.where(Procedure.funding_body == user.funding_body_id)
    return query


def _assessments(query, user, today):
    from models.core.access import visible

    return query.where(Assessment.procedure.in_(
        visible(Procedure, user, today=today).select(Procedure.id)))


def _agreements(query, user, today):
    if user.is_staff:
        own = Project.select(Project.provider).where(
            Project.id.in_(projects_in_force(user, today)))
        return query.where(ServiceAgreement.provider.in_(own))
    if user.role in FUNDING_USERS:
        return query.where(ServiceAgreement.funding_body == user.funding_body_id)
    return query


register(Procedure, read=ALL_ROLES, write=PROJECT_WRITERS, scope=_procedures,
         actions={"delete": frozenset(), "close": PROJECT_WRITERS})
register(Assessment, read=ALL_ROLES, write=PROJECT_WRITERS, scope=_assessments,
         actions={"delete": frozenset()})
register(LifeArea, read=ALL_ROLES, write=ADMIN_ONLY)
register(ServiceAgreement, read=ALL_ROLES, write=ADMIN_ONLY, scope=_agreements)
