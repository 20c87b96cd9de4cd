"""Who may see and change providers, projects, funding bodies, districts and persons."""

from models.accounts.models import projects_in_force
from models.core.access import register
from models.core.roles import ADMIN_ONLY, ALL_ROLES, FUNDING_USERS, PROJECT_WRITERS, Role
from models.participations.models import Participation
from models.people.catalogues import District
from models.people.models import FundingBody, Person, Project, Provider
from models.requests.access import requests_sent_to
from models.requests.models import AssistanceRequest


def agreement_projects(user, today):
    """Projects of providers under an agreement in force with the user's funding body."""
    from models.procedures.models import ServiceAgreement

    providers = ServiceAgreement.select(ServiceAgreement.provider).where(
        (ServiceAgreement.funding_body == user.funding_body_id)
        & (ServiceAgreement.valid_from <= today)
        & (ServiceAgreement.valid_to.is_null() | (ServiceAgreement.valid_to >= today)))
    return Project.select(Project.id).where(Project.provider.in_(providers))


def _persons(query, user, today):
    if user.is_staff:
        own = projects_in_force(user, today)
        taking_part = Participation.select(Participation.person).where(
            Participation.project.in_(own))
        return query.where(Person.project.in_(own) | Person.id.in_(taking_part))
    if user.role in FUNDING_USERS:
        with_requests = (Participation.select(Participation.person)
                         .join(AssistanceRequest)
                         .where(AssistanceRequest.id.in_(requests_sent_to(user))))
        if user.role == Role.PLANNER:
            return query.where(Person.id.in_(with_requests)
                               | Person.project.in_(agreement_projects(user, today)))
        return query.where(Person.id.in_(with_requests))
    return query


def _projects(query, user, today):
    if user.is_staff:
        return query.where(Project.id.in_(projects_in_force(user, today)))
    return query


def _providers(query, user, today):
    if user.is_staff:
        own = Project.select(Project.provider).where(
            Project.id.in_(projects_in_force(user, today)))
        return query.where(Provider.id.in_(own))
    return query


def _funding_bodies(query, user, today):
    if user.role in FUNDING_USERS:
        return query.where(FundingBody.id == user.funding_body_id)
    return query


register(Provider, read=ALL_ROLES, write=ADMIN_ONLY, scope=_providers)
register(Project, read=ALL_ROLES, write=ADMIN_ONLY, scope=_projects)
register(FundingBody, read=ALL_ROLES, write=ADMIN_ONLY, scope=_funding_bodies)
register(District, read=ALL_ROLES, write=ADMIN_ONLY)
# The funding body's planner adds the persons a provider misses (000).
register(Person, read=ALL_ROLES, write=PROJECT_WRITERS | {Role.PLANNER}, scope=_persons)
