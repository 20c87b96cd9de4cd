"""Delivered hours follow the visibility of their participation."""

from models.core.access import register
from models.core.roles import ALL_ROLES, PROJECT_WRITERS
from models.hours.models import DeliveredHours
from models.participations.access import visible_participation_ids


def _delivered_hours(query, user, today):
    return query.where(DeliveredHours.participation.in_(visible_participation_ids(user, today)))


# Hours are the project's records, like its requests.
register(DeliveredHours, read=ALL_ROLES, write=PROJECT_WRITERS, scope=_delivered_hours,
         whole_per_participation=ALL_ROLES)
