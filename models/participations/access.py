"""Who may see and change participations."""

from models.accounts.models import projects_in_force
from models.core.access import register
from models.core.history_access import use_participation_scope
from models.core.roles import ALL_ROLES, FUNDING_USERS, PROJECT_WRITERS
from models.participations.models import Participation
from models.requests.access import requests_sent_to
from models.requests.models import AssistanceRequest


def visible_participation_ids(user, today):
    """Ids of the participations a non-admin `user` sees (others' records follow them)."""
    return _participations(Participation.select(Participation.id), user, today)


def _participations(query, user, today):
    if user.is_staff:
        return query.where(Participation.project.in_(projects_in_force(user, today)))
    if user.role in FUNDING_USERS:
        addressed = AssistanceRequest.select(AssistanceRequest.participation).where(
            AssistanceRequest.id.in_(requests_sent_to(user)))
        return query.where(Participation.id.in_(addressed))
    return query


register(Participation, read=ALL_ROLES, write=PROJECT_WRITERS, scope=_participations,
         whole_per_participation=ALL_ROLES)
use_participation_scope(visible_participation_ids, Participation)
