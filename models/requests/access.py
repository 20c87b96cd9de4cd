"""Who may see, write and move assistance requests; the list actions follow TRANSITIONS."""

from models.accounts.models import projects_in_force
from models.core.access import register
from models.core.roles import ALL_ROLES, FUNDING_USERS, NO_ROLE, PROJECT_WRITERS, Role
from models.participations.models import Participation
from models.requests.models import TRANSITIONS, Actor, AssistanceRequest, Status

# The roles of each side of the workflow; administrators act for both.
SIDE_ROLES = {Actor.PROJECT: PROJECT_WRITERS, Actor.FUNDING_BODY: frozenset({Role.CLERK,
                                                                             Role.ADMIN})}


def requests_sent_to(user):
    """Requests addressed to the clerk's funding body that were ever sent (not drafts)."""
    return AssistanceRequest.select(AssistanceRequest.id).where(
        (AssistanceRequest.funding_body == user.funding_body_id)
        & (AssistanceRequest.status != Status.IN_PROGRESS)
    )


def _assistance_requests(query, user, today):
    if user.is_staff:
        own = Participation.select(Participation.id).where(
            Participation.project.in_(projects_in_force(user, today)))
        return query.where(AssistanceRequest.participation.in_(own))
    if user.role in FUNDING_USERS:
        return query.where(AssistanceRequest.id.in_(requests_sent_to(user)))
    return query


def action_roles() -> dict:
    """{list action: roles} derived from the actor side of each transition."""
    roles = {}
    for (action, _source), (_target, actor) in TRANSITIONS.items():
        roles[action] = roles.get(action, NO_ROLE) | SIDE_ROLES[actor]
    # Requests change by their workflow only, never in bulk.
    roles["bulk_edit"] = NO_ROLE
    return roles


# Fields of requests are the project's; funding bodies only change the status.
register(AssistanceRequest, read=ALL_ROLES, write=PROJECT_WRITERS, scope=_assistance_requests,
         actions=action_roles(), whole_per_participation=ALL_ROLES - FUNDING_USERS)
